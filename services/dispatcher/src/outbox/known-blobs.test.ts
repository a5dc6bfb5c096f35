import { type BlobLease, type BlobStore, MemoryBlobOwners } from '@verzend/shared';
import { describe, expect, it } from 'vitest';
import { KnownBlobs } from './known-blobs';

/** A store whose leases the test controls, counting look-ups. */
function store(leases: Map<string, BlobLease | null>) {
  const asked: string[] = [];
  const blobs = {
    lease: async (sha256: string) => {
      asked.push(sha256);
      return leases.get(sha256) ?? null;
    },
    putBytes: async (d: Uint8Array) => ({ sha256: 'e'.repeat(64), size: d.byteLength }),
  } as unknown as BlobStore;
  return { blobs, asked };
}

const A = 'a'.repeat(64);
const B = 'b'.repeat(64);

describe('KnownBlobs leases', () => {
  it('confirms a blob once per touch interval, then from memory', async () => {
    const { blobs, asked } = store(new Map([[A, { size: 7, since: Date.now() }]]));
    const known = new KnownBlobs(blobs, new MemoryBlobOwners(), undefined, 10, 60_000);
    expect(await known.size(A)).toBe(7);
    expect(await known.size(A)).toBe(7);
    await known.keep([A, A]);
    expect(asked).toEqual([A]);
  });

  it('asks again when the lease it remembers is older than the touch interval', async () => {
    const { blobs, asked } = store(new Map([[A, { size: 7, since: Date.now() - 120_000 }]]));
    const known = new KnownBlobs(blobs, new MemoryBlobOwners(), undefined, 10, 60_000);
    await known.size(A);
    await known.keep([A]);
    expect(asked).toEqual([A, A]);
  });

  it('refuses to keep a blob that is no longer stored, retryably', async () => {
    const leases = new Map<string, BlobLease | null>([[A, { size: 7, since: Date.now() }]]);
    const { blobs } = store(leases);
    const known = new KnownBlobs(blobs, new MemoryBlobOwners(), undefined, 10, 60_000);
    await expect(known.keep([A, B])).rejects.toMatchObject({ code: 'UNAVAILABLE', retry: true });
    await known.keep([A]);
  });

  it('treats adopted content as stored but confirms its lease before keeping it', async () => {
    const { blobs, asked } = store(new Map([[A, { size: 7, since: Date.now() }]]));
    const known = new KnownBlobs(blobs, new MemoryBlobOwners(), undefined, 10, 60_000);
    await known.adopt('cronus', { sha256: A, size: 7 });
    await known.keep([A]);
    expect(asked).toEqual([A]);
  });
});
