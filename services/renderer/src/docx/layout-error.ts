/**
 * Layout problems, as the designer needs them: every error with its code, the
 * tag, docxtemplater's explanation and where it is (the paragraph or table row
 * text around it). Thrown as one 422 LAYOUT_INVALID listing all of them.
 * @module
 */
// The errors subpath keeps worker threads from loading the whole shared package.
import { type FieldIssue, UnprocessableError } from '@verzend/shared/errors';

/** One problem found in a layout. */
export interface LayoutIssue {
  /** Stable, machine-readable kind, e.g. `unclosed_tag`, `not_a_zip`, `zip_bomb`. */
  code: string;
  message: string;
  /** The tag as written, without delimiters (when the problem is about a tag). */
  tag?: string;
  /** The surrounding paragraph or table row text. */
  context?: string;
  /** The part of the document, e.g. `word/document.xml`. */
  file?: string;
}

/** Converts issues to problem+json `errors` entries (`path` names the document part). */
export function toFieldIssues(issues: LayoutIssue[]): FieldIssue[] {
  return issues.map((i) => ({
    path: i.file ?? 'layout',
    message: i.message,
    code: i.code,
    ...(i.tag === undefined ? {} : { tag: i.tag }),
    ...(i.context === undefined ? {} : { context: i.context }),
  }));
}

/** 422 LAYOUT_INVALID carrying every issue; `issues` keeps the typed list for the validation API. */
export class LayoutInvalidError extends UnprocessableError {
  readonly issues: LayoutIssue[];
  constructor(issues: LayoutIssue[], options: { cause?: unknown } = {}) {
    const first = issues[0];
    const summary = first ? first.message : 'The layout is not valid.';
    super(
      'LAYOUT_INVALID',
      issues.length > 1 ? `${summary} (and ${issues.length - 1} more problems)` : summary,
      { errors: toFieldIssues(issues), cause: options.cause },
    );
    this.name = 'LayoutInvalidError';
    this.issues = issues;
  }
}
