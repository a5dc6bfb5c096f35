import { createHash, randomBytes } from 'node:crypto';
import { Readable } from 'node:stream';
import { jetstreamManager } from '@nats-io/jetstream';
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
      expect(b).toEqual({ ...a, created: false });
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

  it('writes and reads one-chunk objects in the object store format any client reads', async () => {
    await using ns = await TestNatsServer.start();
    const nc = await connect({ servers: ns.url });
    try {
      const os = await openBlobStore(nc);
      const blobs = new BlobStore(os);
      const jsm = await jetstreamManager(nc);
      const chunkCount = async () => {
        const si = await jsm.streams.info('OBJ_verzend_blobs', {
          subjects_filter: '$O.verzend_blobs.C.>',
        });
        return Object.keys(si.state.subjects ?? {}).length;
      };

      // Ours → the client's reader (which checks the digest).
      const body = Buffer.from('<p>Invoice 103045 from CRONUS</p>'.repeat(200));
      const ref = await blobs.putBytes(body);
      expect(Buffer.from((await os.getBlob(ref.sha256)) ?? [])).toEqual(body);
      expect((await os.info(ref.sha256))?.size).toBe(body.byteLength);

      // The client's writer → ours.
      const theirs = Buffer.from('written by another client');
      await os.putBlob({ name: createHash('sha256').update(theirs).digest('hex') }, theirs);
      expect(
        Buffer.from(await blobs.getBytes(createHash('sha256').update(theirs).digest('hex'))),
      ).toEqual(theirs);

      // Same content again, and two writers of new content at once: one copy each.
      const before = await chunkCount();
      await blobs.putBytes(body);
      const fresh = randomBytes(64 * 1024);
      const [x, y] = await Promise.all([blobs.putBytes(fresh), blobs.putBytes(fresh)]);
      expect(x).toEqual(y);
      expect(await chunkCount()).toBe(before + 1);
      const streamed: Buffer[] = [];
      for await (const c of await blobs.getStream(x.sha256)) {
        streamed.push(c as Buffer);
      }
      expect(Buffer.concat(streamed)).toEqual(fresh);

      // Empty content, and content deleted then stored again.
      const empty = await blobs.putBytes(new Uint8Array(0));
      expect((await blobs.getBytes(empty.sha256)).byteLength).toBe(0);
      await os.delete(ref.sha256);
      expect(await blobs.exists(ref.sha256)).toBe(false);
      await blobs.putBytes(body);
      expect(Buffer.from(await blobs.getBytes(ref.sha256))).toEqual(body);
    } finally {
      await nc.close();
    }
  });

  it("a touch and the sweeper's conditional delete never both win; a deleted object is stored again", async () => {
    await using ns = await TestNatsServer.start();
    const nc = await connect({ servers: ns.url });
    try {
      const blobs = new BlobStore(await openBlobStore(nc), undefined, { touchAfterMs: 1 });
      const small = await blobs.putBytes(Buffer.from('terms and conditions'));
      const big = await blobs.putBytes(randomBytes(300 * 1024));
      const seen = new Map<string, { revision: number; storedAt: number }>();
      await blobs.objects((o) => {
        seen.set(o.sha256, o);
        return true;
      });
      expect([...seen.keys()].sort()).toEqual([small.sha256, big.sha256].sort());
      await new Promise((r) => setTimeout(r, 10));
      // Used again after the sweeper judged it: the touch moves its revision, the delete fails.
      const lease = await blobs.lease(small.sha256);
      expect(lease?.size).toBe(small.size);
      const judged = seen.get(small.sha256)?.revision ?? 0;
      expect(await blobs.deleteIfUnchanged(small.sha256, judged)).toBe(false);
      expect(await blobs.exists(small.sha256)).toBe(true);
      // Not used: deleted, chunks and all; its lease is gone and storing it again brings it back.
      const bigRevision = seen.get(big.sha256)?.revision ?? 0;
      expect(await blobs.deleteIfUnchanged(big.sha256, bigRevision)).toBe(true);
      expect(await blobs.exists(big.sha256)).toBe(false);
      expect(await blobs.lease(big.sha256)).toBeNull();
      const bytes = randomBytes(10);
      const again = await blobs.putBytes(bytes);
      const revisions: number[] = [];
      await blobs.objects((o) => {
        if (o.sha256 === again.sha256) {
          revisions.push(o.revision);
        }
        return true;
      });
      expect(await blobs.deleteIfUnchanged(again.sha256, revisions[0] ?? 0)).toBe(true);
      await blobs.putBytes(bytes);
      expect(Buffer.from(await blobs.getBytes(again.sha256))).toEqual(bytes);
    } finally {
      await nc.close();
    }
  });
});
