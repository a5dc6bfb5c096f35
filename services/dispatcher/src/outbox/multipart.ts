/**
 * Multipart compose: a `message` part with the JSON compose body and any
 * number of file parts, each streamed straight into the blob store (hashed
 * while spooled, never held whole in memory), with a 100 MB cap across all
 * files. A file part named `inline:<content-id>` becomes an inline (CID) image.
 *
 * Every stream the request reads is awaited in the request's own promise
 * chain: the parse settles only after each file's upload has settled, a
 * failure is the request's answer (never an unhandled rejection), and what a
 * failed request stored is freed again.
 * @module
 */
import { createHash } from 'node:crypto';
import { Readable } from 'node:stream';
import type { ReadableStream as WebReadableStream } from 'node:stream/web';
import {
  type BlobStore,
  MAX_ATTACHMENT_BYTES,
  PayloadTooLargeError,
  ValidationError,
} from '@verzend/shared';
import busboy from 'busboy';

/** Most file parts one compose request may carry. */
export const MAX_FILE_PARTS = 250;
/** Most text fields one compose request may carry (only `message` is read). */
const MAX_FIELDS = 10;
/** Largest `message` part (the JSON compose body). */
const MAX_MESSAGE_BYTES = 25 * 1024 * 1024;

/** A file uploaded with the email. */
export interface UploadedFile {
  fileName: string;
  contentType: string;
  blob: { sha256: string; size: number };
  inline: boolean;
  contentId?: string;
}

/** The parsed multipart body. */
export interface MultipartCompose {
  message: unknown;
  files: UploadedFile[];
  /** Hash of the whole request (message + file hashes), for idempotency. */
  payloadHash: string;
  /** Frees the content this request stored first (call when the request fails after parsing). */
  discard(): Promise<void>;
}

/** The result of one file part's upload, settled (never a floating rejection). */
type Settled =
  | { ok: true; file: UploadedFile; created: boolean }
  | { ok: false; error: unknown; created?: undefined };

/** Frees what a failed request created; a failure to free is logged by nobody and harmless (content addressing). */
async function free(blobs: BlobStore, hashes: string[]): Promise<void> {
  await Promise.allSettled(hashes.map((h) => blobs.delete(h)));
}

/**
 * Parses a multipart/form-data compose request.
 * @throws {ValidationError} for a malformed body, a part without a name, a second `message`,
 *   more than {@link MAX_FILE_PARTS} files, or a missing/invalid `message`.
 * @throws {PayloadTooLargeError} when the files together pass `maxBytes`.
 */
export async function parseMultipartCompose(
  request: Request,
  blobs: BlobStore,
  maxBytes = MAX_ATTACHMENT_BYTES,
): Promise<MultipartCompose> {
  const contentType = request.headers.get('content-type') ?? '';
  if (!request.body) {
    throw new ValidationError('The multipart body is empty.');
  }
  let bb: busboy.Busboy;
  try {
    bb = busboy({
      headers: { 'content-type': contentType },
      limits: {
        fields: MAX_FIELDS,
        fieldSize: MAX_MESSAGE_BYTES,
        files: MAX_FILE_PARTS,
        fileSize: maxBytes + 1,
        parts: MAX_FIELDS + MAX_FILE_PARTS,
      },
    });
  } catch (cause) {
    throw new ValidationError('The multipart body could not be read (boundary missing?).', {
      cause,
    });
  }
  const source = Readable.fromWeb(request.body as unknown as WebReadableStream<Uint8Array>);
  let messageText: string | undefined;
  const uploads: Promise<Settled>[] = [];
  let total = 0;
  let failure: unknown;
  const parsed = new Promise<void>((resolve) => {
    /** The first failure wins; the body stops being read, and the parse settles. */
    const fail = (err: unknown) => {
      if (failure === undefined) {
        failure = err;
        source.unpipe(bb);
        source.destroy();
        // Ends the file part being read, so its upload settles (and frees its spool).
        bb.destroy(new Error('The request was refused.'));
        resolve();
      }
    };
    bb.on('field', (name, value, info) => {
      if (name !== 'message') {
        return;
      }
      if (info.valueTruncated) {
        fail(
          new PayloadTooLargeError(`The "message" part may be at most ${MAX_MESSAGE_BYTES} bytes.`),
        );
      } else if (messageText !== undefined) {
        fail(
          new ValidationError('The multipart body has more than one "message" part.', {
            errors: [{ path: 'message', message: 'must appear once' }],
          }),
        );
      } else {
        messageText = value;
      }
    });
    bb.on('file', (name: string | undefined, stream, info) => {
      // A refused request ends the part being read with an error; its reader (if any) sees it.
      stream.on('error', () => undefined);
      if (typeof name !== 'string' || name === '') {
        stream.resume();
        fail(
          new ValidationError(
            'A file part has no name; give each file part a name (e.g. name="file").',
            { errors: [{ path: 'files', message: 'part without a name' }] },
          ),
        );
        return;
      }
      if (failure !== undefined) {
        stream.resume();
        return;
      }
      const inline = name.startsWith('inline:');
      const contentId = inline ? name.slice('inline:'.length) : undefined;
      const remaining = Math.max(0, maxBytes - total);
      const counted = (async function* () {
        try {
          for await (const chunk of stream as AsyncIterable<Buffer>) {
            total += chunk.length;
            yield chunk;
          }
        } finally {
          // Refused midway (too large): drain the rest so busboy moves on to the end.
          stream.resume();
        }
      })();
      const upload = blobs.putStream(counted, remaining).then(
        ({ created, ...blob }): Settled => {
          if (blob.size === 0) {
            const error = new ValidationError(
              `The file part "${name}" is empty; an attachment needs content.`,
              { errors: [{ path: 'files', message: 'empty file part' }] },
            );
            fail(error);
            return { ok: false, error };
          }
          return {
            ok: true,
            created,
            file: {
              fileName: (info.filename || 'attachment').replace(/[\r\n]/g, ' ').slice(0, 250),
              contentType: info.mimeType || 'application/octet-stream',
              blob,
              inline,
              ...(contentId ? { contentId } : {}),
            },
          };
        },
        (error: unknown): Settled => {
          fail(
            error instanceof PayloadTooLargeError
              ? new PayloadTooLargeError(
                  `Attachments may total at most ${maxBytes} bytes (100 MB).`,
                  { cause: error },
                )
              : error,
          );
          return { ok: false, error };
        },
      );
      uploads.push(upload);
    });
    bb.on('filesLimit', () =>
      fail(
        new ValidationError(`A compose request may carry at most ${MAX_FILE_PARTS} files.`, {
          errors: [{ path: 'files', message: `at most ${MAX_FILE_PARTS} file parts` }],
        }),
      ),
    );
    bb.on('fieldsLimit', () =>
      fail(
        new ValidationError(`A compose request may carry at most ${MAX_FIELDS} text fields.`, {
          errors: [{ path: 'fields', message: `at most ${MAX_FIELDS} text fields` }],
        }),
      ),
    );
    bb.on('partsLimit', () =>
      fail(
        new ValidationError(
          `A compose request may carry at most ${MAX_FIELDS + MAX_FILE_PARTS} parts.`,
        ),
      ),
    );
    bb.on('error', (err) =>
      fail(new ValidationError('The multipart body is malformed.', { cause: err })),
    );
    bb.on('close', () => resolve());
    source.on('error', (err) =>
      fail(new ValidationError('The request body could not be read.', { cause: err })),
    );
    source.pipe(bb);
  });
  await parsed;
  // Uploads settle on their own (they never reject); wait for every one before answering.
  const settled = await Promise.all(uploads);
  const created = settled.flatMap((s) => (s.ok && s.created ? [s.file.blob.sha256] : []));
  const discard = () => free(blobs, created);
  try {
    if (failure !== undefined) {
      throw failure;
    }
    if (messageText === undefined) {
      throw new ValidationError(
        'The multipart body needs a "message" part with the email as JSON.',
        { errors: [{ path: 'message', message: 'is required' }] },
      );
    }
    let message: unknown;
    try {
      message = JSON.parse(messageText);
    } catch (cause) {
      throw new ValidationError('The "message" part is not valid JSON.', { cause });
    }
    const files = settled.flatMap((s) => (s.ok ? [s.file] : []));
    const hash = createHash('sha256').update(messageText);
    for (const f of files) {
      hash.update(`\u0000${f.fileName}\u0000${f.blob.sha256}`);
    }
    return { message, files, payloadHash: hash.digest('hex'), discard };
  } catch (err) {
    await discard();
    throw err;
  }
}
