/**
 * Steps both render paths share before and after the body: the evaluation
 * context, the PayPal decision and data, strict mode, and the final touches
 * (clean-up, language, payment link, size warning, text part).
 * @module
 */

import { htmlToText } from '@verzend/shared/mail-html';
import { RenderFailedError } from '../errors';
import { cleanupHtml } from '../html/cleanup';
import { escapeHtml, LANG_MARK } from '../html/finish';
import { paymentUrl, placePaymentLink } from '../html/paypal';
import { type EvalContext, PAYMENT_LINK_VALUE } from '../template/expressions';
import { resolveLocale } from '../template/format';
import { GMAIL_CLIP_BYTES, type RenderJob } from './types';
import { Warnings } from './warnings';

/** Per-render state. */
export interface RenderState {
  warnings: Warnings;
  ctx: EvalContext;
  paymentLink: string | null;
  data: Record<string, unknown>;
}

/** Builds the evaluation context and the data as the layout sees it (with `PaymentServiceURL`). */
export function prepare(job: RenderJob): RenderState {
  const warnings = new Warnings();
  const locale = resolveLocale(job.locale);
  if (locale === 'en-US' && !/^en(-US)?$/i.test(job.locale) && job.locale.toUpperCase() !== 'ENU') {
    warnings.add({
      code: 'LOCALE_UNKNOWN',
      message: `The language ${job.locale} is not known; formatted as en-US.`,
    });
  }
  const ctx: EvalContext = { locale, currency: job.currency, warn: (w) => warnings.add(w) };
  const paymentLink = job.payment ? paymentUrl(job.payment) : null;
  const data: Record<string, unknown> = { ...job.data };
  if (paymentLink !== null) {
    data.PaymentServiceURL = PAYMENT_LINK_VALUE;
  } else if (job.payment !== undefined || !Object.hasOwn(data, 'PaymentServiceURL')) {
    data.PaymentServiceURL = '';
  }
  return { warnings, ctx, paymentLink, data };
}

/** Strict mode: missing values fail the render with every missing tag listed. */
export function enforceStrict(job: RenderJob, state: RenderState): void {
  if (!job.strict) {
    return;
  }
  const missing = state.warnings.byCode('MISSING_VALUE');
  if (missing.length > 0) {
    throw new RenderFailedError(
      `${missing.length} tag(s) have no value in the report data (strict mode).`,
      missing.map((w) => ({
        path: `data.${w.tag ?? ''}`,
        message: w.message,
        code: w.code,
        tag: w.tag,
      })),
    );
  }
}

/** The finishing steps after the body HTML exists (identical on both paths). */
export function finishBody(
  html: string,
  job: RenderJob,
  state: RenderState,
): { html: string; text: string } {
  let out = cleanupHtml(html).replace(LANG_MARK, escapeHtml(resolveLocale(job.locale)));
  out = placePaymentLink(out, state.paymentLink, job.payment?.linkText || 'Pay with PayPal');
  const bytes = Buffer.byteLength(out, 'utf8');
  if (bytes > GMAIL_CLIP_BYTES) {
    state.warnings.add({
      code: 'HTML_TOO_LARGE',
      message: `The body is ${Math.round(bytes / 1024)} KB; Gmail clips bodies over 102 KB (shorten the layout or send the document as an attachment).`,
    });
  }
  return { html: out, text: htmlToText(out) };
}
