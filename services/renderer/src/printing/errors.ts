/**
 * Errors of printing to PDF, in the shared vocabulary: a missing or
 * overloaded LibreOffice is 503 UNAVAILABLE (retryable — another renderer
 * replica or a later try may print it); a document that LibreOffice cannot
 * print, or that hangs or crashes it twice, is 422 RENDER_FAILED.
 * @module
 */
import { UnavailableError } from '@verzend/shared/errors';
import { RenderFailedError } from '../errors';
import type { AttemptFailure } from './office-process';

/** 503 UNAVAILABLE (retry: true): printing is not possible on this renderer right now. */
export class PrintUnavailableError extends UnavailableError {
  constructor(message: string, options: { retryAfterSeconds?: number; cause?: unknown } = {}) {
    super(message, {
      retry: true,
      retryAfterSeconds: options.retryAfterSeconds ?? 5,
      cause: options.cause,
    });
    this.name = 'PrintUnavailableError';
  }
}

const codes: Record<AttemptFailure, string> = {
  timeout: 'print_timeout',
  crashed: 'print_crashed',
  document: 'print_failed',
};

/** 422 RENDER_FAILED: this document could not be printed (`errors[0].code` says how). */
export class PrintFailedError extends RenderFailedError {
  constructor(kind: AttemptFailure, detail: string, attempts: number) {
    const what =
      kind === 'timeout'
        ? `The document could not be printed to PDF: it kept LibreOffice busy past the time limit (${attempts} attempt${attempts > 1 ? 's' : ''}).`
        : kind === 'crashed'
          ? `The document could not be printed to PDF: LibreOffice stopped while printing it (${attempts} attempts).`
          : 'The document could not be printed to PDF: LibreOffice could not open it.';
    super(what, [{ path: 'pdf', message: detail, code: codes[kind] }]);
    this.name = 'PrintFailedError';
  }
}
