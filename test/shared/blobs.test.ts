import { createHash, randomBytes } from 'node:crypto';
import { Readable } from 'node:stream';
import { connect } from '@nats-io/transport-node';
import { BlobStore, openBlobStore, PayloadTooLargeError } from '@verzend/shared';
import { describe, expect, it } from 'vitest';
import { TestNatsServer } from '../harness';

describe('content-addressed blob store', () => {
  it('stores identical content once, streams large content, and refuses oversized streams', async () => {
    await using ns = await TestNatsServer.start();
    const nc = await connect({ servers: ns.url });
    try {
      const blobs = new BlobStore(await openBlobStore(nc), 12 * 1024 * 1024);
      const small = Buffer.from('the same invoice pdf');
      const a = await blobs.putBytes(small);
      const b = await blobs.putStream(Readable.from([small.subarray(0, 5), small.subarray(5)]));
      expect(b).toEqual(a);
      expect(a.sha256).toBe(createHash('sha256').update(small).digest('hex'));

      // Larger than the in-memory limit: spooled to disk while hashed, read back intact.
      const big = randomBytes(9 * 1024 * 1024);
      const chunks = Array.from({ length: 9 }, (_, i) =>
        big.subarray(i * 1024 * 1024, (i + 1) * 1024 * 1024),
      );
      const ref = await blobs.putStream(Readable.from(chunks));
      expect(ref.size).toBe(big.byteLength);
      const back: Buffer[] = [];
      for await (const c of await blobs.getStream(ref.sha256)) {
        back.push(c as Buffer);
      }
      expect(createHash('sha256').update(Buffer.concat(back)).digest('hex')).toBe(ref.sha256);

      await expect(
        blobs.putStream(
          Readable.from([randomBytes(7 * 1024 * 1024), randomBytes(7 * 1024 * 1024)]),
        ),
      ).rejects.toBeInstanceOf(PayloadTooLargeError);
    } finally {
      await nc.close();
    }
  });
});
