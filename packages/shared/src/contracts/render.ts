/**
 * Renderer requests and results (NATS `verzend.rpc.renderer.*` and HTTP).
 * @module
 */
import { z } from 'zod';
import { BlobRef, CompanyId, Id } from './common';

/** Where a layout comes from: a stored layout by id, content in the blob store, or inline base64 (≤ 700 KiB). */
export const LayoutSource = z.union([
  z.object({ layoutId: Id }),
  z.object({ blob: BlobRef }),
  z.object({ docxBase64: z.string().max(960_000) }),
]);
export type LayoutSource = z.infer<typeof LayoutSource>;

/** Report data: inline JSON, or a blob reference for datasets over 1 MiB. */
export const ReportData = z.union([
  z.object({ data: z.record(z.string(), z.unknown()) }),
  z.object({ dataBlob: BlobRef }),
]);

/** PayPal input for a render (the renderer decides whether a link applies). */
export const PaymentLinkInput = z.object({
  merchantEmail: z.email(),
  environment: z.enum(['sandbox', 'live']),
  linkText: z.string().max(100),
  /** Open amount; no link when ≤ 0. */
  amount: z.number(),
  currency: z.string().regex(/^[A-Z]{3}$/),
  documentNo: z.string().max(64),
  itemName: z.string().max(127),
  documentType: z.string().max(64),
});
export type PaymentLinkInput = z.infer<typeof PaymentLinkInput>;

/** How the filled document is printed to PDF (with `includePdf`). */
export const PdfOptions = z.object({
  /** PDF/A-2b (archival) instead of plain PDF. */
  pdfA: z.boolean().default(false),
  /** Document title property, e.g. "Invoice 103045" (in the document's language). */
  title: z.string().max(250).optional(),
  /** Document author property: the company's name. */
  author: z.string().max(250).optional(),
});
export type PdfOptions = z.infer<typeof PdfOptions>;

export const RenderOptions = z.object({
  /** Missing values: empty + warning (default), or an error in strict mode. */
  strict: z.boolean().default(false),
  /** Also return the filled .docx (for the attachment usage). */
  includeDocx: z.boolean().default(false),
  /** Produce the email body (HTML + text). */
  includeBody: z.boolean().default(true),
  /** Put the layout's page header above and footer below the body (page-number fields left out); default true. */
  headerFooter: z.boolean().optional(),
  /** Also print the filled document to PDF (LibreOffice; 503 UNAVAILABLE when the renderer cannot print). */
  includePdf: z.boolean().default(false),
  pdf: PdfOptions.optional(),
});

/** A render request. */
export const RenderRequest = z
  .object({
    company: CompanyId,
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
  .and(ReportData);
export type RenderRequest = z.infer<typeof RenderRequest>;

/** A warning the layout designer can act on. */
export const RenderWarning = z.object({
  code: z.string(),
  message: z.string(),
  tag: z.string().optional(),
  context: z.string().optional(),
});
export type RenderWarning = z.infer<typeof RenderWarning>;

/** Inline image (CID) produced from the layout. */
export const InlineImage = z.object({
  contentId: z.string(),
  fileName: z.string(),
  contentType: z.string(),
  blob: BlobRef,
});

/** Content that is inline when small, or in the blob store when over the NATS payload budget. */
export const Content = z.union([z.object({ inline: z.string() }), z.object({ blob: BlobRef })]);
export type Content = z.infer<typeof Content>;

/** A render result. */
export const RenderResult = z.object({
  html: Content.nullable(),
  text: Content.nullable(),
  /** The filled .docx (base64 inline, or a blob). */
  docx: z.union([z.object({ base64: z.string() }), z.object({ blob: BlobRef })]).nullable(),
  /** The printed PDF (with `includePdf`): base64 inline, or a blob. */
  pdf: z
    .union([z.object({ base64: z.string() }), z.object({ blob: BlobRef })])
    .nullable()
    .default(null),
  /** Pages of the printed PDF (0 without one). */
  pdfPages: z.number().int().default(0),
  inlineImages: z.array(InlineImage),
  warnings: z.array(RenderWarning),
  sizes: z.object({
    htmlBytes: z.number().int(),
    textBytes: z.number().int(),
    docxBytes: z.number().int(),
    pdfBytes: z.number().int().default(0),
  }),
  paymentLink: z.string().nullable(),
  layoutSha256: z.string(),
  durationMs: z.number(),
});
export type RenderResult = z.infer<typeof RenderResult>;

/** Validation request: a layout to check before it is stored. */
export const ValidateLayoutRequest = z.object({ company: CompanyId, layout: LayoutSource });
export const ValidateLayoutResult = z.object({
  valid: z.boolean(),
  errors: z.array(
    z.object({
      code: z.string(),
      message: z.string(),
      tag: z.string().optional(),
      context: z.string().optional(),
    }),
  ),
  tags: z.array(z.string()),
});
export type ValidateLayoutResult = z.infer<typeof ValidateLayoutResult>;
