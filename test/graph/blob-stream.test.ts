/**
 * The bounded object-store reader returns the exact bytes, reads only as the
 * consumer asks, and detects missing objects.
 */
import { createHash } from 'node:crypto';
import { jetstreamManager } from '@nats-io/jetstream';
import { Objm } from '@nats-io/obj';
import { connect } from '@nats-io/transport-node';
import { boundedObjectStream } from '@verzend/shared';
import { describe, expect, it } from 'vitest';
import { TestNatsServer, track } from '../harness';

describe('boundedObjectStream', () => {
  it('streams an object chunk by chunk with backpressure, hash checked', async () => {
    await using nats = await TestNatsServer.start();
    const nc = await connect({ servers: nats.url });
    const untrack = track('blob-stream test connection');
    try {
      const os = await new Objm(nc).create('bounded');
      const data = Buffer.alloc(3 * 1024 * 1024 + 12_345);
      for (let i = 0; i < data.length; i++) {
        data[i] = (i * 31) % 251;
      }
      // Another object written in between, so chunk sequences interleave.
      await os.putBlob({ name: 'a' }, data);
      await os.putBlob({ name: 'b' }, Buffer.alloc(500_000, 9));
      const info = await os.info('a');
      const jsm = await jetstreamManager(nc);
      const stream = boundedObjectStream(jsm, 'bounded', info!);
      // Nothing is read before the consumer asks; then it stays a few chunks ahead.
      await new Promise((r) => setTimeout(r, 50));
      expect(stream.readableLength).toBeLessThanOrEqual(512 * 1024);
      const hash = createHash('sha256');
      let size = 0;
      for await (const chunk of stream) {
        hash.update(chunk as Buffer);
        size += (chunk as Buffer).length;
        expect(stream.readableLength).toBeLessThanOrEqual(512 * 1024);
      }
      expect(size).toBe(data.length);
      expect(hash.digest('hex')).toBe(createHash('sha256').update(data).digest('hex'));
    } finally {
      await nc.close();
      untrack();
    }
  });

  it('fails the stream when chunks are missing', async () => {
    await using nats = await TestNatsServer.start();
    const nc = await connect({ servers: nats.url });
    const untrack = track('blob-stream test connection');
    try {
      await new Objm(nc).create('bounded2');
      const jsm = await jetstreamManager(nc);
      const stream = boundedObjectStream(jsm, 'bounded2', {
        name: 'ghost',
        nuid: 'nonexistent',
        size: 10,
        digest: 'SHA-256=x',
      });
      await expect(
        (async () => {
          for await (const _ of stream) {
            // drain
          }
        })(),
      ).rejects.toThrow();
    } finally {
      await nc.close();
      untrack();
    }
  });
});
