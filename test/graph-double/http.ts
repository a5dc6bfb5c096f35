/**
 * HTTP plumbing of the Graph double: its failure type, JSON answers in Graph's
 * error shape, and request bodies.
 * @module
 */
import { randomUUID } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { GraphRefusal } from './graph-rules';

/** A failure the double answers with Graph's status, code and message. */
export class HttpFailure extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly headers: Record<string, string> = {},
  ) {
    super(message);
  }
}

/** Upload session units and limits. */
export const CHUNK_UNIT = 320 * 1024;
export const MAX_CHUNK = 4 * 1024 * 1024;
export const MAX_UPLOAD = 150 * 1024 * 1024;

/** Reads a request body; larger than `maxBytes` is a 413 (read to the end first). */
export async function readBody(req: IncomingMessage, maxBytes: number): Promise<Buffer> {
  const parts: Buffer[] = [];
  let size = 0;
  // Read to the end even when too large, so the client sees the 413 instead of a reset.
  for await (const part of req as AsyncIterable<Buffer>) {
    size += part.length;
    if (size <= maxBytes) {
      parts.push(part);
    }
  }
  if (size > maxBytes) {
    throw new HttpFailure(
      413,
      'RequestEntityTooLarge',
      `The request body is ${size} bytes; at most ${maxBytes} are accepted.`,
    );
  }
  return Buffer.concat(parts);
}

/** Reads a JSON request body (empty: `{}`). */
export async function readJson(
  req: IncomingMessage,
  maxBytes: number,
): Promise<Record<string, unknown>> {
  const text = (await readBody(req, maxBytes)).toString('utf8');
  if (text.trim() === '') {
    return {};
  }
  try {
    return JSON.parse(text) as Record<string, unknown>;
  } catch {
    throw new HttpFailure(400, 'BadRequest', 'Unable to read JSON request payload.');
  }
}

/** Answers JSON (or nothing); a response already started is just ended. */
export function send(
  res: ServerResponse,
  status: number,
  body?: unknown,
  headers: Record<string, string> = {},
): void {
  if (res.headersSent) {
    res.end();
    return;
  }
  const text = body === undefined ? '' : JSON.stringify(body);
  res.writeHead(status, {
    ...(text ? { 'content-type': 'application/json' } : {}),
    'content-length': String(Buffer.byteLength(text)),
    ...headers,
  });
  res.end(text);
}

/** Answers a failure in Graph's error shape (or raw HTML, as a gateway would). */
export function error(res: ServerResponse, err: HttpFailure): void {
  if ((err as HttpFailure & { raw?: boolean }).raw) {
    if (!res.headersSent) {
      res.writeHead(err.status, { 'content-type': 'text/html', ...err.headers });
    }
    res.end(err.message);
    return;
  }
  send(
    res,
    err.status,
    {
      error: {
        code: err.code,
        message: err.message,
        innerError: { date: new Date().toISOString(), 'request-id': randomUUID() },
      },
    },
    err.headers,
  );
}

/** Throws a rule's refusal as the double's HTTP failure. */
export function refuse(refusal: GraphRefusal | undefined | false | ''): void {
  if (refusal) {
    throw new HttpFailure(refusal.status, refusal.code, refusal.message);
  }
}
