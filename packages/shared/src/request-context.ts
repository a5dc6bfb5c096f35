/**
 * Request ids: made or accepted where a request enters (HTTP, a NATS request, a
 * posting event, an outbox message) and handed on explicitly — to the NATS
 * headers of the work it starts and to the log lines written for it (a child
 * logger). Not async context: on Node 20 an `AsyncLocalStorage` in use puts
 * hooks on every promise of the process, which cost the dispatch benchmark
 * about 7 % (ADR-0030).
 * @module
 */

/** Header carrying the request id on NATS messages (requests, posting events, outbox pointers). */
export const REQUEST_ID_HEADER = 'Verzend-Request-Id';

/** Header carrying the request id on HTTP requests and responses. */
export const HTTP_REQUEST_ID_HEADER = 'x-request-id';

/** Longest request id accepted from a caller; a longer one is replaced by a new one. */
export const MAX_REQUEST_ID_LENGTH = 128;

const VALID = /^[A-Za-z0-9._:=-]+$/;

/** True when `id` may be used as a request id as it is: 1–128 characters of `A-Z a-z 0-9 . _ : = -`. */
export function isValidRequestId(id: string | null | undefined): id is string {
  return typeof id === 'string' && id.length <= MAX_REQUEST_ID_LENGTH && VALID.test(id);
}

/** A new request id (a UUID). */
export function newRequestId(): string {
  return crypto.randomUUID();
}

/** Header values as NATS and HTTP carriers expose them. */
interface HeaderSource {
  get(key: string): string | null | undefined;
}

/** The request id a message or request carries when valid, else undefined. */
export function carriedRequestId(
  headers: HeaderSource | undefined,
  key = REQUEST_ID_HEADER,
): string | undefined {
  const carried = headers?.get(key) ?? undefined;
  return isValidRequestId(carried) ? carried : undefined;
}

/** The request id a message or request carries when valid, else a new one. */
export function requestIdFrom(headers: HeaderSource | undefined, key = REQUEST_ID_HEADER): string {
  return carriedRequestId(headers, key) ?? newRequestId();
}
