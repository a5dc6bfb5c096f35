/**
 * A bounded reader for the NATS object store. `@nats-io/obj`'s `get()` pushes
 * every chunk into its stream as fast as NATS delivers, whatever the reader
 * does, so a 100 MB attachment sent slower than NATS reads ends up in memory.
 * This reader fetches chunk by chunk (`STREAM.MSG.GET` with `next_by_subj`,
 * NATS ≥ 2.9) only when the consumer asks for more, and checks the object's
 * SHA-256 at the end.
 * @module
 */
import { createHash } from 'node:crypto';
import { Readable } from 'node:stream';
import type { JetStreamManager } from '@nats-io/jetstream';

type MsgRequest = Parameters<JetStreamManager['streams']['getMessage']>[1];

import type { ObjectInfo } from '@nats-io/obj';
import { NotFoundError } from './errors';

/** The object store's digest (`SHA-256=<base64url>`) as hex, or undefined when it has another form. */
function digestHex(digest: string): string | undefined {
  const m = /^SHA-256=(.+)$/i.exec(digest);
  if (!m?.[1]) {
    return undefined;
  }
  return Buffer.from(m[1].replaceAll('-', '+').replaceAll('_', '/'), 'base64').toString('hex');
}

/**
 * Streams an object's content with backpressure: at most a few chunks
 * (≈128 KiB each) are in memory at a time.
 * @param bucket the object store's name (its stream is `OBJ_<bucket>`).
 * @throws {NotFoundError} (through the stream) when a chunk is missing.
 */
export function boundedObjectStream(
  jsm: JetStreamManager,
  bucket: string,
  info: Pick<ObjectInfo, 'nuid' | 'size' | 'digest' | 'name'>,
): Readable {
  const stream = `OBJ_${bucket}`;
  const subject = `$O.${bucket}.C.${info.nuid}`;
  async function* chunks(): AsyncGenerator<Buffer> {
    const hash = createHash('sha256');
    let seq = 0;
    let received = 0;
    while (received < info.size) {
      // STREAM.MSG.GET takes next_by_subj since NATS 2.9; the client's type only lists seq/last_by_subj.
      const request = { next_by_subj: subject, seq: seq + 1 } as unknown as MsgRequest;
      const msg = await jsm.streams.getMessage(stream, request);
      if (!msg) {
        throw new NotFoundError(`Object ${info.name} is missing chunks after ${received} bytes.`);
      }
      seq = msg.seq;
      const data = Buffer.from(msg.data.buffer, msg.data.byteOffset, msg.data.byteLength);
      hash.update(data);
      received += data.length;
      yield data;
    }
    const expected = digestHex(info.digest);
    if (expected !== undefined && expected !== hash.digest('hex')) {
      throw new Error(`Object ${info.name} is corrupt: its SHA-256 does not match.`);
    }
  }
  // Two chunks of read-ahead keep the pipe busy without holding the object.
  return Readable.from(chunks(), { objectMode: false, highWaterMark: 256 * 1024 });
}
