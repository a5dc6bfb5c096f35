/**
 * `/v1/layouts`: Word layouts (upload, list, export, delete, customise a built-in).
 * @module
 */
import { createRoute } from '@hono/zod-openapi';
import { Id, Layout, problemResponses } from '@verzend/shared';
import { z } from 'zod';
import { LayoutMetadata } from '../layouts/layouts';
import { binary, download, items, json, jsonBody, multipartBody, type RouteDeps } from './common';
import { exampleLayout, listOf } from './examples';

const IdParams = z.object({ id: Id.meta({ example: 'builtin-sales-invoice-email' }) });
const LayoutList = items(Layout).meta({ id: 'LayoutList' });
const LayoutPatch = LayoutMetadata.partial()
  .strict()
  .meta({
    id: 'LayoutPatch',
    example: { name: 'Invoice email (blue)', description: 'With our logo' },
  });
const DOCX = 'application/vnd.openxmlformats-officedocument.wordprocessingml.document';

/** Registers the layout routes. */
export function registerLayouts({ app, domain }: RouteDeps): void {
  app.openapi(
    createRoute({
      method: 'get',
      path: '/v1/layouts',
      operationId: 'listLayouts',
      tags: ['Layouts'],
      summary: 'List built-in and custom layouts',
      responses: { 200: json(LayoutList, 'OK', listOf(exampleLayout)), ...problemResponses(403) },
    }),
    async (c) => c.json({ items: await domain.layouts.list(c.get('auth').company) }, 200),
  );

  app.openapi(
    createRoute({
      method: 'post',
      path: '/v1/layouts',
      operationId: 'uploadLayout',
      tags: ['Layouts'],
      summary: 'Upload a Word (.docx) layout',
      description:
        'Checked before anything is stored: size (MAX_LAYOUT_BYTES), a real Word document (zip with word/document.xml and [Content_Types].xml, no macros), zip-bomb guard from the zip directory, then the renderer validates the tags. 422 LAYOUT_INVALID lists every error; 503 when no renderer answers (nothing is stored).',
      request: {
        body: multipartBody({
          name: { type: 'string', description: 'Layout name (default: the file name).' },
          description: { type: 'string', description: 'Free text.' },
          reportId: { type: 'integer', description: 'The report the layout is for, e.g. 1306.' },
        }),
      },
      responses: {
        201: json(Layout, 'Stored', exampleLayout),
        ...problemResponses(400, 403, 413, 415, 422, 503),
      },
    }),
    async (c) => c.json(await domain.layouts.upload(c.get('auth'), c.req.raw), 201),
  );

  app.openapi(
    createRoute({
      method: 'get',
      path: '/v1/layouts/{id}',
      operationId: 'getLayout',
      tags: ['Layouts'],
      summary: 'Read a layout',
      request: { params: IdParams },
      responses: { 200: json(Layout, 'OK', exampleLayout), ...problemResponses(400, 403, 404) },
    }),
    async (c) =>
      c.json(await domain.layouts.get(c.get('auth').company, c.req.valid('param').id), 200),
  );

  app.openapi(
    createRoute({
      method: 'get',
      path: '/v1/layouts/{id}/content',
      operationId: 'exportLayout',
      tags: ['Layouts'],
      summary: 'Export (download) the .docx of a layout',
      request: { params: IdParams },
      responses: { 200: binary(DOCX, 'The Word document'), ...problemResponses(400, 403, 404) },
    }),
    async (c) => {
      const { layout, stream } = await domain.layouts.content(
        c.get('auth').company,
        c.req.valid('param').id,
      );
      return download(stream, layout.fileName || `${layout.name}.docx`, DOCX, layout.blob.size);
    },
  );

  app.openapi(
    createRoute({
      method: 'put',
      path: '/v1/layouts/{id}/content',
      operationId: 'replaceLayoutContent',
      tags: ['Layouts'],
      summary: 'Replace the .docx of a custom layout (e.g. a customised built-in edited in Word)',
      description:
        'Same checks as an upload; the layout keeps its id, so report selections keep using it.',
      request: {
        params: IdParams,
        body: multipartBody({}),
      },
      responses: {
        200: json(Layout, 'OK', exampleLayout),
        ...problemResponses(400, 403, 404, 409, 413, 415, 422, 503),
      },
    }),
    async (c) =>
      c.json(
        await domain.layouts.replaceContent(c.get('auth'), c.req.valid('param').id, c.req.raw),
        200,
      ),
  );

  app.openapi(
    createRoute({
      method: 'patch',
      path: '/v1/layouts/{id}',
      operationId: 'updateLayout',
      tags: ['Layouts'],
      summary: 'Rename or re-describe a custom layout (built-ins are read-only)',
      request: { params: IdParams, body: jsonBody(LayoutPatch) },
      responses: {
        200: json(Layout, 'OK', exampleLayout),
        ...problemResponses(400, 403, 404, 409),
      },
    }),
    async (c) =>
      c.json(
        await domain.layouts.update(c.get('auth'), c.req.valid('param').id, c.req.valid('json')),
        200,
      ),
  );

  app.openapi(
    createRoute({
      method: 'post',
      path: '/v1/layouts/{id}/customise',
      operationId: 'customiseLayout',
      tags: ['Layouts'],
      summary: 'Copy a layout (e.g. a built-in) into an editable "Copy of <name>"',
      request: { params: IdParams },
      responses: {
        201: json(Layout, 'Created', exampleLayout),
        ...problemResponses(400, 403, 404),
      },
    }),
    async (c) =>
      c.json(await domain.layouts.customise(c.get('auth'), c.req.valid('param').id), 201),
  );

  app.openapi(
    createRoute({
      method: 'delete',
      path: '/v1/layouts/{id}',
      operationId: 'deleteLayout',
      tags: ['Layouts'],
      summary: 'Delete a custom layout that no report selection uses',
      request: { params: IdParams },
      responses: { 204: { description: 'Deleted' }, ...problemResponses(400, 403, 404, 409) },
    }),
    async (c) => {
      await domain.layouts.delete(c.get('auth'), c.req.valid('param').id);
      return c.body(null, 204);
    },
  );
}
