/**
 * Content-addressed blobs in the NATS object store: an object's name is the
 * sha-256 of its bytes, so the same invoice PDF or logo is stored once however
 * many emails carry it. Large inputs are spooled to a temporary file while
 * hashing, so memory stays bounded whatever the size.
 *
 * Objects of one chunk (bodies, filled documents, most attachments) take a
 * short path in the object store's own format: the lookup is a direct get of
 * the meta message, a write is one chunk and one meta publish, and a read one
 * direct get of the chunk. The client's general path asks for the meta twice
 * per write and opens a consumer per read; every object stays readable by any
 * object-store client either way.
 *
 * Unreferenced content is deleted by the dispatcher's sweeper (ADR-0026). An
 * object's lease is the time its meta was last stored: storing content that
 * already exists, or {@link BlobStore.lease}-ing it, rewrites the meta when it
 * is older than the touch interval, conditionally on its revision, and the
 * sweeper deletes only an object whose meta is still at the revision it judged.
 * @module
 */
import { createHash, randomUUID } from 'node:crypto';
import { once } from 'node:events';
import { createReadStream, createWriteStream, type WriteStream } from 'node:fs';
import { rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import type { JetStreamClient, JetStreamManager } from '@nats-io/jetstream';
import type { ObjectStore } from '@nats-io/obj';
import {
  base64UrlPadded,
  type DirectAccess,
  deleteIfAt,
  type ObjectMeta,
  readMeta,
  type StoredObject,
  scanMetas,
  writeMeta,
} from './blob-meta';
import { boundedObjectStream } from './blob-stream';
import { ConflictError, NotFoundError, PayloadTooLargeError } from './errors';
import { isCasConflict } from './nats/cas';

export type { StoredObject } from './blob-meta';

/** A stored blob. */
export interface BlobRef {
  sha256: string;
  size: number;
}

/** Largest blob accepted (attachments up to 100 MB, as Business Central documents). */
export const MAX_BLOB_BYTES = 100 * 1024 * 1024;

/** Inputs at most this large are hashed in memory; larger ones are spooled to disk first. */
const IN_MEMORY_LIMIT = 4 * 1024 * 1024;

/** The object store's chunk size; an object up to this size is one chunk. */
const CHUNK_BYTES = 128 * 1024;

/** A blob confirmed live, and since when its lease runs (ms since the epoch). */
export interface BlobLease {
  size: number;
  since: number;
}

/**
 * How old an object's meta may be before a writer or a reference refreshes it
 * ("touches" it): at most a quarter of the sweeper's grace period (ADR-0026).
 */
export const DEFAULT_TOUCH_AFTER_MS = 15 * 60_000;

/** What `@nats-io/obj`'s store carries besides its public API (stable across the 3.x line). */
interface StoreInternals {
  js?: JetStreamClient;
  jsm?: JetStreamManager;
  name?: string;
}

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
  /** Set when the store is a NATS object store (not a test double): enables the short path. */
  readonly #direct: DirectAccess | undefined;

  /** Objects whose meta is older than this are touched when stored again or leased. */
  readonly #touchAfterMs: number;

  constructor(os: ObjectStore, maxBytes = MAX_BLOB_BYTES, opts: { touchAfterMs?: number } = {}) {
    this.#os = os;
    this.#maxBytes = maxBytes;
    this.#touchAfterMs = opts.touchAfterMs ?? DEFAULT_TOUCH_AFTER_MS;
    const { js, jsm, name } = os as unknown as StoreInternals;
    this.#direct =
      js && jsm && typeof name === 'string'
        ? { js, jsm, bucket: name, stream: `OBJ_${name}` }
        : undefined;
  }

  /** The object's meta, or null (one direct get instead of the client's stream-leader request). */
  async #info(sha256: string): Promise<ObjectMeta | null> {
    return this.#direct ? readMeta(this.#direct, sha256) : this.#os.info(sha256);
  }

  /**
   * Keeps a stored object from the sweeper: when its meta is older than the touch
   * interval it is written again (unchanged but for `mtime`), conditionally on the
   * revision read, so a touch and the sweeper's conditional delete never both win.
   * Returns the lease, or null when the object is not stored (or was just deleted).
   */
  async #keepAlive(sha256: string, seen: ObjectMeta | null): Promise<BlobLease | null> {
    const direct = this.#direct;
    let info = seen;
    for (let tries = 0; tries < 5; tries++) {
      if (!info || info.deleted) {
        return null;
      }
      const now = Date.now();
      if (!direct || info.storedAt === undefined || now - info.storedAt <= this.#touchAfterMs) {
        return { size: info.size, since: info.storedAt ?? now };
      }
      try {
        const touched = { ...info.raw, mtime: new Date(now).toISOString() };
        await writeMeta(direct, sha256, touched, info.revision ?? 0);
        return { size: info.size, since: now };
      } catch (err) {
        if (!isCasConflict(err)) {
          throw err;
        }
        info = await this.#info(sha256);
      }
    }
    throw new ConflictError(`Stored content ${sha256} kept changing; try again.`);
  }

  /**
   * Confirms that content is stored and keeps it from the sweeper for at least the
   * grace period from the returned `since` (ADR-0026); null when it is not stored.
   */
  async lease(sha256: string): Promise<BlobLease | null> {
    if (!this.#direct) {
      const info = await this.#os.info(sha256);
      return info && !info.deleted ? { size: info.size, since: Date.now() } : null;
    }
    return this.#keepAlive(sha256, await this.#info(sha256));
  }

  /**
   * Every stored object's meta (the sweeper's candidates), read once from the
   * moment it starts; deleted objects are left out, and `false` from the callback
   * ends the listing.
   */
  async objects(
    onObject: (object: StoredObject) => undefined | boolean | Promise<undefined | boolean>,
  ): Promise<void> {
    if (!this.#direct) {
      for (const info of await this.#os.list()) {
        if (
          !info.deleted &&
          (await onObject({ sha256: info.name, size: info.size, revision: 0, storedAt: 0 })) ===
            false
        ) {
          return;
        }
      }
      return;
    }
    await scanMetas(this.#direct, onObject);
  }

  /**
   * Deletes an object if its meta is still at `revision` (nobody stored or touched
   * it since the sweeper read it); true when it was deleted. The meta is marked
   * deleted first (conditionally), then the chunks are purged.
   */
  async deleteIfUnchanged(sha256: string, revision: number): Promise<boolean> {
    if (!this.#direct) {
      await this.#os.delete(sha256);
      return true;
    }
    return deleteIfAt(this.#direct, sha256, revision);
  }

  /**
   * Writes a one-chunk object: the chunk, then the meta (which makes it visible).
   * The meta is written only if it is still as `#info` saw it, so two writers of
   * the same content never leave two copies; the loser drops its chunk.
   */
  async #putSmall(
    direct: DirectAccess,
    sha256: string,
    data: Uint8Array,
    seen: ObjectMeta | null,
    tries = 0,
  ): Promise<void> {
    const { js, jsm, bucket, stream } = direct;
    const nuid = randomUUID().replaceAll('-', '');
    const chunkSubject = `$O.${bucket}.C.${nuid}`;
    const meta = {
      name: sha256,
      description: '',
      options: { max_chunk_size: CHUNK_BYTES },
      bucket,
      nuid,
      size: data.byteLength,
      chunks: data.byteLength > 0 ? 1 : 0,
      mtime: new Date().toISOString(),
      digest: `SHA-256=${base64UrlPadded(Buffer.from(sha256, 'hex'))}`,
      deleted: false,
    };
    if (data.byteLength > 0) {
      await js.publish(chunkSubject, data);
    }
    try {
      await writeMeta(direct, sha256, meta, seen?.revision ?? 0);
    } catch (err) {
      await jsm.streams.purge(stream, { filter: chunkSubject }).catch(() => undefined);
      if (!isCasConflict(err)) {
        throw err;
      }
      // Another writer stored the same content — or the sweeper deleted it: then write again.
      const now = await this.#info(sha256);
      if ((!now || now.deleted) && tries < 5) {
        await this.#putSmall(direct, sha256, data, now, tries + 1);
      }
    }
  }

  /**
   * Whether content must be written: not when it is stored (it is kept from the
   * sweeper instead); yes when it is missing or the sweeper deleted it meanwhile.
   */
  async #toWrite(sha256: string): Promise<{ write: boolean; seen: ObjectMeta | null }> {
    let seen = await this.#info(sha256);
    if (seen && !seen.deleted) {
      if (await this.#keepAlive(sha256, seen)) {
        return { write: false, seen };
      }
      seen = await this.#info(sha256);
    }
    return { write: true, seen };
  }

  /** Reads a one-chunk object with one direct get, checking it against its name (its hash). */
  async #getSmall(direct: DirectAccess, info: ObjectMeta): Promise<Uint8Array> {
    if (info.chunks === 0) {
      return new Uint8Array(0);
    }
    const { jsm, bucket, stream } = direct;
    const m = await jsm.direct.getMessage(stream, { last_by_subj: `$O.${bucket}.C.${info.nuid}` });
    if (!m) {
      throw new NotFoundError(`Stored content ${info.name} has lost its data.`);
    }
    if (createHash('sha256').update(m.data).digest('hex') !== info.name) {
      throw new Error(`Stored content ${info.name} is corrupt: its SHA-256 does not match.`);
    }
    return m.data;
  }

  /** True when the object is one chunk (the short path reads it). */
  static #small(info: ObjectMeta): boolean {
    return info.chunks <= 1 && info.size <= CHUNK_BYTES;
  }

  /** Stores bytes; returns the existing ref when the same content is already stored. */
  async putBytes(data: Uint8Array): Promise<BlobRef> {
    if (data.byteLength > this.#maxBytes) {
      throw new PayloadTooLargeError(
        `The content is ${data.byteLength} bytes; at most ${this.#maxBytes} are accepted.`,
      );
    }
    const sha256 = createHash('sha256').update(data).digest('hex');
    const { write, seen } = await this.#toWrite(sha256);
    if (write) {
      if (this.#direct && data.byteLength <= CHUNK_BYTES) {
        await this.#putSmall(this.#direct, sha256, data, seen);
      } else {
        await this.#os.put({ name: sha256 }, toWebStream(data));
      }
    }
    return { sha256, size: data.byteLength };
  }

  /**
   * Stores a stream without holding it in memory: it is hashed while spooled to a
   * temporary file, then uploaded under its hash unless that content already exists
   * (`created` says whether this call stored it). The size is measured, never declared.
   * @throws {PayloadTooLargeError} as soon as the stream passes the size cap.
   */
  async putStream(
    source: Readable | AsyncIterable<Uint8Array>,
    maxBytes = this.#maxBytes,
  ): Promise<BlobRef & { created: boolean }> {
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
      const { write: created, seen } = await this.#toWrite(sha256);
      if (created) {
        if (this.#direct && !spoolPath && size <= CHUNK_BYTES) {
          await this.#putSmall(this.#direct, sha256, Buffer.concat(chunks), seen);
        } else {
          const body = spoolPath
            ? (Readable.toWeb(createReadStream(spoolPath)) as unknown as ReadableStream<Uint8Array>)
            : toWebStream(Buffer.concat(chunks));
          await this.#os.put({ name: sha256 }, body);
        }
      }
      return { sha256, size, created };
    } finally {
      spool?.destroy();
      if (spoolPath) {
        await rm(spoolPath, { force: true });
      }
    }
  }

  /** True when content with this hash is stored. */
  async exists(sha256: string): Promise<boolean> {
    return (await this.size(sha256)) !== null;
  }

  /** The measured size of stored content, or null when it is not stored. */
  async size(sha256: string): Promise<number | null> {
    const info = await this.#info(sha256);
    return info === null || info.deleted ? null : info.size;
  }

  /**
   * Removes content (an upload whose request failed frees what it created).
   * Only for content the caller itself just created: content addressing shares it otherwise.
   */
  async delete(sha256: string): Promise<void> {
    await this.#os.delete(sha256);
  }

  /**
   * Reads a blob as a Node stream (for piping into SMTP or Graph uploads),
   * chunk by chunk as the consumer asks (see blob-stream.ts: the object
   * store's own reader has no backpressure and would buffer a slow send's
   * whole attachment).
   */
  async getStream(sha256: string): Promise<Readable> {
    if (this.#direct) {
      const info = await this.#info(sha256);
      if (!info || info.deleted) {
        throw new NotFoundError(`No stored content with hash ${sha256}.`);
      }
      if (BlobStore.#small(info)) {
        return Readable.from([Buffer.from(await this.#getSmall(this.#direct, info))]);
      }
      return boundedObjectStream(this.#direct.jsm, this.#direct.bucket, info);
    }
    const result = await this.#os.get(sha256);
    if (!result) {
      throw new NotFoundError(`No stored content with hash ${sha256}.`);
    }
    return Readable.fromWeb(result.data as import('node:stream/web').ReadableStream<Uint8Array>);
  }

  /** Reads a whole blob into memory (for small content only: layouts, bodies). */
  async getBytes(sha256: string): Promise<Uint8Array> {
    if (this.#direct) {
      const info = await this.#info(sha256);
      if (!info || info.deleted) {
        throw new NotFoundError(`No stored content with hash ${sha256}.`);
      }
      if (BlobStore.#small(info)) {
        return this.#getSmall(this.#direct, info);
      }
    }
    const result = await this.#os.getBlob(sha256);
    if (!result) {
      throw new NotFoundError(`No stored content with hash ${sha256}.`);
    }
    return result;
  }
}
