/**
 * The designer preview: `POST /v1/preview` (multipart: the .docx and sample
 * JSON data) answers the email exactly as it would be sent — HTML, text part,
 * warnings, sizes — plus a `previewHtml` whose CID images are inlined for
 * display. `GET /preview` is the small page designers use (no token needed for
 * the page itself; it calls the API with the token the designer pastes).
 * @module
 */
import { createHash } from 'node:crypto';
import { createRoute } from '@hono/zod-openapi';
import {
  Id,
  PaymentLinkInput,
  problemResponses,
  RenderWarning,
  requirePermission,
  ValidationError,
} from '@verzend/shared';
import { z } from 'zod';
import { PREVIEW_PAGE, PREVIEW_PAGE_CSP } from '../preview/page';
import type { RenderOutput } from '../render/types';
import type { LoadedLayout } from '../requests/render-service';
import { json, limitBody, type RouteDeps } from './common';

/** The preview answer. */
export const PreviewResult = z
  .object({
    html: z.string().nullable(),
    text: z.string().nullable(),
    previewHtml: z.string().nullable(),
    warnings: z.array(RenderWarning),
    sizes: z.object({ htmlBytes: z.number().int(), textBytes: z.number().int() }),
    inlineImages: z.array(
      z.object({
        contentId: z.string(),
        fileName: z.string(),
        contentType: z.string(),
        size: z.number().int(),
      }),
    ),
    paymentLink: z.string().nullable(),
    /** The printed PDF, base64 (with `pdf=true`): the page the customer will get. */
    pdf: z.string().nullable().default(null),
    pdfPages: z.number().int().default(0),
    path: z.enum(['fast', 'naive']),
    layoutSha256: z.string(),
    durationMs: z.number(),
  })
  .meta({ id: 'PreviewResult' });

const LOCALE = /^[A-Za-z]{2,3}(-[A-Za-z0-9]{2,8})*$/;

function field(form: FormData, name: string): string | undefined {
  const v = form.get(name);
  return typeof v === 'string' && v !== '' ? v : undefined;
}

function parseJsonField(raw: string, path: string, what: string): unknown {
  try {
    return JSON.parse(raw);
  } catch {
    throw new ValidationError(`The ${what} is not valid JSON.`, {
      errors: [{ path, message: 'not valid JSON' }],
    });
  }
}

/** The rendered HTML with `cid:` images replaced by data URIs, for display in a browser. */
export function inlineImagesForDisplay(output: RenderOutput): string | null {
  if (output.html === null) {
    return null;
  }
  let html = output.html;
  for (const img of output.images) {
    const uri = `data:${img.contentType};base64,${Buffer.from(img.bytes).toString('base64')}`;
    html = html.replaceAll(`cid:${img.contentId}`, uri);
  }
  return html;
}

/** Registers the preview API and page. */
export function registerPreview({ app, renderer, maxBodyBytes }: RouteDeps): void {
  app.get('/preview', (c) =>
    c.html(PREVIEW_PAGE, 200, {
      'content-security-policy': PREVIEW_PAGE_CSP,
      'x-content-type-options': 'nosniff',
      'referrer-policy': 'no-referrer',
    }),
  );

  app.use('/v1/preview', limitBody(maxBodyBytes));
  app.openapi(
    createRoute({
      method: 'post',
      path: '/v1/preview',
      operationId: 'previewLayout',
      tags: ['Render'],
      summary: 'Preview a layout with sample data (designer)',
      description:
        "multipart/form-data: `layout` (the .docx file) or `layoutId` (a stored layout), `data` (a JSON file or text), optional `locale` (default: the data's `LanguageCode`, else en-US), `currency`, `strict` and `headerFooter` (true/false), `payment` (PaymentLinkInput as JSON) and `pdf` / `pdfA` (true: also the printed PDF, as base64). Answers the email as it would be sent; 422 LAYOUT_INVALID lists every layout error with its tag and context.",
      request: {
        body: {
          required: true,
          content: {
            'multipart/form-data': {
              schema: {
                type: 'object' as const,
                required: ['data'],
                properties: {
                  layout: {
                    type: 'string' as const,
                    format: 'binary',
                    description: 'The Word layout (.docx).',
                  },
                  data: {
                    type: 'string' as const,
                    format: 'binary',
                    description: 'Sample report data (JSON object).',
                  },
                  locale: {
                    type: 'string' as const,
                    description: 'Document language, e.g. nl-NL.',
                  },
                  currency: {
                    type: 'string' as const,
                    description: 'Currency code for the currency filter, e.g. EUR.',
                  },
                  strict: {
                    type: 'boolean' as const,
                    description: 'Missing values fail the render.',
                  },
                  headerFooter: {
                    type: 'boolean' as const,
                    description:
                      "The layout's header above and footer below the body (default true).",
                  },
                  payment: { type: 'string' as const, description: 'PaymentLinkInput as JSON.' },
                  pdf: {
                    type: 'boolean' as const,
                    description:
                      'Also print the filled document to PDF (answered as base64 in `pdf`); 503 when this renderer cannot print.',
                  },
                  pdfA: {
                    type: 'boolean' as const,
                    description: 'Print as PDF/A-2b (with `pdf=true`).',
                  },
                },
              },
            },
          },
        },
      },
      responses: { 200: json(PreviewResult), ...problemResponses(400, 403, 413, 415, 422, 503) },
    }),
    async (c) => {
      const auth = c.get('auth');
      requirePermission(auth, 'email-edit');
      let form: FormData;
      try {
        form = await c.req.formData();
      } catch (cause) {
        throw new ValidationError(
          'The preview expects multipart/form-data with a layout file and data.',
          {
            code: 'BAD_REQUEST',
            cause,
          },
        );
      }
      const file = form.get('layout');
      const layoutId = field(form, 'layoutId');
      if (!(file instanceof File && file.size > 0) && layoutId === undefined) {
        throw new ValidationError(
          'Pick a Word layout (.docx) to preview, or give a stored layout id.',
          {
            errors: [{ path: 'layout', message: 'a .docx file (or layoutId) is required' }],
          },
        );
      }
      if (layoutId !== undefined && !Id.safeParse(layoutId).success) {
        throw new ValidationError('layoutId is not a valid id.', {
          errors: [{ path: 'layoutId', message: 'must be 1-64 letters, digits, "_" or "-"' }],
        });
      }
      const rawData = form.get('data');
      const dataText =
        rawData instanceof File ? await rawData.text() : typeof rawData === 'string' ? rawData : '';
      if (dataText.trim() === '') {
        throw new ValidationError('Pick a JSON file with sample data.', {
          errors: [{ path: 'data', message: 'sample data (a JSON object) is required' }],
        });
      }
      const data = parseJsonField(dataText, 'data', 'sample data');
      if (data === null || typeof data !== 'object' || Array.isArray(data)) {
        throw new ValidationError('The sample data must be a JSON object.', {
          errors: [{ path: 'data', message: 'must be a JSON object' }],
        });
      }
      // Without a language, the data's own (Business Central's LanguageCode, e.g. NLD) is used.
      const dataLanguage = (data as Record<string, unknown>).LanguageCode;
      const locale =
        field(form, 'locale') ?? (typeof dataLanguage === 'string' ? dataLanguage : 'en-US');
      if (!LOCALE.test(locale) || locale.length > 35) {
        throw new ValidationError(`"${locale}" is not a language tag like nl-NL.`, {
          errors: [{ path: 'locale', message: 'not a BCP 47 language tag' }],
        });
      }
      const currency = field(form, 'currency');
      if (currency !== undefined && !/^[A-Z]{3}$/.test(currency)) {
        throw new ValidationError(`"${currency}" is not a currency code like EUR.`, {
          errors: [{ path: 'currency', message: 'three upper-case letters' }],
        });
      }
      const paymentRaw = field(form, 'payment');
      let payment: PaymentLinkInput | undefined;
      if (paymentRaw !== undefined) {
        const parsed = PaymentLinkInput.safeParse(parseJsonField(paymentRaw, 'payment', 'payment'));
        if (!parsed.success) {
          throw new ValidationError('The payment settings are not valid.', {
            errors: parsed.error.issues.map((i) => ({
              path: `payment.${i.path.join('.')}`,
              message: i.message,
            })),
          });
        }
        payment = parsed.data;
      }
      let layout: LoadedLayout;
      if (file instanceof File && file.size > 0) {
        const bytes = new Uint8Array(await file.arrayBuffer());
        layout = { bytes, sha256: createHash('sha256').update(bytes).digest('hex') };
      } else {
        layout = await renderer.loadLayout(auth.company, { layoutId: layoutId as string });
      }
      const includePdf = field(form, 'pdf') === 'true';
      const { output, durationMs, printed } = await renderer.renderLoaded(layout, {
        company: auth.company,
        data: data as Record<string, unknown>,
        locale,
        currency,
        payment,
        options: {
          strict: field(form, 'strict') === 'true',
          includeDocx: false,
          includeBody: true,
          headerFooter: field(form, 'headerFooter') !== 'false',
          includePdf,
          ...(includePdf ? { pdf: { pdfA: field(form, 'pdfA') === 'true' } } : {}),
        },
      });
      return c.json(
        {
          html: output.html,
          text: output.text,
          previewHtml: inlineImagesForDisplay(output),
          warnings: output.warnings,
          sizes: {
            htmlBytes: Buffer.byteLength(output.html ?? ''),
            textBytes: Buffer.byteLength(output.text ?? ''),
          },
          inlineImages: output.images.map((i) => ({
            contentId: i.contentId,
            fileName: i.fileName,
            contentType: i.contentType,
            size: i.bytes.byteLength,
          })),
          paymentLink: output.paymentLink,
          pdf: printed ? printed.pdf.toString('base64') : null,
          pdfPages: printed?.pages ?? 0,
          path: output.path,
          layoutSha256: layout.sha256,
          durationMs: Math.round(durationMs * 100) / 100,
        },
        200,
      );
    },
  );
}
