/**
 * The blobs a company's configuration refers to (layouts, default
 * attachments), and making them the company's in the ownership index
 * (ADR-0021): when a copy gives them to a new company, and once at start for
 * configuration stored before the index existed.
 * @module
 */

import type { OwnedBlob } from '@verzend/shared';
import { listKeys } from '@verzend/shared';
import type { ConfigContext } from '../context';

const SHA256 = /^[a-f0-9]{64}$/;

/** Every blob reference (`{ sha256, size }`) inside a configuration document. */
export function blobRefsIn(value: unknown, found: OwnedBlob[] = []): OwnedBlob[] {
  if (value === null || typeof value !== 'object') {
    return found;
  }
  const v = value as Record<string, unknown>;
  if (typeof v.sha256 === 'string' && SHA256.test(v.sha256) && typeof v.size === 'number') {
    found.push({ sha256: v.sha256, size: v.size });
    return found;
  }
  for (const child of Object.values(v)) {
    blobRefsIn(child, found);
  }
  return found;
}

/** Key filters of the documents that carry blobs: `<company>.layout.<id>`, `<company>.attachment.…`. */
const WITH_BLOBS = ['*.layout.*', '*.attachment.>'];

/**
 * Grants every company the blobs its layouts and default attachments name and
 * it does not own yet (a read each; a write only for the missing ones).
 * Idempotent; returns how many ownerships it recorded.
 */
export async function grantConfiguredBlobs(ctx: ConfigContext): Promise<number> {
  const keys: string[] = [];
  for (const filter of WITH_BLOBS) {
    keys.push(...(await listKeys(ctx.config.kv, filter)));
  }
  let granted = 0;
  for (const key of keys) {
    const doc = await ctx.config.get<unknown>(key);
    const company = key.slice(0, key.indexOf('.'));
    for (const blob of blobRefsIn(doc?.value)) {
      if (!(await ctx.owners.owns(company, blob.sha256))) {
        await ctx.owners.grant(company, blob);
        granted++;
      }
    }
  }
  return granted;
}
