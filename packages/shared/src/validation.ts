/**
 * zod at the edges: one helper turns a failed parse into a {@link ValidationError}
 * whose `errors` name every field, so HTTP and NATS callers see the same list.
 * @module
 */
import type { z } from 'zod';
import { type FieldIssue, ValidationError } from './errors';

/** Converts zod issues into our field issues (`path` dotted, root = `(root)`). */
export function zodIssues(error: z.ZodError): FieldIssue[] {
  return error.issues.map((issue) => ({
    path: issue.path.length > 0 ? issue.path.map(String).join('.') : '(root)',
    message: issue.message,
  }));
}

/**
 * Parses `value` with `schema`, throwing a {@link ValidationError} that lists every issue.
 * @example
 * const body = parseOrThrow(AccountCreate, await c.req.json(), 'account');
 */
export function parseOrThrow<S extends z.ZodType>(
  schema: S,
  value: unknown,
  what = 'request',
): z.output<S> {
  const result = schema.safeParse(value);
  if (!result.success) {
    const errors = zodIssues(result.error);
    const first = errors[0];
    const summary = first ? `${first.path}: ${first.message}` : 'invalid';
    throw new ValidationError(
      `The ${what} is not valid (${summary}${errors.length > 1 ? `, and ${errors.length - 1} more` : ''}).`,
      { errors },
    );
  }
  return result.data;
}
