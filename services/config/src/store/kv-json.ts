/**
 * JSON documents in a NATS KV bucket, with the compare-and-set writes the
 * config service relies on so that two requests can never both win (see ADR-0004).
 * @module
 */
import type { KV } from '@nats-io/kv';
import {
  ConflictError,
  type ErrorCode,
  isCasConflict,
  listKeys,
  type Versioned,
} from '@verzend/shared';
import { isNatsUnavailable, readWithRetry, storeUnavailable } from './unavailable';

const encoder = new TextEncoder();

/** Typed JSON access to one KV bucket. */
export class JsonKv {
  readonly kv: KV;

  constructor(kv: KV) {
    this.kv = kv;
  }

  /** Reads a document; null when missing or deleted. */
  async get<T>(key: string): Promise<Versioned<T> | null> {
    const entry = await readWithRetry(() => this.kv.get(key));
    if (entry?.operation !== 'PUT' || entry.length === 0) {
      return null;
    }
    return { value: entry.json<T>(), revision: entry.revision };
  }

  /** Every live key under `prefix` (a `.`-terminated key prefix). */
  async keys(prefix: string): Promise<string[]> {
    return readWithRetry(async () => {
      return (await listKeys(this.kv, `${prefix}>`)).sort();
    });
  }

  /** Every live document under `prefix`, in key order. */
  async list<T>(prefix: string): Promise<{ key: string; value: T; revision: number }[]> {
    const keys = await this.keys(prefix);
    const docs = await Promise.all(keys.map(async (key) => ({ key, doc: await this.get<T>(key) })));
    return docs.flatMap(({ key, doc }) => (doc ? [{ key, ...doc }] : []));
  }

  /** Unconditional write. */
  async put(key: string, value: unknown): Promise<number> {
    try {
      return await this.kv.put(key, encoder.encode(JSON.stringify(value)));
    } catch (err) {
      throw isNatsUnavailable(err) ? storeUnavailable(err) : err;
    }
  }

  /**
   * Creates a key that must not exist yet.
   * @throws {ConflictError} with `code` when it exists (another request won).
   */
  async create(
    key: string,
    value: unknown,
    conflict: { code?: ErrorCode; message: string },
  ): Promise<number> {
    try {
      return await this.kv.create(key, encoder.encode(JSON.stringify(value)));
    } catch (err) {
      if (isCasConflict(err)) {
        throw new ConflictError(conflict.message, {
          cause: err,
          ...(conflict.code ? { code: conflict.code } : {}),
        });
      }
      throw isNatsUnavailable(err) ? storeUnavailable(err) : err;
    }
  }

  /**
   * Replaces a key only if it is still at `revision`.
   * @throws {ConflictError} when someone else changed it since it was read.
   */
  async update(
    key: string,
    value: unknown,
    revision: number,
    what = 'The record',
  ): Promise<number> {
    try {
      return await this.kv.update(key, encoder.encode(JSON.stringify(value)), revision);
    } catch (err) {
      if (isCasConflict(err)) {
        throw new ConflictError(
          `${what} was changed by another request; read it again and retry.`,
          {
            cause: err,
          },
        );
      }
      throw isNatsUnavailable(err) ? storeUnavailable(err) : err;
    }
  }

  /** Deletes a key (optionally only if still at `revision`). Missing keys are fine. */
  async delete(key: string, revision?: number, what = 'The record'): Promise<void> {
    try {
      await this.kv.delete(key, revision === undefined ? undefined : { previousSeq: revision });
    } catch (err) {
      if (isCasConflict(err)) {
        throw new ConflictError(
          `${what} was changed by another request; read it again and retry.`,
          {
            cause: err,
          },
        );
      }
      throw isNatsUnavailable(err) ? storeUnavailable(err) : err;
    }
  }
}
