/**
 * The request id of the work under way, carried by async context: set where a
 * request enters (HTTP, a NATS request, a posting event, an outbox message),
 * read where work leaves (NATS headers) and where a log line is written.
 * @module
 */
import { AsyncLocalStorage } from 'node:async_hooks';

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

const store = new AsyncLocalStorage<string>();

/** Runs `fn` with `requestId` as the current request id (nothing changes when it is undefined). */
export function withRequestId<T>(requestId: string | undefined, fn: () => T): T {
  return requestId === undefined ? fn() : store.run(requestId, fn);
}

/** The request id of the work under way, if any. */
export function currentRequestId(): string | undefined {
  return store.getStore();
}
