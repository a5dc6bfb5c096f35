/**
 * The renderer's own error classes (on top of the shared vocabulary).
 * @module
 */
// The errors subpath keeps worker threads from loading the whole shared package.
import { type FieldIssue, UnprocessableError } from '@verzend/shared/errors';

/** 422 RENDER_FAILED: the layout is fine but this data cannot be rendered (e.g. strict mode, missing values). */
export class RenderFailedError extends UnprocessableError {
  constructor(message: string, errors: FieldIssue[] = [], options: { cause?: unknown } = {}) {
    super('RENDER_FAILED', message, { errors, cause: options.cause, retry: false });
    this.name = 'RenderFailedError';
  }
}
