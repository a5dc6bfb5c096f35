import { createHash } from 'node:crypto';
import {
  createLogger,
  createRegistry,
  createServiceApp,
  createVerifier,
  PayloadTooLargeError,
  type Permission,
  type StoredBlob,
  signToken,
} from '@verzend/shared';
import { describe, expect, it } from 'vitest';
import type { KnownBlobs } from '../outbox/known-blobs';
import { registerBlobs } from './blobs';

const secret = 'a-test-secret-that-is-long-enough-for-hs256';

/** A store that hashes what it reads, as the real one, and records who adopted what. */
function build(maxBytes = 1024) {
  const adopted: { company: string; blob: StoredBlob }[] = [];
  const blobs = {
    store: {
      async putStream(source: AsyncIterable<Uint8Array>, max: number): Promise<StoredBlob> {
        const hash = createHash('sha256');
        let size = 0;
        for await (const chunk of source) {
          size += chunk.byteLength;
          if (size > max) {
            throw new PayloadTooLargeError(`The content is larger than ${max} bytes.`);
          }
          hash.update(chunk);
        }
        return { sha256: hash.digest('hex'), size };
      },
    },
    async adopt(company: string, blob: StoredBlob) {
      adopted.push({ company, blob });
    },
  } as unknown as KnownBlobs;
  const app = createServiceApp({
    service: 'dispatcher',
    version: 'test',
    description: 'test',
    logger: createLogger({ service: 'test', level: 'silent' }),
    registry: createRegistry('test', false),
    verifyToken: createVerifier({ secret }),
    readiness: [],
  });
  registerBlobs(app, { blobs, maxBytes });
  return { app, adopted };
}

const upload = async (
  app: ReturnType<typeof build>['app'],
  body: string,
  perms: Permission[] = ['email-edit'],
) =>
  app.request('/v1/blobs', {
    method: 'POST',
    headers: {
      authorization: `Bearer ${await signToken(secret, { sub: 'u1', company: 'cronus', perms })}`,
      'content-type': 'application/json',
    },
    body,
  });

describe('POST /v1/blobs', () => {
  it("measures the upload and makes it the caller's company's", async () => {
    const { app, adopted } = build();
    const res = await upload(app, '{"Lines":[]}');
    expect(res.status).toBe(201);
    const blob = { sha256: createHash('sha256').update('{"Lines":[]}').digest('hex'), size: 12 };
    expect(await res.json()).toEqual(blob);
    expect(adopted).toEqual([{ company: 'cronus', blob }]);
  });

  it('needs the edit permission and refuses more than the limit, owning nothing', async () => {
    const { app, adopted } = build(8);
    expect((await upload(app, 'x', ['email-read'])).status).toBe(403);
    const large = await upload(app, 'more than eight bytes');
    expect(large.status).toBe(413);
    expect(((await large.json()) as { code: string }).code).toBe('PAYLOAD_TOO_LARGE');
    expect(adopted).toEqual([]);
  });
});
