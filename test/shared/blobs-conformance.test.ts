/**
 * Conformance of the blob store's short path with `@nats-io/obj` (ADR-0016).
 * `BlobStore` reads the client's private fields (`js`, `jsm`, `name`) and writes
 * and reads the object store's wire format itself for one-chunk objects. These
 * tests fail when the client changes either: its fields, its meta message, its
 * chunking or its digest. Every size class round-trips both ways — written by
 * us and read by the client's own reader, written by the client and read by us.
 */
import { createHash, randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { jetstreamManager } from '@nats-io/jetstream';
import type { NatsConnection } from '@nats-io/nats-core';
import type { ObjectStore } from '@nats-io/obj';
import { connect } from '@nats-io/transport-node';
import { BlobStore, NotFoundError, openBlobStore } from '@verzend/shared';
import { describe, expect, it, vi } from 'vitest';
import { TestNatsServer } from '../harness';

/** The `@nats-io/obj` version these tests were written against (ADR-0016). */
const TESTED_OBJ_VERSION = '3.4.0';
/** The object store's chunk size (the short path takes objects up to one chunk). */
const CHUNK = 128 * 1024;

const root = join(import.meta.dirname, '..', '..');
const readJson = (path: string) => JSON.parse(readFileSync(join(root, path), 'utf8'));

const SIZES: [string, number][] = [
  ['empty', 0],
  ['one byte', 1],
  ['one chunk less a byte', CHUNK - 1],
  ['exactly one chunk (the largest the short path takes)', CHUNK],
  ['one chunk and a byte', CHUNK + 1],
  ['several chunks', 3 * CHUNK + 7],
];
const shortPath = (size: number) => size <= CHUNK;
const sha = (b: Uint8Array) => createHash('sha256').update(b).digest('hex');

async function readAll(s: AsyncIterable<unknown>): Promise<Buffer> {
  const parts: Buffer[] = [];
  for await (const c of s) {
    parts.push(Buffer.from(c as Uint8Array));
  }
  return Buffer.concat(parts);
}

/** Runs `fn` against a fresh nats-server, its blob object store and our store over it. */
async function withStores(
  fn: (s: { nc: NatsConnection; os: ObjectStore; blobs: BlobStore }) => Promise<void>,
): Promise<void> {
  await using ns = await TestNatsServer.start();
  const nc = await connect({ servers: ns.url });
  try {
    const os = await openBlobStore(nc);
    await fn({ nc, os, blobs: new BlobStore(os) });
  } finally {
    await nc.close();
  }
}

describe('blob store short path conforms to @nats-io/obj', () => {
  it('runs against the pinned, tested client version', () => {
    const pinned = readJson('packages/shared/package.json').dependencies['@nats-io/obj'];
    const installed = readJson('packages/shared/node_modules/@nats-io/obj/package.json').version;
    expect(pinned).toBe(TESTED_OBJ_VERSION);
    expect(installed).toBe(TESTED_OBJ_VERSION);
  });

  it('finds the private fields it reads on the client store', async () => {
    await withStores(async ({ os }) => {
      const internals = os as unknown as Record<string, unknown>;
      expect(internals.name).toBe('verzend_blobs');
      expect(typeof (internals.js as { publish?: unknown })?.publish).toBe('function');
      expect(
        typeof (internals.jsm as { direct?: { getMessage?: unknown } })?.direct?.getMessage,
      ).toBe('function');
    });
  });

  it('every size class written by us is read by the client', async () => {
    await withStores(async ({ os, blobs }) => {
      for (const [label, size] of SIZES) {
        const data = randomBytes(size);
        const put = vi.spyOn(os, 'put');
        try {
          const ref = await blobs.putBytes(data);
          // The short path really is taken (it falls back silently when the fields are gone).
          expect(put, label).toHaveBeenCalledTimes(shortPath(size) ? 0 : 1);
          expect(ref, label).toEqual({ sha256: sha(data), size });
        } finally {
          put.mockRestore();
        }
        expect(await os.info(sha(data)), label).toMatchObject({
          name: sha(data),
          bucket: 'verzend_blobs',
          size,
          chunks: Math.ceil(size / CHUNK),
          deleted: false,
          digest: `SHA-256=${Buffer.from(sha(data), 'hex').toString('base64url')}=`,
        });
        // Both of the client's readers check the digest as they read.
        expect(Buffer.from((await os.getBlob(sha(data))) ?? []), label).toEqual(data);
        const result = await os.get(sha(data));
        expect(await readAll(result?.data as AsyncIterable<unknown>), label).toEqual(data);
      }
    });
  });

  it('every size class written by the client is read by us', async () => {
    await withStores(async ({ os, blobs }) => {
      for (const [label, size] of SIZES) {
        const data = randomBytes(size);
        await os.putBlob({ name: sha(data) }, data);
        const getBlob = vi.spyOn(os, 'getBlob');
        const put = vi.spyOn(os, 'put');
        try {
          expect(await blobs.size(sha(data)), label).toBe(size);
          expect(Buffer.from(await blobs.getBytes(sha(data))), label).toEqual(data);
          expect(await readAll(await blobs.getStream(sha(data))), label).toEqual(data);
          // Only getBytes of an object past one chunk goes through the client's reader.
          expect(getBlob, label).toHaveBeenCalledTimes(shortPath(size) ? 0 : 1);
          // Content the client stored is found, not stored again.
          expect(await blobs.putBytes(data), label).toEqual({ sha256: sha(data), size });
          expect(put, label).not.toHaveBeenCalled();
        } finally {
          getBlob.mockRestore();
          put.mockRestore();
        }
      }
    });
  });

  it('writes the same meta message fields, of the same types, as the client', async () => {
    await withStores(async ({ nc, os, blobs }) => {
      const jsm = await jetstreamManager(nc);
      const meta = async (name: string) => {
        // The meta subject is the name in base64url with padding.
        const encoded = Buffer.from(name)
          .toString('base64')
          .replaceAll('+', '-')
          .replaceAll('/', '_');
        const m = await jsm.direct.getMessage('OBJ_verzend_blobs', {
          last_by_subj: `$O.verzend_blobs.M.${encoded}`,
        });
        return m?.json<Record<string, unknown>>();
      };
      const shape = (m: Record<string, unknown> | undefined) =>
        Object.fromEntries(
          Object.entries(m ?? {})
            .map(([k, v]) => [k, k === 'options' ? v : typeof v] as const)
            .sort(([a], [b]) => a.localeCompare(b)),
        );
      const ours = randomBytes(100);
      const theirs = randomBytes(100);
      await blobs.putBytes(ours);
      await os.putBlob({ name: sha(theirs) }, theirs);
      const a = await meta(sha(ours));
      expect(a).toBeDefined();
      expect(shape(a)).toEqual(shape(await meta(sha(theirs))));
    });
  });

  it('deletes with the client and stores again with the short path', async () => {
    await withStores(async ({ os, blobs }) => {
      const data = randomBytes(10);
      await blobs.putBytes(data);
      await os.delete(sha(data));
      expect(await blobs.exists(sha(data))).toBe(false);
      await expect(blobs.getBytes(sha(data))).rejects.toBeInstanceOf(NotFoundError);
      await blobs.putBytes(data);
      expect(Buffer.from((await os.getBlob(sha(data))) ?? [])).toEqual(data);
    });
  });
});
