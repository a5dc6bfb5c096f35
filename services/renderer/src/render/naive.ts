/**
 * The full pipeline, every step for every email: fill the .docx with
 * docxtemplater, run the formatting pass, convert with mammoth, sanitise,
 * inline CSS, make the text part. It is the reference the compiled fast path
 * must match exactly (ADR-0005), and the path for layouts the compiler refuses.
 * @module
 */
import type PizZip from 'pizzip';
import { RenderFailedError } from '../errors';
import { convertDocx, type RenderedImage } from '../html/convert';
import { escapeHtml, finishDocument, LANG_MARK, sanitize } from '../html/finish';
import {
  applyFormatMarkers,
  baseCss,
  type FormatClasses,
  type FormatNotes,
  markFormatting,
  readStyles,
  textWidth,
} from '../html/format-pass';
import { prepareLayout } from '../html/layout-prep';
import { PAYMENT_LINK_MARK } from '../html/markers';
import { ExpressionCache, loadZip, openTemplate, renderTemplate } from '../template/docx-template';
import { enforceStrict, finishBody, prepare } from './prepare';
import type { RenderJob, RenderOutput } from './types';
import type { Warnings } from './warnings';

/** Path of the main document part (normally `word/document.xml`). */
export function mainDocumentPath(zip: PizZip): string {
  const rels = zip.file('_rels/.rels')?.asText() ?? '';
  const m =
    /<Relationship\b[^>]*Type="[^"]*\/officeDocument"[^>]*Target="\/?([^"]+)"/.exec(rels) ??
    /<Relationship\b[^>]*Target="\/?([^"]+)"[^>]*Type="[^"]*\/officeDocument"/.exec(rels);
  return m?.[1] ?? 'word/document.xml';
}

/** How a layout becomes an email body (per report selection). */
export interface BodyOptions {
  /** The layout's header above and footer below the body. */
  headerFooter: boolean;
}

/**
 * Converts a filled zip to the body HTML before the per-render finishing steps:
 * page layout to email layout (header, footer, page breaks, tab stops) →
 * formatting pass → mammoth → classes → sanitize → wrapper + juice. The main
 * document part of `zip` is changed.
 */
export async function zipToHtml(
  zip: PizZip,
  images: Map<string, RenderedImage>,
  warnings: Warnings,
  body: BodyOptions,
  notes: FormatNotes = {},
): Promise<string> {
  const main = mainDocumentPath(zip);
  const classes: FormatClasses = new Map();
  const styles = readStyles(
    zip.file('word/styles.xml')?.asText(),
    zip.file('word/theme/theme1.xml')?.asText(),
    zip.file('word/settings.xml')?.asText(),
  );
  const original = zip.file(main)?.asText() ?? '';
  const xml = prepareLayout(zip, main, original, styles, body);
  zip.file(main, markFormatting(xml, styles, classes, notes));
  const buffer = zip.generate({ type: 'nodebuffer', compression: 'STORE' });
  const converted = await convertDocx(buffer, images, warnings);
  return finishDocument(
    sanitize(applyFormatMarkers(converted)),
    classes,
    LANG_MARK,
    baseCss(styles, textWidth(original)),
  );
}

/** The filled document for the attachment usage: the payment link marker becomes the URL text. */
export function attachmentDocx(zip: PizZip, link: string | null): Uint8Array {
  const main = mainDocumentPath(zip);
  const xml = zip.file(main)?.asText() ?? '';
  if (!xml.includes(PAYMENT_LINK_MARK)) {
    return zip.generate({ type: 'uint8array', compression: 'DEFLATE' });
  }
  zip.file(main, xml.replaceAll(PAYMENT_LINK_MARK, escapeHtml(link ?? '')));
  const bytes = zip.generate({ type: 'uint8array', compression: 'DEFLATE' });
  zip.file(main, xml);
  return bytes;
}

/** Renders one email the slow, obviously-correct way. */
export async function renderNaive(
  job: RenderJob,
  cache = new ExpressionCache(),
  maxHtmlChars = Number.POSITIVE_INFINITY,
): Promise<RenderOutput> {
  const state = prepare(job);
  const zip = loadZip(job.layout);
  const doc = openTemplate(zip, { cache, ctx: state.ctx });
  renderTemplate(doc, state.data);
  enforceStrict(job, state);
  const filled = doc.getZip() as PizZip;
  const docx = job.includeDocx ? attachmentDocx(filled, state.paymentLink) : null;
  let html: string | null = null;
  let text: string | null = null;
  const images = new Map<string, RenderedImage>();
  if (job.includeBody) {
    const body = await zipToHtml(filled, images, state.warnings, {
      headerFooter: job.headerFooter !== false,
    });
    if (body.length > maxHtmlChars) {
      throw new RenderFailedError(
        `The email body would be larger than ${maxHtmlChars} characters (MAX_HTML_BYTES); shorten the data or send the document as an attachment.`,
        [{ path: 'data', message: 'the body is too large', code: 'body_too_large' }],
      );
    }
    ({ html, text } = finishBody(body, job, state));
  }
  return {
    html,
    text,
    docx,
    images: [...images.values()],
    warnings: state.warnings.list,
    paymentLink: state.paymentLink,
    path: 'naive',
  };
}
