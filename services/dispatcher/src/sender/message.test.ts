import type { BlobStore } from '@verzend/shared';
import { describe, expect, it } from 'vitest';
import { BodyCache } from './message';

/** A blob store that counts reads and fails the first `failures` of them. */
function store(failures = 0) {
  const reads: string[] = [];
  let left = failures;
  const blobs = {
    getBytes: async (sha256: string) => {
      reads.push(sha256);
      if (left > 0) {
        left--;
        throw new Error('NATS not answering');
      }
      return Buffer.from(`body ${sha256}`);
    },
  } as unknown as BlobStore;
  return { blobs, reads };
}

const ref = (sha256: string) => ({ sha256, size: 1, contentType: 'text/html' });

describe('BodyCache.warm', () => {
  it('starts both reads at once; building the attempt later reads nothing more', async () => {
    const { blobs, reads } = store();
    const bodies = new BodyCache(blobs);
    bodies.warm({ htmlBody: ref('h1'), textBody: ref('t1') } as never);
    expect(reads).toEqual(['h1', 't1']);
    expect(await bodies.text('h1')).toBe('body h1');
    expect(await bodies.text('t1')).toBe('body t1');
    expect(reads).toEqual(['h1', 't1']);
  });

  it('a failed early read is forgotten (no unhandled rejection) and read again when needed', async () => {
    const { blobs, reads } = store(1);
    const bodies = new BodyCache(blobs);
    bodies.warm({ htmlBody: ref('h1'), textBody: null } as never);
    await new Promise((r) => setTimeout(r, 0));
    expect(await bodies.text('h1')).toBe('body h1');
    expect(reads).toEqual(['h1', 'h1']);
  });
});
