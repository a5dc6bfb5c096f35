import { createHash } from 'node:crypto';
import { PayloadTooLargeError, type Permission, type StoredBlob, signToken } from '@verzend/shared';
import { describe, expect, it } from 'vitest';
import type { KnownBlobs } from '../outbox/known-blobs';
import { registerBlobs } from './blobs';
import { TEST_SECRET, testApp } from './test-app';

const secret = TEST_SECRET;

/** A store that hashes what it reads, as the real one, and records who adopted what. */
function build(maxBytes = 1024) {
  const adopted: { company: string; blob: StoredBlob }[] = [];
  const deleted: string[] = [];
  const blobs = {
    store: {
      async putStream(
        source: AsyncIterable<Uint8Array>,
        max: number,
      ): Promise<StoredBlob & { created: boolean }> {
        const hash = createHash('sha256');
        let size = 0;
        for await (const chunk of source) {
          size += chunk.byteLength;
          if (size > max) {
            throw new PayloadTooLargeError(`The content is larger than ${max} bytes.`);
          }
          hash.update(chunk);
        }
        return { sha256: hash.digest('hex'), size, created: true };
      },
      async delete(sha256: string) {
        deleted.push(sha256);
      },
    },
    async adopt(company: string, blob: StoredBlob) {
      adopted.push({ company, blob });
    },
  } as unknown as KnownBlobs;
  const app = testApp();
  registerBlobs(app, { blobs, maxBytes });
  return { app, adopted, deleted };
}

const sha256 = (text: string) => createHash('sha256').update(text).digest('hex');

const upload = async (
  app: ReturnType<typeof build>['app'],
  body: string,
  perms: Permission[] = ['email-edit'],
  named = sha256(body),
  type = 'application/json',
) =>
  app.request(`/v1/blobs/${named}`, {
    method: 'PUT',
    headers: {
      authorization: `Bearer ${await signToken(secret, { sub: 'u1', company: 'cronus', perms })}`,
      'content-type': type,
    },
    body,
  });

describe('PUT /v1/blobs/{sha256}', () => {
  it("measures the upload and makes it the caller's company's", async () => {
    const { app, adopted } = build();
    const res = await upload(app, '{"Lines":[]}');
    expect(res.status).toBe(201);
    const blob = { sha256: sha256('{"Lines":[]}'), size: 12 };
    expect(await res.json()).toEqual(blob);
    expect(adopted).toEqual([{ company: 'cronus', blob }]);
  });

  it('refuses content that is not what the path names, a bad hash, no permission or too much, owning nothing', async () => {
    const { app, adopted, deleted } = build(8);
    const other = await upload(app, 'x', ['email-edit'], sha256('y'));
    expect(other.status).toBe(400);
    expect(deleted).toEqual([sha256('x')]);
    expect(((await other.json()) as { errors: unknown }).errors).toEqual([
      { path: 'sha256', message: 'does not match the content' },
    ]);
    expect((await upload(app, 'x', ['email-edit'], 'not-a-hash')).status).toBe(400);
    expect((await upload(app, 'x', ['email-read'])).status).toBe(403);
    expect((await upload(app, 'x', ['email-edit'], sha256('x'), 'text/plain')).status).toBe(415);
    const large = await upload(app, 'more than eight bytes');
    expect(large.status).toBe(413);
    expect(((await large.json()) as { code: string }).code).toBe('PAYLOAD_TOO_LARGE');
    expect(adopted).toEqual([]);
  });
});
