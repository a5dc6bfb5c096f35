/**
 * Renders one email from a compiled layout: fill the template, then the same
 * finishing steps as the naive path. No docxtemplater, mammoth, sanitize-html
 * or juice per email — unless the filled .docx itself is asked for.
 * @module
 */
import type PizZip from 'pizzip';
import { loadZip, openTemplate, renderTemplate } from '../template/docx-template';
import type { CompiledLayout } from './compile';
import { attachmentDocx } from './naive';
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
    // The attachment is the filled Word document itself: only docxtemplater makes that.
    const doc = openTemplate(loadZip(job.layout), { cache: compiled.cache, ctx: state.ctx });
    renderTemplate(doc, state.data);
    enforceStrict(job, state);
    docx = attachmentDocx(doc.getZip() as PizZip, state.paymentLink);
  }
  if (job.includeBody) {
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
