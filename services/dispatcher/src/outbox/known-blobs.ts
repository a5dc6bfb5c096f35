/**
 * Remembers which blob hashes are known to be stored, so the hot path (the same
 * logo, the same body template) does not ask the object store again for every
 * email, and hands the bodies this replica just stored to its own sender
 * through the hand-off (`emails/handoff.ts`).
 * Content-addressed blobs never change, so a hit can never be stale.
 * Whatever it stores for a company becomes that company's to use by reference
 * (the ownership index, ADR-0021).
 * @module
 */
import { createHash } from 'node:crypto';
import { type BlobOwnership, type BlobStore, type StoredBlob, unownedBlobs } from '@verzend/shared';
import { type Handoff, NO_HANDOFF } from '../emails/handoff';

/** A bounded set of stored hashes in front of a {@link BlobStore}. */
export class KnownBlobs {
  readonly #blobs: BlobStore;
  readonly #owners: BlobOwnership;
  /** Stored hashes and their measured sizes. */
  readonly #known = new Map<string, number>();
  readonly #max: number;
  readonly #handoff: Handoff;

  constructor(blobs: BlobStore, owners: BlobOwnership, handoff = NO_HANDOFF, max = 10_000) {
    this.#blobs = blobs;
    this.#owners = owners;
    this.#handoff = handoff;
    this.#max = max;
  }

  get store(): BlobStore {
    return this.#blobs;
  }

  #remember(sha256: string, size: number): void {
    if (this.#known.size >= this.#max) {
      const oldest = this.#known.keys().next().value;
      if (oldest !== undefined) {
        this.#known.delete(oldest);
      }
    }
    this.#known.set(sha256, size);
  }

  /** Stores a company's text (UTF-8) unless already stored, and hands it to this replica's sender. */
  async putText(text: string, company: string): Promise<StoredBlob> {
    const data = Buffer.from(text, 'utf8');
    const sha256 = createHash('sha256').update(data).digest('hex');
    const ref = { sha256, size: data.byteLength };
    // The grant and the write are independent: both must be durable before the reference is used.
    await Promise.all([
      this.#known.has(sha256)
        ? undefined
        : this.#blobs.putBytes(data).then(() => this.#remember(sha256, data.byteLength)),
      this.#owners.grant(company, ref),
    ]);
    this.#handoff.keepText(sha256, text);
    return ref;
  }

  /** Stores a company's bytes unless already stored (e.g. a filled Word document to attach). */
  async putBytes(data: Uint8Array, company: string): Promise<StoredBlob> {
    const sha256 = createHash('sha256').update(data).digest('hex');
    const ref = { sha256, size: data.byteLength };
    // An ownership of bytes the company had is sound even before they are stored: write both at once.
    await Promise.all([this.#blobs.putBytes(data), this.#owners.grant(company, ref)]);
    this.#remember(sha256, ref.size);
    return ref;
  }

  /** Reads a whole blob. */
  getBytes(sha256: string): Promise<Uint8Array> {
    return this.#blobs.getBytes(sha256);
  }

  /** True when the content is stored. */
  async exists(sha256: string): Promise<boolean> {
    return (await this.size(sha256)) !== null;
  }

  /** The measured size of stored content (never what a client declared), or null when not stored. */
  async size(sha256: string): Promise<number | null> {
    const known = this.#known.get(sha256);
    if (known !== undefined) {
      return known;
    }
    const size = await this.#blobs.size(sha256);
    if (size !== null) {
      this.#remember(sha256, size);
    }
    return size;
  }

  /** Records content just stored by someone else (e.g. a streamed upload), with its measured size. */
  note(sha256: string, size: number): void {
    this.#remember(sha256, size);
  }

  /** Makes content the company's to use by reference (ADR-0021), without vouching that it is stored. */
  grant(company: string, blob: StoredBlob): Promise<void> {
    return this.#owners.grant(company, blob);
  }

  /**
   * Records content stored for a company (an upload that is kept) or already
   * belonging to it (the attachments of its own email): known to be stored,
   * and the company's to use by reference.
   */
  async adopt(company: string, blob: StoredBlob): Promise<void> {
    await this.#owners.grant(company, blob);
    this.#remember(blob.sha256, blob.size);
  }

  /** Positions of the hashes `company` does not own (unknown ones included: the answer is the same). */
  unowned(company: string, sha256s: readonly string[]): Promise<number[]> {
    return unownedBlobs(this.#owners, company, sha256s);
  }
}
