import { describe, expect, it } from 'vitest';
import { blobOwnerKey, MemoryBlobOwners, requireOwnedBlob, unownedBlobs } from './blob-owners';
import { NotFoundError } from './errors';

const sha = (c: string) => c.repeat(64);

describe('blob ownership', () => {
  it('keys ownerships by company and hash, refusing anything that could widen a key', () => {
    expect(blobOwnerKey('cronus', sha('a'))).toBe(`cronus.${sha('a')}`);
    expect(() => blobOwnerKey('cronus.*', sha('a'))).toThrow(TypeError);
    expect(() => blobOwnerKey('cronus', 'A'.repeat(64))).toThrow(TypeError);
    expect(() => blobOwnerKey('cronus', `${sha('a')}.x`)).toThrow(TypeError);
  });

  it('answers an unowned hash as a missing one, per company', async () => {
    const owners = new MemoryBlobOwners();
    await owners.grant('cronus', { sha256: sha('a'), size: 3 });
    await owners.grant('fabrikam', { sha256: sha('b'), size: 4 });
    await owners.grant('fabrikam', { sha256: sha('a'), size: 3 });
    expect(await unownedBlobs(owners, 'cronus', [sha('a'), sha('b'), sha('c')])).toEqual([1, 2]);
    expect(await unownedBlobs(owners, 'fabrikam', [sha('a'), sha('b')])).toEqual([]);
    await expect(requireOwnedBlob(owners, 'cronus', sha('b'))).rejects.toBeInstanceOf(
      NotFoundError,
    );
    await expect(requireOwnedBlob(owners, 'cronus', sha('a'))).resolves.toBeUndefined();
  });
});
