/**
 * Content-addressed blobs in the NATS object store: an object's name is the
 * sha-256 of its bytes, so the same invoice PDF or logo is stored once however
 * many emails carry it. Large inputs are spooled to a temporary file while
 * hashing, so memory stays bounded whatever the size.
 * @module
 */
import { createHash, randomUUID } from 'node:crypto';
import { once } from 'node:events';
import { createReadStream, createWriteStream, type WriteStream } from 'node:fs';
import { rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import type { JetStreamManager } from '@nats-io/jetstream';
import type { ObjectStore } from '@nats-io/obj';
import { boundedObjectStream } from './blob-stream';
import { NotFoundError, PayloadTooLargeError } from './errors';

/** A stored blob. */
export interface BlobRef {
  sha256: string;
  size: number;
}

/** Largest blob accepted (attachments up to 100 MB, as Business Central documents). */
export const MAX_BLOB_BYTES = 100 * 1024 * 1024;

/** Inputs at most this large are hashed in memory; larger ones are spooled to disk first. */
const IN_MEMORY_LIMIT = 4 * 1024 * 1024;

function toWebStream(data: Uint8Array): ReadableStream<Uint8Array> {
  return new ReadableStream({
    start(controller) {
      controller.enqueue(data);
      controller.close();
    },
  });
}

/** Content-addressed access to the blob object store. */
export class BlobStore {
  readonly #os: ObjectStore;
  readonly #maxBytes: number;

  constructor(os: ObjectStore, maxBytes = MAX_BLOB_BYTES) {
    this.#os = os;
    this.#maxBytes = maxBytes;
  }

  /** Stores bytes; returns the existing ref when the same content is already stored. */
  async putBytes(data: Uint8Array): Promise<BlobRef> {
    if (data.byteLength > this.#maxBytes) {
      throw new PayloadTooLargeError(
        `The content is ${data.byteLength} bytes; at most ${this.#maxBytes} are accepted.`,
      );
    }
    const sha256 = createHash('sha256').update(data).digest('hex');
    if (!(await this.exists(sha256))) {
      await this.#os.put({ name: sha256 }, toWebStream(data));
    }
    return { sha256, size: data.byteLength };
  }

  /**
   * Stores a stream without holding it in memory: it is hashed while spooled to a
   * temporary file, then uploaded under its hash unless that content already exists.
   * @throws {PayloadTooLargeError} as soon as the stream passes the size cap.
   */
  async putStream(
    source: Readable | AsyncIterable<Uint8Array>,
    maxBytes = this.#maxBytes,
  ): Promise<BlobRef> {
    const hash = createHash('sha256');
    let size = 0;
    const chunks: Uint8Array[] = [];
    let spoolPath: string | undefined;
    let spool: WriteStream | undefined;
    try {
      for await (const chunk of source as AsyncIterable<Uint8Array>) {
        size += chunk.byteLength;
        if (size > maxBytes) {
          throw new PayloadTooLargeError(`The content is larger than ${maxBytes} bytes.`);
        }
        hash.update(chunk);
        if (spool) {
          if (!spool.write(chunk)) {
            await once(spool, 'drain');
          }
        } else {
          chunks.push(chunk);
          if (size > IN_MEMORY_LIMIT) {
            spoolPath = join(tmpdir(), `verzend-blob-${randomUUID()}`);
            spool = createWriteStream(spoolPath);
            for (const c of chunks.splice(0)) {
              spool.write(c);
            }
          }
        }
      }
      if (spool) {
        const s = spool;
        await new Promise<void>((resolve, reject) =>
          s.end((err?: Error | null) => (err ? reject(err) : resolve())),
        );
      }
      const sha256 = hash.digest('hex');
      if (!(await this.exists(sha256))) {
        const body = spoolPath
          ? (Readable.toWeb(createReadStream(spoolPath)) as unknown as ReadableStream<Uint8Array>)
          : toWebStream(Buffer.concat(chunks));
        await this.#os.put({ name: sha256 }, body);
      }
      return { sha256, size };
    } finally {
      spool?.destroy();
      if (spoolPath) {
        await rm(spoolPath, { force: true });
      }
    }
  }

  /** True when content with this hash is stored. */
  async exists(sha256: string): Promise<boolean> {
    const info = await this.#os.info(sha256);
    return info !== null && !info.deleted;
  }

  /**
   * Reads a blob as a Node stream (for piping into SMTP or Graph uploads),
   * chunk by chunk as the consumer asks (see blob-stream.ts: the object
   * store's own reader has no backpressure and would buffer a slow send's
   * whole attachment).
   */
  async getStream(sha256: string): Promise<Readable> {
    const store = this.#os as unknown as { jsm?: JetStreamManager; name?: string };
    if (store.jsm && store.name) {
      const info = await this.#os.info(sha256);
      if (!info || info.deleted) {
        throw new NotFoundError(`No stored content with hash ${sha256}.`);
      }
      return boundedObjectStream(store.jsm, store.name, info);
    }
    const result = await this.#os.get(sha256);
    if (!result) {
      throw new NotFoundError(`No stored content with hash ${sha256}.`);
    }
    return Readable.fromWeb(result.data as import('node:stream/web').ReadableStream<Uint8Array>);
  }

  /** Reads a whole blob into memory (for small content only: layouts, bodies). */
  async getBytes(sha256: string): Promise<Uint8Array> {
    const result = await this.#os.getBlob(sha256);
    if (!result) {
      throw new NotFoundError(`No stored content with hash ${sha256}.`);
    }
    return result;
  }
}
