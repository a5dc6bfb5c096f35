/**
 * Reads exact byte ranges from an attachment stream, one chunk in memory at a
 * time. Moving backwards (a resume from `nextExpectedRanges` before the
 * current chunk) reopens the stream and skips forward, so memory stays at one
 * chunk whatever the file size.
 * @module
 */
import type { Readable } from 'node:stream';

/** Sequential range reader over a re-openable stream. */
export class RangeReader {
  readonly #open: () => Promise<Readable>;
  #stream: Readable | undefined;
  #iterator: AsyncIterator<Buffer> | undefined;
  #leftover: Buffer = Buffer.alloc(0);
  /** Stream offset of the first byte of `#leftover`. */
  #position = 0;
  #last: { start: number; data: Buffer } | undefined;
  /**
   * One reusable chunk buffer: allocating a fresh 3 MB buffer per chunk leaves
   * 100 MB of garbage behind a 100 MB upload before the GC catches up.
   */
  #buffer: Buffer = Buffer.alloc(0);
  /** How many times the stream was opened (1 = never reopened). */
  opens = 0;

  constructor(open: () => Promise<Readable>) {
    this.#open = open;
  }

  /**
   * Returns bytes [start, start + length). Fewer bytes only at the end of the
   * stream. The result is valid until the next call (the buffer is reused).
   */
  async read(start: number, length: number): Promise<Buffer> {
    const last = this.#last;
    if (last && start >= last.start && start + length <= last.start + last.data.length) {
      return last.data.subarray(start - last.start, start - last.start + length);
    }
    if (!this.#iterator || start < this.#position) {
      await this.#reopen();
    }
    await this.#skip(start - this.#position);
    if (this.#buffer.length < length) {
      this.#buffer = Buffer.allocUnsafe(length);
    }
    let have = 0;
    while (have < length) {
      if (this.#leftover.length === 0) {
        const next = await this.#nextChunk();
        if (!next) {
          break;
        }
        this.#leftover = next;
      }
      const take = Math.min(length - have, this.#leftover.length);
      this.#leftover.copy(this.#buffer, have, 0, take);
      this.#leftover = this.#leftover.subarray(take);
      this.#position += take;
      have += take;
    }
    const data = this.#buffer.subarray(0, have);
    this.#last = { start, data };
    return data;
  }

  /** Closes the underlying stream. */
  close(): void {
    this.#stream?.destroy();
    this.#stream = undefined;
    this.#iterator = undefined;
  }

  async #reopen(): Promise<void> {
    this.close();
    this.#stream = await this.#open();
    this.opens++;
    this.#iterator = this.#stream[Symbol.asyncIterator]() as AsyncIterator<Buffer>;
    this.#leftover = Buffer.alloc(0);
    this.#position = 0;
  }

  async #skip(bytes: number): Promise<void> {
    let remaining = bytes;
    while (remaining > 0) {
      if (this.#leftover.length === 0) {
        const next = await this.#nextChunk();
        if (!next) {
          return;
        }
        this.#leftover = next;
      }
      const drop = Math.min(remaining, this.#leftover.length);
      this.#leftover = this.#leftover.subarray(drop);
      this.#position += drop;
      remaining -= drop;
    }
  }

  async #nextChunk(): Promise<Buffer | undefined> {
    const result = await this.#iterator?.next();
    if (!result || result.done) {
      return undefined;
    }
    const value = result.value as Buffer | Uint8Array | string;
    return Buffer.isBuffer(value) ? value : Buffer.from(value as Uint8Array);
  }
}
