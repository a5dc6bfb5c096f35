/**
 * Streaming multipart/form-data uploads (busboy): one file part handed to a
 * consumer as a stream while it arrives, plus small text fields. Nothing is
 * buffered whole here; the consumer decides (blob store spooling, or a bounded
 * buffer for layouts).
 * @module
 */
import { Readable } from 'node:stream';
import type { ReadableStream as WebReadableStream } from 'node:stream/web';
import { PayloadTooLargeError, UnprocessableError, ValidationError } from '@verzend/shared';
import busboy from 'busboy';

/** The file part of an upload. */
export interface UploadedFile<T> {
  field: string;
  fileName: string;
  contentType: string;
  result: T;
}

/** An upload: text fields and the (single) file. */
export interface Upload<T> {
  fields: Record<string, string>;
  file: UploadedFile<T> | null;
}

/** Options of {@link receiveUpload}. */
export interface UploadOptions<T> {
  /** Name of the file field (other file fields are refused). */
  fileField: string;
  /** Largest file accepted; one byte more is refused with 413 before it is stored. */
  maxFileBytes: number;
  /** Consumes the file stream (must read it to the end or throw). */
  consume: (stream: Readable, info: { fileName: string; contentType: string }) => Promise<T>;
}

/**
 * Reads a multipart request.
 * @throws {UnprocessableError} UNSUPPORTED_MEDIA_TYPE when the body is not multipart/form-data.
 * @throws {PayloadTooLargeError} when the file is larger than allowed.
 */
export async function receiveUpload<T>(
  request: Request,
  opts: UploadOptions<T>,
): Promise<Upload<T>> {
  const contentType = request.headers.get('content-type') ?? '';
  if (!/^multipart\/form-data/i.test(contentType) || !request.body) {
    throw new UnprocessableError(
      'UNSUPPORTED_MEDIA_TYPE',
      `Send the file as multipart/form-data with a "${opts.fileField}" part.`,
    );
  }
  let parser: busboy.Busboy;
  try {
    parser = busboy({
      headers: { 'content-type': contentType },
      limits: {
        files: 1,
        fields: 20,
        fieldSize: 16 * 1024,
        fileSize: opts.maxFileBytes + 1,
        parts: 22,
      },
    });
  } catch (cause) {
    throw new UnprocessableError('UNSUPPORTED_MEDIA_TYPE', 'The multipart body has no boundary.', {
      cause,
    });
  }
  const body = Readable.fromWeb(request.body as unknown as WebReadableStream<Uint8Array>);
  return new Promise<Upload<T>>((resolve, reject) => {
    const fields: Record<string, string> = {};
    let file: UploadedFile<T> | null = null;
    let pending: Promise<void> = Promise.resolve();
    let failed = false;
    const fail = (err: unknown) => {
      if (!failed) {
        failed = true;
        body.unpipe(parser);
        body.destroy();
        // Ends the file part being read, so its consumer settles (and frees what it holds)
        // before the request is answered.
        parser.destroy(new Error('The upload was refused.'));
        void pending.finally(() => reject(err));
      }
    };
    parser.on('field', (name, value, info) => {
      if (info.valueTruncated) {
        fail(
          new ValidationError(`The field ${name} is too long.`, {
            errors: [{ path: name, message: 'too long' }],
          }),
        );
        return;
      }
      fields[name] = value;
    });
    parser.on('file', (name, stream, info) => {
      // A refused upload ends the part with an error; its consumer (if any) sees it.
      stream.on('error', () => undefined);
      if (name !== opts.fileField) {
        stream.resume();
        fail(
          new ValidationError(
            `Unexpected file field "${name}"; send the file as "${opts.fileField}".`,
            {
              errors: [{ path: name, message: 'unexpected file field' }],
            },
          ),
        );
        return;
      }
      const fileName = info.filename ?? 'file';
      const fileType = info.mimeType || 'application/octet-stream';
      stream.on('limit', () => {
        stream.destroy(
          new PayloadTooLargeError(`The file is larger than ${opts.maxFileBytes} bytes.`),
        );
      });
      pending = opts.consume(stream, { fileName, contentType: fileType }).then(
        (result) => {
          file = { field: name, fileName, contentType: fileType, result };
        },
        (err: unknown) => {
          stream.resume();
          fail(err);
        },
      );
    });
    parser.on('filesLimit', () =>
      fail(
        new ValidationError('Send one file per request.', {
          errors: [{ path: opts.fileField, message: 'one file only' }],
        }),
      ),
    );
    parser.on('error', (err) =>
      fail(new ValidationError('The multipart body is malformed.', { cause: err })),
    );
    parser.on('close', () => {
      void pending.then(() => {
        if (!failed) {
          resolve({ fields, file });
        }
      });
    });
    body.on('error', fail);
    body.pipe(parser);
  });
}

/** Reads a stream into memory, refusing more than `max` bytes (for small uploads such as layouts). */
export async function readBounded(stream: Readable, max: number): Promise<Buffer> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of stream as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > max) {
      throw new PayloadTooLargeError(`The file is larger than ${max} bytes.`);
    }
    chunks.push(chunk);
  }
  return Buffer.concat(chunks);
}

/** Parses an optional boolean form field (`true`/`false`, `1`/`0`, `on`). */
export function formBoolean(
  fields: Record<string, string>,
  name: string,
  fallback: boolean,
): boolean {
  const v = fields[name];
  if (v === undefined || v === '') {
    return fallback;
  }
  if (['true', '1', 'on', 'yes'].includes(v.toLowerCase())) {
    return true;
  }
  if (['false', '0', 'off', 'no'].includes(v.toLowerCase())) {
    return false;
  }
  throw new ValidationError(`The field ${name} must be true or false.`, {
    errors: [{ path: name, message: 'must be true or false' }],
  });
}
