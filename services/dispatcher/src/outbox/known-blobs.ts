/**
 * Remembers which blob hashes are known to be stored, so the hot path (the same
 * logo, the same body template) does not ask the object store again for every
 * email. Content-addressed blobs never change, so a hit can never be stale.
 * @module
 */
import { createHash } from 'node:crypto';
import type { BlobStore, StoredBlob } from '@verzend/shared';

/** A bounded set of stored hashes in front of a {@link BlobStore}. */
export class KnownBlobs {
  readonly #blobs: BlobStore;
  readonly #known = new Set<string>();
  readonly #max: number;

  constructor(blobs: BlobStore, max = 10_000) {
    this.#blobs = blobs;
    this.#max = max;
  }

  get store(): BlobStore {
    return this.#blobs;
  }

  #remember(sha256: string): void {
    if (this.#known.size >= this.#max) {
      const oldest = this.#known.values().next().value;
      if (oldest !== undefined) {
        this.#known.delete(oldest);
      }
    }
    this.#known.add(sha256);
  }

  /** Stores text (UTF-8) unless already stored. */
  async putText(text: string): Promise<StoredBlob> {
    const data = Buffer.from(text, 'utf8');
    const sha256 = createHash('sha256').update(data).digest('hex');
    if (!this.#known.has(sha256)) {
      await this.#blobs.putBytes(data);
      this.#remember(sha256);
    }
    return { sha256, size: data.byteLength };
  }

  /** True when the content is stored. */
  async exists(sha256: string): Promise<boolean> {
    if (this.#known.has(sha256)) {
      return true;
    }
    const found = await this.#blobs.exists(sha256);
    if (found) {
      this.#remember(sha256);
    }
    return found;
  }

  /** Records a hash just stored by someone else (e.g. a streamed upload). */
  note(sha256: string): void {
    this.#remember(sha256);
  }
}
