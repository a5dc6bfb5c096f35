/**
 * The Graph double's upload URLs: pre-authenticated `PUT`s of Content-Range
 * chunks (≤ 4 MB, multiples of 320 KiB), `nextExpectedRanges`, and `DELETE`.
 * @module
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { CHUNK_UNIT, HttpFailure, MAX_CHUNK, send } from './http';
import type { DoubleState, Session } from './types';

/**
 * Serves one request to an upload session's URL.
 * @param hold resolves once a received chunk may be kept; false when its client hung up
 *   meanwhile (a slow Graph: the chunk is then not kept and nothing is answered).
 */
export async function upload(
  s: DoubleState,
  req: IncomingMessage,
  res: ServerResponse,
  session: Session,
  method: string,
  hold: () => Promise<boolean> = async () => true,
): Promise<void> {
  const status = () => ({
    expirationDateTime: new Date(session.expires).toISOString(),
    nextExpectedRanges: [`${session.received}-`],
  });
  if (method === 'GET') {
    // Outlook attachment upload sessions have no status request: a client resumes by PUTting the range again.
    throw new HttpFailure(
      405,
      'MethodNotAllowed',
      'GET is not supported on an attachment upload session; retry the failed byte range with PUT.',
    );
  }
  if (method === 'DELETE') {
    s.sessions.delete(session.id);
    send(res, 204);
    return;
  }
  if (method !== 'PUT') {
    throw new HttpFailure(405, 'MethodNotAllowed', `${method} is not allowed on an upload URL.`);
  }
  const range = /^bytes (\d+)-(\d+)\/(\d+)$/.exec(String(req.headers['content-range'] ?? ''));
  if (!range) {
    throw new HttpFailure(
      400,
      'InvalidContentRange',
      'Content-Range must be "bytes start-end/total".',
    );
  }
  const start = Number(range[1]);
  const end = Number(range[2]);
  const total = Number(range[3]);
  const length = end - start + 1;
  if (total !== session.size) {
    throw new HttpFailure(
      400,
      'InvalidContentRange',
      `The total ${total} does not match the session's size ${session.size}.`,
    );
  }
  // A range may start before what the session holds (the client re-sends a failed
  // chunk); the bytes it already has are skipped. A gap is refused.
  if (start > session.received || end < session.received) {
    throw new HttpFailure(
      416,
      'InvalidRange',
      `Expected the range to include byte ${session.received}.`,
    );
  }
  const already = session.received - start;
  if (length <= 0 || end >= total) {
    throw new HttpFailure(400, 'InvalidContentRange', 'The range is empty or past the end.');
  }
  if (length > MAX_CHUNK) {
    throw new HttpFailure(
      413,
      'RequestEntityTooLarge',
      `A chunk may be at most ${MAX_CHUNK} bytes.`,
    );
  }
  if (end !== total - 1 && length % CHUNK_UNIT !== 0) {
    throw new HttpFailure(
      400,
      'InvalidContentRange',
      `A chunk that is not the last must be a multiple of ${CHUNK_UNIT} bytes.`,
    );
  }
  if (Number(req.headers['content-length']) !== length) {
    throw new HttpFailure(
      400,
      'InvalidContentLength',
      'Content-Length must equal the length of the range.',
    );
  }
  const failure = s.chunkFailures.shift();
  const keep = failure ? Math.min(already + failure.acceptBytes, length) : length;
  let seen = 0;
  // Hashed only once the chunk is kept (at most 4 MB in memory): a chunk cut during a hold
  // leaves the session as it was.
  const kept: Buffer[] = [];
  for await (const part of req as AsyncIterable<Buffer>) {
    const from = Math.max(0, already - seen);
    const to = Math.max(0, Math.min(part.length, keep - seen));
    if (to > from) {
      kept.push(part.subarray(from, to));
    }
    seen += part.length;
  }
  if (seen !== length) {
    throw new HttpFailure(
      400,
      'InvalidContentLength',
      `Received ${seen} bytes for a range of ${length}.`,
    );
  }
  if (!(await hold())) {
    return;
  }
  for (const part of kept) {
    session.hash.update(part);
  }
  session.received = Math.max(session.received, start + keep);
  if (failure) {
    const code = failure.status ?? 500;
    s.chunks.push({ session: session.id, start, length: keep, status: code });
    throw new HttpFailure(
      code,
      code === 429 ? 'ApplicationThrottled' : 'InternalServerError',
      code === 429
        ? 'Application is over its MailboxConcurrency limit.'
        : 'The chunk was not stored completely (injected failure).',
      failure.retryAfter !== undefined ? { 'retry-after': String(failure.retryAfter) } : {},
    );
  }
  s.chunks.push({
    session: session.id,
    start,
    length,
    status: session.received === session.size ? 201 : 200,
  });
  if (session.received === session.size) {
    s.sessions.delete(session.id);
    session.draft.attachments.push({
      name: session.name,
      contentType: session.contentType,
      size: session.size,
      sha256: session.hash.digest('hex'),
      isInline: session.isInline,
      contentId: session.contentId,
      via: 'upload',
    });
    send(res, 201, undefined, {
      location: `${s.graphBaseUrl}/attachments/${session.id}`,
    });
    return;
  }
  send(res, 200, status());
}
