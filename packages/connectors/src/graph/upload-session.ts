/**
 * Large attachments through a Graph upload session: chunks of at most 4 MB
 * whose length is a multiple of 320 KiB (except the last), sent to the
 * pre-authenticated upload URL without a bearer token. A failed chunk is sent
 * again with the same range (Outlook sessions take a re-sent range and keep
 * what they have), so a dropped chunk costs one chunk, not the whole file.
 * @module
 */
import { DeliveryError } from '@verzend/shared';
import type { OutgoingAttachment } from '../contract';
import { RangeReader } from './byte-reader';
import { type GraphApi, RawGraphFailure } from './client';
import type { GraphFailure } from './errors';

/** Graph's chunk granularity. */
export const CHUNK_UNIT = 320 * 1024;
/** Graph's upper bound per request. */
export const MAX_CHUNK_BYTES = 4 * 1024 * 1024;
/** Default chunk: 10 × 320 KiB = 3.125 MiB (under the 4 MB request cap with room to spare). */
export const DEFAULT_CHUNK_BYTES = 10 * CHUNK_UNIT;
/** Largest attachment an upload session takes. */
export const MAX_UPLOAD_BYTES = 150 * 1024 * 1024;

/** Throws unless `bytes` is a valid chunk size. */
export function assertChunkSize(bytes: number): void {
  if (
    !Number.isInteger(bytes) ||
    bytes <= 0 ||
    bytes % CHUNK_UNIT !== 0 ||
    bytes > MAX_CHUNK_BYTES
  ) {
    throw new RangeError(
      `The upload chunk size must be a positive multiple of ${CHUNK_UNIT} bytes, at most ${MAX_CHUNK_BYTES}.`,
    );
  }
}

/** Parses the start of the first `nextExpectedRanges` entry (`"3276800-"` or `"0-3276799"`). */
export function nextStart(ranges: unknown): number | undefined {
  if (!Array.isArray(ranges) || typeof ranges[0] !== 'string') {
    return undefined;
  }
  const start = Number(ranges[0].split('-')[0]);
  return Number.isInteger(start) && start >= 0 ? start : undefined;
}

/** What an upload reports. */
export interface UploadOutcome {
  chunks: number;
  /** Chunks that failed and were resumed. */
  resumed: number;
  /** How often the source stream had to be reopened (1 = read once). */
  opens: number;
}

/** Options for {@link uploadAttachment}. */
export interface UploadOptions {
  chunkBytes: number;
  /** Failed chunks in a row (without progress) before giving up. */
  maxFailuresInARow?: number;
}

/**
 * Uploads one attachment through an upload session, following Outlook's
 * protocol: a failed chunk is PUT again with the same byte range (the session
 * has no status request), a throttled chunk waits out its Retry-After (or ends
 * the attempt with PROVIDER_THROTTLED when that is too long), and only a
 * session that is really gone (404) is started again — once.
 * @param createSession opens a session and returns its upload URL.
 */
export async function uploadAttachment(
  api: GraphApi,
  createSession: () => Promise<string>,
  attachment: OutgoingAttachment,
  opts: UploadOptions,
): Promise<UploadOutcome> {
  const total = attachment.size;
  const reader = new RangeReader(() => attachment.open());
  const maxFailures = opts.maxFailuresInARow ?? 5;
  let uploadUrl = await createSession();
  let next = 0;
  let chunks = 0;
  let resumed = 0;
  let restarts = 0;
  let failuresInARow = 0;
  let throttledInARow = 0;
  try {
    while (next < total) {
      const length = Math.min(opts.chunkBytes, total - next);
      const data = await reader.read(next, length);
      if (data.length !== length) {
        throw api.error(
          {
            status: 0,
            code: undefined,
            message: `the stored attachment ${attachment.fileName} is shorter than its recorded size`,
            retryAfterSeconds: undefined,
          },
          'upload chunk',
        );
      }
      try {
        const res = await api.raw(uploadUrl, {
          method: 'PUT',
          headers: {
            'content-type': 'application/octet-stream',
            'content-length': String(length),
            'content-range': `bytes ${next}-${next + length - 1}/${total}`,
          },
          body: data,
        });
        chunks++;
        failuresInARow = 0;
        throttledInARow = 0;
        if (res.status === 201) {
          next = total;
        } else {
          const body = (await res.json().catch(() => null)) as {
            nextExpectedRanges?: unknown;
          } | null;
          next = nextStart(body?.nextExpectedRanges) ?? next + length;
        }
      } catch (err) {
        if (!(err instanceof RawGraphFailure)) {
          throw err;
        }
        const failure = err.failure;
        if (failure.status === 404) {
          // The session expired or was removed: only now does the attachment start over.
          if (restarts++ > 0) {
            throw sessionGone(api, failure);
          }
          uploadUrl = await createSession();
          next = 0;
          resumed++;
          continue;
        }
        if (isThrottled(failure)) {
          // Retry-After honoured for the chunk; too long a wait ends the attempt as throttled.
          if (!(await api.waitIfThrottled(failure, 'upload chunk', throttledInARow++))) {
            throw api.error(failure, 'upload chunk');
          }
          resumed++;
          continue;
        }
        if (!retryable(failure) || ++failuresInARow > maxFailures) {
          throw api.error(failure, 'upload chunk');
        }
        // The same byte range again: the session keeps what it already has.
        resumed++;
      }
    }
  } finally {
    reader.close();
  }
  return { chunks, resumed, opens: reader.opens };
}

/** The session vanished again after a restart: the whole send starts again later. */
function sessionGone(api: GraphApi, failure: GraphFailure): Error {
  return new DeliveryError(
    'UPSTREAM_FAILED',
    `The upload session for mailbox ${api.mailbox} expired or was removed twice during one send (${failure.message ?? 'HTTP 404'}); the email is sent again later.`,
    {
      cause: failure.cause,
      retry: true,
      providerStatus: 404,
      extra: { operation: 'upload chunk' },
    },
  );
}

const isThrottled = (f: GraphFailure) => f.status === 429 || f.status === 503 || f.status === 504;

/** Failures after which the same range is worth PUTting again. */
function retryable(f: GraphFailure): boolean {
  return f.status === 0 || f.status >= 500 || f.status === 408;
}
