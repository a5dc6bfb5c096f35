/**
 * Spools a large attachment to a temporary file before uploading it. The
 * object store's reader pushes chunks as fast as NATS delivers them, whatever
 * the consumer does; an upload session is much slower than NATS, so reading
 * straight from it would pile most of a 100 MB file up in memory. A local
 * file drains the reader at disk speed, and gives the upload random access
 * for resuming from `nextExpectedRanges`.
 * @module
 */
import { randomUUID } from 'node:crypto';
import { createWriteStream } from 'node:fs';
import { type FileHandle, open, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pipeline } from 'node:stream/promises';
import { DeliveryError } from '@verzend/shared';
import type { OutgoingAttachment } from '../types';

/** Reads ranges of a spooled file into one reusable buffer. */
export class FileRangeReader {
  readonly path: string;
  readonly size: number;
  readonly #file: FileHandle;
  #buffer: Buffer = Buffer.alloc(0);

  private constructor(path: string, file: FileHandle, size: number) {
    this.path = path;
    this.#file = file;
    this.size = size;
  }

  /**
   * Copies the attachment into a temporary file under `dir`.
   * @throws {DeliveryError} MESSAGE_REJECTED when the stored content is not the recorded size.
   */
  static async spool(attachment: OutgoingAttachment, dir = tmpdir()): Promise<FileRangeReader> {
    const path = join(dir, `verzend-graph-${randomUUID()}`);
    try {
      await pipeline(await attachment.open(), createWriteStream(path, { mode: 0o600 }));
      const file = await open(path, 'r');
      const { size } = await file.stat();
      if (size !== attachment.size) {
        await file.close();
        throw new DeliveryError(
          'MESSAGE_REJECTED',
          `The stored attachment ${attachment.fileName} has ${size} bytes, not the recorded ${attachment.size}.`,
          { retry: false },
        );
      }
      return new FileRangeReader(path, file, size);
    } catch (err) {
      await rm(path, { force: true });
      throw err;
    }
  }

  /** Bytes [start, start + length); valid until the next call (the buffer is reused). */
  async read(start: number, length: number): Promise<Buffer> {
    if (this.#buffer.length < length) {
      this.#buffer = Buffer.allocUnsafe(length);
    }
    let have = 0;
    while (have < length) {
      const { bytesRead } = await this.#file.read(this.#buffer, have, length - have, start + have);
      if (bytesRead === 0) {
        break;
      }
      have += bytesRead;
    }
    return this.#buffer.subarray(0, have);
  }

  /** Closes and deletes the file. */
  async close(): Promise<void> {
    await this.#file.close().catch(() => undefined);
    await rm(this.path, { force: true });
  }
}

const FS_FAILURES = new Set([
  'ENOSPC',
  'EDQUOT',
  'EACCES',
  'EPERM',
  'EROFS',
  'ENOENT',
  'EMFILE',
  'ENFILE',
]);

/** True for file-system failures of the spool itself (full disk, no permission), not of the source. */
export function isSpoolFailure(err: unknown): boolean {
  return (
    typeof err === 'object' &&
    err !== null &&
    'syscall' in err &&
    'code' in err &&
    typeof err.code === 'string' &&
    FS_FAILURES.has(err.code)
  );
}
