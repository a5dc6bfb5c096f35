/**
 * The one cursor of the dispatcher's listings (outbox and sent, events,
 * accounts, webhook deliveries): an opaque token holding where the previous
 * page ended. A cursor the API did not issue is refused with 400, never read
 * as "from the start", so a client that mangles one cannot page in circles.
 * @module
 */
import { ValidationError } from '@verzend/shared';

/** Ids as the dispatcher issues them (emails, accounts, webhook deliveries). */
const ID = /^[A-Za-z0-9_-]{1,64}$/;

/**
 * Encodes the resume point of a listing (the position of the last item of a page).
 *
 * @example
 * encodeCursor(last.id) // → 'eyJhZnRlciI6…'
 */
export function encodeCursor(after: string): string {
  return Buffer.from(JSON.stringify({ after })).toString('base64url');
}

/**
 * Decodes a cursor to the position it holds.
 * @param valid what a position of this listing looks like (default: an id).
 * @throws ValidationError (400, path `cursor`) for a cursor this API did not issue.
 */
export function decodeCursor(cursor: string, valid: (after: string) => boolean = isId): string {
  try {
    const parsed = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')) as {
      after?: unknown;
    };
    if (typeof parsed.after === 'string' && valid(parsed.after)) {
      return parsed.after;
    }
  } catch {
    // not base64url JSON: refused below
  }
  throw new ValidationError('The cursor is not valid; use the nextCursor of a previous page.', {
    errors: [{ path: 'cursor', message: 'not a cursor issued by this API' }],
  });
}

/** True for an id as the dispatcher issues them. */
export function isId(value: string): boolean {
  return ID.test(value);
}
