/**
 * Renders one email from a compiled layout: fill the template, then the same
 * finishing steps as the naive path. No docxtemplater, mammoth, sanitize-html
 * or juice per email; the filled .docx comes from a template parsed once.
 * @module
 */

import { evaluateText } from '../template/expressions';
import type { CompiledLayout } from './compile';
import { DocxFiller } from './docx-fill';
import { enforceStrict, finishBody, prepare } from './prepare';
import { fillProgram } from './program';
import type { RenderJob, RenderOutput } from './types';

/** Renders with the compiled template. */
export function renderFast(
  compiled: CompiledLayout,
  job: RenderJob,
  maxHtmlChars = Number.POSITIVE_INFINITY,
): RenderOutput {
  const state = prepare(job);
  let html: string | null = null;
  let text: string | null = null;
  let docx: Uint8Array | null = null;
  if (job.includeDocx) {
    // The attachment is the filled Word document itself: docxtemplater makes it, from a
    // template parsed once per layout.
    compiled.docx ??= new DocxFiller(job.layout, compiled.cache);
    docx = compiled.docx.fill(state.data, state.ctx, state.paymentLink);
    enforceStrict(job, state);
  }
  if (job.includeBody) {
    for (const tag of compiled.hiddenTags) {
      // docxtemplater fills a header or footer even when the body leaves it out: same warnings.
      if (evaluateText(compiled.cache.get(tag), state.data, state.ctx) === undefined) {
        state.ctx.warn({
          code: 'MISSING_VALUE',
          message: `{${tag.trim()}} has no value in the report data; it was left empty.`,
          tag: tag.trim(),
        });
      }
    }
    const body = fillProgram(compiled.program, compiled, state.data, state.ctx, maxHtmlChars);
    enforceStrict(job, state);
    for (const w of compiled.conversionWarnings) {
      state.warnings.add(w);
    }
    ({ html, text } = finishBody(body, job, state));
  }
  return {
    html,
    text,
    docx,
    images: job.includeBody ? compiled.images : [],
    warnings: state.warnings.list,
    paymentLink: state.paymentLink,
    path: 'fast',
  };
}
