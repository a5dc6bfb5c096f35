/**
 * `/v1/scenarios/{code}/attachments`: default attachments per scenario
 * (streamed upload, streamed download, auto-add flag).
 * @module
 */
import { createRoute } from '@hono/zod-openapi';
import { DefaultAttachment, Id, problemResponses, ScenarioCode } from '@verzend/shared';
import { z } from 'zod';
import { binary, download, items, json, jsonBody, multipartBody, type RouteDeps } from './common';
import { exampleAttachment, listOf } from './examples';

const CodeParams = z.object({ code: ScenarioCode });
const ItemParams = z.object({ code: ScenarioCode, id: Id });
const AttachmentList = items(DefaultAttachment).meta({ id: 'DefaultAttachmentList' });
const AttachmentPatch = z
  .object({ autoAdd: z.boolean() })
  .strict()
  .meta({ id: 'DefaultAttachmentPatch', example: { autoAdd: false } });

/** Registers the default-attachment routes. */
export function registerAttachments({ app, domain }: RouteDeps): void {
  app.openapi(
    createRoute({
      method: 'get',
      path: '/v1/scenarios/{code}/attachments',
      operationId: 'listDefaultAttachments',
      tags: ['Default attachments'],
      summary: "List a scenario's default attachments",
      request: { params: CodeParams },
      responses: {
        200: json(AttachmentList, 'OK', listOf(exampleAttachment)),
        ...problemResponses(400, 403, 404),
      },
    }),
    async (c) =>
      c.json(
        { items: await domain.attachments.list(c.get('auth').company, c.req.valid('param').code) },
        200,
      ),
  );

  app.openapi(
    createRoute({
      method: 'post',
      path: '/v1/scenarios/{code}/attachments',
      operationId: 'uploadDefaultAttachment',
      tags: ['Default attachments'],
      summary: 'Upload a default attachment (multipart, streamed, up to MAX_ATTACHMENT_BYTES)',
      description:
        'Stored content-addressed (sha-256): the same file uploaded twice is stored once. `autoAdd` (default true) adds it to every email of the scenario; false offers it for manual adding.',
      request: {
        params: CodeParams,
        body: multipartBody({
          autoAdd: { type: 'boolean', description: 'Add automatically (true) or offer (false).' },
          fileName: { type: 'string', description: 'Overrides the uploaded file name.' },
        }),
      },
      responses: {
        201: json(DefaultAttachment, 'Stored', exampleAttachment),
        ...problemResponses(400, 403, 404, 413, 415, 422),
      },
    }),
    async (c) => {
      const { code } = c.req.valid('param');
      return c.json(await domain.attachments.upload(c.get('auth'), code, c.req.raw), 201);
    },
  );

  app.openapi(
    createRoute({
      method: 'get',
      path: '/v1/scenarios/{code}/attachments/{id}',
      operationId: 'getDefaultAttachment',
      tags: ['Default attachments'],
      summary: 'Read a default attachment',
      request: { params: ItemParams },
      responses: {
        200: json(DefaultAttachment, 'OK', exampleAttachment),
        ...problemResponses(400, 403, 404),
      },
    }),
    async (c) => {
      const { code, id } = c.req.valid('param');
      return c.json(await domain.attachments.get(c.get('auth').company, code, id), 200);
    },
  );

  app.openapi(
    createRoute({
      method: 'get',
      path: '/v1/scenarios/{code}/attachments/{id}/content',
      operationId: 'downloadDefaultAttachment',
      tags: ['Default attachments'],
      summary: 'Download a default attachment (streamed)',
      request: { params: ItemParams },
      responses: {
        200: binary('application/octet-stream', 'The file'),
        ...problemResponses(400, 403, 404),
      },
    }),
    async (c) => {
      const { code, id } = c.req.valid('param');
      const attachment = await domain.attachments.get(c.get('auth').company, code, id);
      const stream = await domain.ctx.blobs.getStream(attachment.blob.sha256);
      return download(stream, attachment.fileName, attachment.contentType, attachment.blob.size);
    },
  );

  app.openapi(
    createRoute({
      method: 'patch',
      path: '/v1/scenarios/{code}/attachments/{id}',
      operationId: 'updateDefaultAttachment',
      tags: ['Default attachments'],
      summary: 'Flag a default attachment as auto-added or offered',
      request: { params: ItemParams, body: jsonBody(AttachmentPatch) },
      responses: {
        200: json(DefaultAttachment, 'OK', exampleAttachment),
        ...problemResponses(400, 403, 404, 409),
      },
    }),
    async (c) => {
      const { code, id } = c.req.valid('param');
      return c.json(
        await domain.attachments.setAutoAdd(c.get('auth'), code, id, c.req.valid('json').autoAdd),
        200,
      );
    },
  );

  app.openapi(
    createRoute({
      method: 'delete',
      path: '/v1/scenarios/{code}/attachments/{id}',
      operationId: 'deleteDefaultAttachment',
      tags: ['Default attachments'],
      summary: 'Remove a default attachment',
      request: { params: ItemParams },
      responses: { 204: { description: 'Deleted' }, ...problemResponses(400, 403, 404) },
    }),
    async (c) => {
      const { code, id } = c.req.valid('param');
      await domain.attachments.delete(c.get('auth'), code, id);
      return c.body(null, 204);
    },
  );
}
