/**
 * Remembers which blob hashes are known to be stored, so the hot path (the same
 * logo, the same body template) does not ask the object store again for every
 * email, and keeps the bodies this replica just stored: its own sender usually
 * sends the email next and reads them from here instead of from NATS.
 * Content-addressed blobs never change, so a hit can never be stale.
 * @module
 */
import { createHash } from 'node:crypto';
import type { BlobStore, StoredBlob } from '@verzend/shared';

/** Default budget of kept body text, in UTF-16 code units (about 2 bytes each). */
const TEXT_BUDGET = 8 * 1024 * 1024;

/** A bounded set of stored hashes (and recent bodies) in front of a {@link BlobStore}. */
export class KnownBlobs {
  readonly #blobs: BlobStore;
  /** Stored hashes and their measured sizes. */
  readonly #known = new Map<string, number>();
  readonly #max: number;
  /** Recently stored bodies by hash, oldest first; each is taken once by the sender. */
  readonly #texts = new Map<string, string>();
  readonly #textBudget: number;
  #textSize = 0;

  constructor(blobs: BlobStore, max = 10_000, textBudget = TEXT_BUDGET) {
    this.#blobs = blobs;
    this.#max = max;
    this.#textBudget = textBudget;
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

  #keepText(sha256: string, text: string): void {
    if (text.length > this.#textBudget / 8 || this.#texts.has(sha256)) {
      return;
    }
    this.#texts.set(sha256, text);
    this.#textSize += text.length;
    while (this.#textSize > this.#textBudget) {
      const [oldest, value] = this.#texts.entries().next().value as [string, string];
      this.#texts.delete(oldest);
      this.#textSize -= value.length;
    }
  }

  /** Stores text (UTF-8) unless already stored, and keeps it for the sender for a while. */
  async putText(text: string): Promise<StoredBlob> {
    const data = Buffer.from(text, 'utf8');
    const sha256 = createHash('sha256').update(data).digest('hex');
    if (!this.#known.has(sha256)) {
      await this.#blobs.putBytes(data);
      this.#remember(sha256, data.byteLength);
    }
    this.#keepText(sha256, text);
    return { sha256, size: data.byteLength };
  }

  /** A body this replica stored recently, taken out of the keep (the sender reads it once), or undefined. */
  takeText(sha256: string): string | undefined {
    const text = this.#texts.get(sha256);
    if (text !== undefined) {
      this.#texts.delete(sha256);
      this.#textSize -= text.length;
    }
    return text;
  }

  /** Stores bytes unless already stored (e.g. a filled Word document to attach). */
  async putBytes(data: Uint8Array): Promise<StoredBlob> {
    const ref = await this.#blobs.putBytes(data);
    this.#remember(ref.sha256, ref.size);
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
}
