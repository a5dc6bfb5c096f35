/**
 * Multipart compose: a `message` part with the JSON compose body and any
 * number of file parts, each streamed straight into the blob store (hashed
 * while spooled, never held whole in memory), with a 100 MB cap across all
 * files. A file part named `inline:<content-id>` becomes an inline (CID) image.
 * @module
 */
import { createHash } from 'node:crypto';
import { Readable } from 'node:stream';
import {
  type BlobStore,
  MAX_ATTACHMENT_BYTES,
  PayloadTooLargeError,
  ValidationError,
} from '@verzend/shared';
import busboy from 'busboy';

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
}

/** Parses a multipart/form-data compose request. */
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
      limits: { fields: 10, fieldSize: 25 * 1024 * 1024, files: 250, fileSize: maxBytes + 1 },
    });
  } catch (cause) {
    throw new ValidationError('The multipart body could not be read (boundary missing?).', {
      cause,
    });
  }
  let messageText: string | undefined;
  const uploads: Promise<UploadedFile>[] = [];
  let total = 0;
  const done = new Promise<void>((resolve, reject) => {
    bb.on('field', (name, value) => {
      if (name === 'message') {
        messageText = value;
      }
    });
    bb.on('file', (name, stream, info) => {
      const inline = name.startsWith('inline:');
      const contentId = inline ? name.slice('inline:'.length) : undefined;
      const remaining = maxBytes - total;
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
      uploads.push(
        blobs.putStream(counted, Math.max(0, remaining)).then((blob) => ({
          fileName: (info.filename || 'attachment').replace(/[\r\n]/g, ' ').slice(0, 250),
          contentType: info.mimeType || 'application/octet-stream',
          blob,
          inline,
          ...(contentId ? { contentId } : {}),
        })),
      );
    });
    bb.on('error', (err) =>
      reject(new ValidationError('The multipart body is malformed.', { cause: err })),
    );
    bb.on('close', () => resolve());
  });
  const source = Readable.fromWeb(
    request.body as import('node:stream/web').ReadableStream<Uint8Array>,
  );
  source.on('error', (err) => bb.destroy(err));
  source.pipe(bb);
  await done;
  const settled = await Promise.allSettled(uploads);
  const failed = settled.find((s) => s.status === 'rejected');
  if (failed) {
    const reason = (failed as PromiseRejectedResult).reason;
    if (reason instanceof PayloadTooLargeError) {
      throw new PayloadTooLargeError(`Attachments may total at most ${maxBytes} bytes (100 MB).`, {
        cause: reason,
      });
    }
    throw reason;
  }
  if (messageText === undefined) {
    throw new ValidationError('The multipart body needs a "message" part with the email as JSON.', {
      errors: [{ path: 'message', message: 'is required' }],
    });
  }
  let message: unknown;
  try {
    message = JSON.parse(messageText);
  } catch (cause) {
    throw new ValidationError('The "message" part is not valid JSON.', { cause });
  }
  const files = settled.map((s) => (s as PromiseFulfilledResult<UploadedFile>).value);
  const hash = createHash('sha256').update(messageText);
  for (const f of files) {
    hash.update(`\u0000${f.fileName}\u0000${f.blob.sha256}`);
  }
  return { message, files, payloadHash: hash.digest('hex') };
}
