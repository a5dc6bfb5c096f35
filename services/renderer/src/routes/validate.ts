/**
 * `POST /v1/layouts/validate`: every problem of a layout (tag, explanation,
 * context) and the tags it uses, without rendering.
 * @module
 */
import { createRoute } from '@hono/zod-openapi';
import {
  LayoutSource,
  problemResponses,
  requirePermission,
  ValidateLayoutResult,
} from '@verzend/shared';
import { z } from 'zod';
import { json, jsonBody, limitBody, type RouteDeps } from './common';

const HttpValidateRequest = z
  .object({ layout: LayoutSource })
  .meta({ id: 'ValidateLayoutRequest', example: { layout: { docxBase64: 'UEsDBBQAAAAIA…' } } });

/** Registers `POST /v1/layouts/validate`. */
export function registerValidate({ app, renderer, maxBodyBytes }: RouteDeps): void {
  app.use('/v1/layouts/validate', limitBody(maxBodyBytes));
  app.openapi(
    createRoute({
      method: 'post',
      path: '/v1/layouts/validate',
      operationId: 'validateLayout',
      tags: ['Layouts'],
      summary: 'Check a layout before it is stored',
      description:
        'Answers 200 with `valid: false` and every error (unclosed or unopened loops, malformed or duplicate tags, invalid XML, not a Word document, encrypted, zip bomb…), each with its code, tag and the surrounding paragraph or table row.',
      request: { body: jsonBody(HttpValidateRequest) },
      responses: {
        200: json(ValidateLayoutResult.meta({ id: 'ValidateLayoutResult' })),
        ...problemResponses(400, 403, 404, 413, 503),
      },
    }),
    async (c) => {
      const auth = c.get('auth');
      requirePermission(auth, 'email-edit');
      return c.json(await renderer.validate(auth.company, c.req.valid('json').layout), 200);
    },
  );
}
