/**
 * Input and output of one render, independent of transport (NATS, HTTP,
 * worker thread).
 * @module
 */
import type { PaymentLinkInput } from '@verzend/shared';
import type { RenderedImage } from '../html/convert';
import type { Warning } from './warnings';

/** What a render needs. `layout` is a .docx that passed {@link inspectDocx}. */
export interface RenderJob {
  layout: Uint8Array;
  layoutSha256: string;
  data: Record<string, unknown>;
  locale: string;
  currency: string | undefined;
  payment: PaymentLinkInput | undefined;
  strict: boolean;
  includeDocx: boolean;
  includeBody: boolean;
  /** The layout's header above and footer below the body (default true; per report selection). */
  headerFooter?: boolean;
}

/** What a render produces. */
export interface RenderOutput {
  html: string | null;
  text: string | null;
  docx: Uint8Array | null;
  images: RenderedImage[];
  warnings: Warning[];
  paymentLink: string | null;
  /** Which path produced the body: the compiled template or the full pipeline. */
  path: 'fast' | 'naive';
}

/** Gmail clips message bodies above 102 KB. */
export const GMAIL_CLIP_BYTES = 102 * 1024;
