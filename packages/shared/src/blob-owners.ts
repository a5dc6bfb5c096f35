/**
 * Which company may use which blob (see docs/adr/0021-blob-ownership.md).
 * The object store is content-addressed and shared, so identical bytes are
 * stored once; knowing a hash must still grant nothing. Every service that
 * stores content for a company records the company as an owner here, and
 * every reference a request names is checked against the caller's company.
 *
 * Keys of the `verzend_blob_owners` bucket are `<company>.<sha256>`; the
 * value is the size the store measured. Ownership is never revoked (the blob
 * sweeper deletes unreferenced content but keeps ownerships: bytes a company
 * had stay its to use if they are stored again; ADR-0026), so a positive
 * answer is cached for good. Ownership says nothing about existence.
 * @module
 */
import type { KV } from '@nats-io/kv';
import { NotFoundError } from './errors';
import { assertToken } from './subjects';

/** A blob as the ownership index sees it. */
export interface OwnedBlob {
  sha256: string;
  size: number;
}

/** Who may use which blob: the port the services depend on. */
export interface BlobOwnership {
  /** Records `company` as an owner of the blob (idempotent); resolves once durable. */
  grant(company: string, blob: OwnedBlob): Promise<void>;
  /** True when `company` stored or uploaded this content (or was given it with a copy). */
  owns(company: string, sha256: string): Promise<boolean>;
}

const SHA256 = /^[a-f0-9]{64}$/;

/** The KV key of one ownership. */
export function blobOwnerKey(company: string, sha256: string): string {
  if (!SHA256.test(sha256)) {
    throw new TypeError('Invalid sha256: must be 64 lower-case hex digits.');
  }
  return `${assertToken(company, 'company')}.${sha256}`;
}

/** A bounded set that forgets its oldest entry first. */
class BoundedSet {
  readonly #items = new Set<string>();
  readonly #max: number;

  constructor(max: number) {
    this.#max = max;
  }

  has(item: string): boolean {
    return this.#items.has(item);
  }

  add(item: string): void {
    if (this.#items.size >= this.#max) {
      const oldest = this.#items.values().next().value;
      if (oldest !== undefined) {
        this.#items.delete(oldest);
      }
    }
    this.#items.add(item);
  }
}

/** {@link BlobOwnership} over the `verzend_blob_owners` KV bucket, with a bounded positive cache. */
export class KvBlobOwners implements BlobOwnership {
  readonly #kv: KV;
  readonly #known: BoundedSet;

  constructor(kv: KV, maxCached = 100_000) {
    this.#kv = kv;
    this.#known = new BoundedSet(maxCached);
  }

  async grant(company: string, blob: OwnedBlob): Promise<void> {
    const key = blobOwnerKey(company, blob.sha256);
    if (this.#known.has(key)) {
      return;
    }
    await this.#kv.put(key, String(blob.size));
    this.#known.add(key);
  }

  async owns(company: string, sha256: string): Promise<boolean> {
    const key = blobOwnerKey(company, sha256);
    if (this.#known.has(key)) {
      return true;
    }
    const entry = await this.#kv.get(key);
    if (entry?.operation !== 'PUT') {
      return false;
    }
    this.#known.add(key);
    return true;
  }
}

/** {@link BlobOwnership} in memory, for unit tests and single-process tools. */
export class MemoryBlobOwners implements BlobOwnership {
  readonly owned = new Map<string, number>();

  async grant(company: string, blob: OwnedBlob): Promise<void> {
    this.owned.set(blobOwnerKey(company, blob.sha256), blob.size);
  }

  async owns(company: string, sha256: string): Promise<boolean> {
    return this.owned.has(blobOwnerKey(company, sha256));
  }
}

/**
 * The positions of the references `company` does not own, in order. An
 * unowned hash and an unknown one are indistinguishable to the caller, so
 * the store never tells one company what another has stored.
 */
export async function unownedBlobs(
  owners: BlobOwnership,
  company: string,
  sha256s: readonly string[],
): Promise<number[]> {
  const owned = await Promise.all(sha256s.map((sha) => owners.owns(company, sha)));
  return owned.flatMap((yes, i) => (yes ? [] : [i]));
}

/**
 * Throws unless `company` owns the blob, with the answer a missing blob gets.
 * @throws {NotFoundError}
 */
export async function requireOwnedBlob(
  owners: BlobOwnership,
  company: string,
  sha256: string,
): Promise<void> {
  if (!(await owners.owns(company, sha256))) {
    throw new NotFoundError(`No stored content with hash ${sha256}.`);
  }
}
