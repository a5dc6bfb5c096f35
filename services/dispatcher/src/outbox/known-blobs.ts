/**
 * Remembers which blob hashes are known to be stored, so the hot path (the same
 * logo, the same body template) does not ask the object store again for every
 * email, and hands the bodies this replica just stored to its own sender
 * through the hand-off (`emails/handoff.ts`).
 * Content-addressed blobs never change; they may only be deleted once nothing
 * references them (ADR-0026), so a hit counts only while its lease is younger
 * than the touch interval, and {@link KnownBlobs.keep} confirms the leases of an
 * email's blobs right before its record is written.
 * Whatever it stores for a company becomes that company's to use by reference
 * (the ownership index, ADR-0021).
 * @module
 */
import { createHash } from 'node:crypto';
import {
  type BlobOwnership,
  type BlobStore,
  DEFAULT_TOUCH_AFTER_MS,
  type StoredBlob,
  UnavailableError,
  unownedBlobs,
} from '@verzend/shared';
import { type Handoff, NO_HANDOFF } from '../emails/handoff';

/** A stored hash: its measured size and since when its lease runs (ms since the epoch). */
interface Known {
  size: number;
  since: number;
}

/** A bounded set of stored hashes in front of a {@link BlobStore}. */
export class KnownBlobs {
  readonly #blobs: BlobStore;
  readonly #owners: BlobOwnership;
  /** Stored hashes, their measured sizes and leases. */
  readonly #known = new Map<string, Known>();
  readonly #max: number;
  /** A lease older than this is confirmed (and the object touched) again. */
  readonly #freshMs: number;
  readonly #handoff: Handoff;

  constructor(
    blobs: BlobStore,
    owners: BlobOwnership,
    handoff = NO_HANDOFF,
    max = 10_000,
    freshMs = DEFAULT_TOUCH_AFTER_MS,
  ) {
    this.#freshMs = freshMs;
    this.#blobs = blobs;
    this.#owners = owners;
    this.#handoff = handoff;
    this.#max = max;
  }

  get store(): BlobStore {
    return this.#blobs;
  }

  #remember(sha256: string, size: number, since: number): void {
    this.#known.delete(sha256);
    if (this.#known.size >= this.#max) {
      const oldest = this.#known.keys().next().value;
      if (oldest !== undefined) {
        this.#known.delete(oldest);
      }
    }
    this.#known.set(sha256, { size, since });
  }

  /** The cached entry while its lease is fresh. */
  #fresh(sha256: string): Known | undefined {
    const known = this.#known.get(sha256);
    return known && Date.now() - known.since <= this.#freshMs ? known : undefined;
  }

  /** Stores a company's text (UTF-8) unless already stored, and hands it to this replica's sender. */
  async putText(text: string, company: string): Promise<StoredBlob> {
    const data = Buffer.from(text, 'utf8');
    const sha256 = createHash('sha256').update(data).digest('hex');
    const ref = { sha256, size: data.byteLength };
    const since = Date.now();
    // The grant and the write are independent: both must be durable before the reference is used.
    await Promise.all([
      this.#fresh(sha256)
        ? undefined
        : this.#blobs.putBytes(data).then(() => this.#remember(sha256, data.byteLength, since)),
      this.#owners.grant(company, ref),
    ]);
    this.#handoff.keepText(sha256, text);
    return ref;
  }

  /** Stores a company's bytes unless already stored (e.g. a filled Word document to attach). */
  async putBytes(data: Uint8Array, company: string): Promise<StoredBlob> {
    const sha256 = createHash('sha256').update(data).digest('hex');
    const ref = { sha256, size: data.byteLength };
    const since = Date.now();
    // An ownership of bytes the company had is sound even before they are stored: write both at once.
    await Promise.all([this.#blobs.putBytes(data), this.#owners.grant(company, ref)]);
    this.#remember(sha256, ref.size, since);
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
    const known = this.#fresh(sha256);
    if (known !== undefined) {
      return known.size;
    }
    const lease = await this.#blobs.lease(sha256);
    if (lease === null) {
      this.#known.delete(sha256);
      return null;
    }
    this.#remember(sha256, lease.size, lease.since);
    return lease.size;
  }

  /**
   * Confirms, right before a record naming these blobs is written, that each is
   * stored and its lease fresh (touching the stale ones): the sweeper then cannot
   * delete any of them before the record is there to be seen (ADR-0026).
   * @throws {UnavailableError} when one was deleted meanwhile (retryable: a new
   *   try stores the bodies again; an attachment then gets the "not stored" answer).
   */
  async keep(sha256s: Iterable<string>): Promise<void> {
    const gone: string[] = [];
    await Promise.all(
      [...new Set(sha256s)].map(async (sha256) => {
        if ((await this.size(sha256)) === null) {
          gone.push(sha256);
        }
      }),
    );
    if (gone.length > 0) {
      throw new UnavailableError(
        `Stored content ${gone[0]} was removed while the email was being accepted; send it again.`,
        { retry: true },
      );
    }
  }

  /** Records content just stored by someone else (e.g. a streamed upload), with its measured size. */
  note(sha256: string, size: number, since = Date.now()): void {
    this.#remember(sha256, size, since);
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
    // Known to be stored, but its lease is unknown: the next look-up confirms it.
    this.#remember(blob.sha256, blob.size, 0);
  }

  /** Positions of the hashes `company` does not own (unknown ones included: the answer is the same). */
  unowned(company: string, sha256s: readonly string[]): Promise<number[]> {
    return unownedBlobs(this.#owners, company, sha256s);
  }
}
