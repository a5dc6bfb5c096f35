/**
 * Large attachments through a Graph upload session: chunks of at most 4 MB
 * whose length is a multiple of 320 KiB (except the last), sent to the
 * pre-authenticated upload URL without a bearer token. After a failed chunk
 * the session's `nextExpectedRanges` says where to go on, so a dropped chunk
 * costs one chunk, not the whole file.
 * @module
 */
import type { OutgoingAttachment } from '../types';
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

/** Uploads one attachment to an upload session URL. */
export async function uploadAttachment(
  api: GraphApi,
  uploadUrl: string,
  attachment: OutgoingAttachment,
  opts: UploadOptions,
): Promise<UploadOutcome> {
  const total = attachment.size;
  const reader = new RangeReader(() => attachment.open());
  const maxFailures = opts.maxFailuresInARow ?? 5;
  let next = 0;
  let chunks = 0;
  let resumed = 0;
  let failuresInARow = 0;
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
        const body =
          res.status === 201
            ? null
            : ((await res.json().catch(() => null)) as { nextExpectedRanges?: unknown } | null);
        if (res.status === 201) {
          next = total;
        } else {
          next = nextStart(body?.nextExpectedRanges) ?? next + length;
        }
      } catch (err) {
        if (!(err instanceof RawGraphFailure)) {
          throw err;
        }
        const failure = err.failure;
        if (failure.status === 404) {
          throw sessionGone(api, failure);
        }
        if (!resumable(failure) || ++failuresInARow > maxFailures) {
          throw api.error(failure, 'upload chunk');
        }
        resumed++;
        if (
          !(await api.waitIfThrottled(failure, 'upload chunk', failuresInARow - 1)) &&
          isThrottled(failure)
        ) {
          // Throttled for longer than we wait in-process: let the dispatcher retry later.
          throw api.error(failure, 'upload chunk');
        }
        next = await sessionPosition(api, uploadUrl, next);
      }
    }
  } finally {
    reader.close();
  }
  return { chunks, resumed, opens: reader.opens };
}

/** The session expired or vanished: the whole send starts again later (a new draft and session). */
function sessionGone(api: GraphApi, failure: GraphFailure): Error {
  return api.error(
    {
      ...failure,
      status: 500,
      code: undefined,
      message: 'the upload session expired or was removed',
    },
    'upload chunk',
  );
}

const isThrottled = (f: GraphFailure) => f.status === 429 || f.status === 503 || f.status === 504;

/** Failures after which asking the session where it stands makes sense. */
function resumable(f: GraphFailure): boolean {
  return (
    f.status === 0 || f.status >= 500 || f.status === 429 || f.status === 416 || f.status === 408
  );
}

/** Asks the session for `nextExpectedRanges`; falls back to where we were. */
async function sessionPosition(
  api: GraphApi,
  uploadUrl: string,
  fallback: number,
): Promise<number> {
  try {
    const res = await api.raw(uploadUrl, { method: 'GET' });
    const body = (await res.json()) as { nextExpectedRanges?: unknown };
    return nextStart(body.nextExpectedRanges) ?? fallback;
  } catch (err) {
    if (err instanceof RawGraphFailure && err.failure.status === 404) {
      throw sessionGone(api, err.failure);
    }
    throw err instanceof RawGraphFailure ? api.error(err.failure, 'upload status') : err;
  }
}
