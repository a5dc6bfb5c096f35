/**
 * `POST /v1/render`: report data + layout → email body (HTML, text part,
 * inline images, optionally the filled .docx and its printed PDF). The company comes from the token.
 * @module
 */
import { createRoute } from '@hono/zod-openapi';
import {
  LayoutSource,
  PaymentLinkInput,
  problemResponses,
  RenderOptions,
  RenderResult,
  ReportData,
  requirePermission,
} from '@verzend/shared';
import { z } from 'zod';
import { json, jsonBody, limitBody, type RouteDeps } from './common';

/** The HTTP render request: the NATS one without `company` (taken from the token). */
export const HttpRenderRequest = z
  .object({
    layout: LayoutSource,
    locale: z.string().max(35).default('en-US'),
    currency: z
      .string()
      .regex(/^[A-Z]{3}$/)
      .optional(),
    payment: PaymentLinkInput.optional(),
    options: RenderOptions.default({
      strict: false,
      includeDocx: false,
      includeBody: true,
      includePdf: false,
    }),
  })
  .and(ReportData)
  .meta({
    id: 'RenderRequest',
    example: {
      layout: { layoutId: 'builtin-sales-invoice-email' },
      locale: 'nl-NL',
      currency: 'EUR',
      data: { DocumentNo: 'F-103045', Customer: { Name: 'Fabrikam' }, Total: 1210, Lines: [] },
    },
  });

/** Registers `POST /v1/render`. */
export function registerRender({ app, renderer, maxBodyBytes }: RouteDeps): void {
  app.use('/v1/render', limitBody(maxBodyBytes));
  app.openapi(
    createRoute({
      method: 'post',
      path: '/v1/render',
      operationId: 'render',
      tags: ['Render'],
      summary: 'Render a Word layout with report data into an email body',
      description:
        'Layout by id (config service), by blob reference or inline (docxBase64). Numbers, amounts and dates are formatted in `locale` through the `number`, `currency` and `date` filters. With `options.includePdf` the filled document is also printed to PDF (`options.pdf`: PDF/A-2b, title, author); a renderer that cannot print answers 503 UNAVAILABLE (retryable). With `payment`, the PayPal link goes where the layout has `{PaymentServiceURL}`, or is appended as a button (never for credit memos or amounts ≤ 0). Everything comes back inline over HTTP (over NATS, parts of results over ~900 KB travel as blob references). 422 LAYOUT_INVALID lists every layout error with tag and context; 422 RENDER_FAILED for data problems (strict mode, data too large).',
      request: { body: jsonBody(HttpRenderRequest) },
      responses: {
        200: json(RenderResult.meta({ id: 'RenderResult' })),
        ...problemResponses(400, 403, 404, 413, 422, 503),
      },
    }),
    async (c) => {
      const auth = c.get('auth');
      requirePermission(auth, 'email-edit');
      const body = c.req.valid('json');
      // Over HTTP everything comes back inline: there is no NATS payload limit to respect.
      return c.json(
        await renderer.render({ ...body, company: auth.company }, Number.POSITIVE_INFINITY),
        200,
      );
    },
  );
}
