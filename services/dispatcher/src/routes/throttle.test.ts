import type { KV } from '@nats-io/kv';
import type { Account } from '@verzend/connectors';
import { NotFoundError, type Permission, signToken } from '@verzend/shared';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { CompanyAccounts, ConfigLookups } from '../accounts/config-client';
import { MemoryKv } from '../throttle/fake-kv';
import { Limiter } from '../throttle/limiter';
import { TEST_SECRET, testAccount, testApp } from './test-app';
import { registerThrottle } from './throttle';

const WINDOW_MS = 60_000;
const never = new AbortController().signal;

/** Two companies' accounts, as config holds them. */
const ACCOUNTS: Account[] = [
  testAccount('cronus', 'b-busy', { rateLimitPerMinute: 10, dailyRecipientQuota: 100 }),
  testAccount('cronus', 'a-idle', { rateLimitPerMinute: 30, concurrencyLimit: 2 }),
  testAccount('cronus', 'c-third'),
  testAccount('globex', 'g-only', { rateLimitPerMinute: 5 }),
];

const lookups = (accounts: Account[]): ConfigLookups & CompanyAccounts =>
  ({
    async accounts(company) {
      return accounts.filter((a) => a.company === company);
    },
    async resolveAccount(company, by) {
      const account = accounts.find((a) => a.company === company && a.id === by.accountId);
      if (!account) {
        throw new NotFoundError(`No account ${by.accountId}.`);
      }
      return { account, secrets: {} };
    },
  }) as ConfigLookups & CompanyAccounts;

let limiter: Limiter;
beforeEach(() => {
  limiter = new Limiter(new MemoryKv() as unknown as KV, {
    windowMs: WINDOW_MS,
    leaseMs: 5_000,
    holder: 'r1',
  });
});
afterEach(() => limiter.close());

function build(config = lookups(ACCOUNTS)) {
  const app = testApp();
  registerThrottle(app, { limiter, config, accounts: config, windowMs: WINDOW_MS });
  return app;
}

const token = (company = 'cronus', perms: Permission[] = ['email-admin']) =>
  signToken(TEST_SECRET, { sub: 'u1', company, perms });

async function get(app: ReturnType<typeof build>, path: string, bearer: string) {
  const res = await app.request(path, { headers: { authorization: `Bearer ${bearer}` } });
  // biome-ignore lint/suspicious/noExplicitAny: response bodies are inspected loosely in these tests
  return { res, body: (await res.json()) as any };
}

/** One finished send and one in flight on cronus's busy account, 3 recipients each. */
async function busy() {
  const account = ACCOUNTS[0] as Account;
  const limits = { ratePerWindow: 10, concurrency: 3, dailyRecipientQuota: 100 };
  const first = await limiter.acquire('cronus', account.id, limits, 3, never);
  const second = await limiter.acquire('cronus', account.id, limits, 3, never);
  if (!first || first === 'hand-over' || !second || second === 'hand-over') {
    throw new Error('no slot');
  }
  await limiter.release(first.slot, true);
}

describe('GET /v1/throttle', () => {
  it("answers every account of the caller's company in one call, by id", async () => {
    await busy();
    const app = build();
    const { res, body } = await get(app, '/v1/throttle', await token());
    expect(res.status).toBe(200);
    expect(body.nextCursor).toBeNull();
    expect(body.items.map((s: { accountId: string }) => s.accountId)).toEqual([
      'a-idle',
      'b-busy',
      'c-third',
    ]);
    expect(body.items[1]).toEqual({
      accountId: 'b-busy',
      windowMs: WINDOW_MS,
      rateLimit: 10,
      sendsInWindow: 2,
      inFlight: 1,
      concurrencyLimit: 3,
      dailyRecipientQuota: 100,
      recipientsLast24h: 6,
      nextFreeAt: null,
    });
    // An account that never sent has no key yet: it reads as empty, with its own limits.
    expect(body.items[0]).toMatchObject({
      accountId: 'a-idle',
      rateLimit: 30,
      sendsInWindow: 0,
      inFlight: 0,
      concurrencyLimit: 2,
    });
    // Each item is what the single-account route answers.
    const one = await get(app, '/v1/throttle/b-busy', await token());
    expect(one.res.status).toBe(200);
    expect(one.body).toEqual(body.items[1]);
  });

  it('pages with limit and cursor, and refuses a cursor it did not issue', async () => {
    const app = build();
    const first = await get(app, '/v1/throttle?limit=2', await token());
    expect(first.body.items.map((s: { accountId: string }) => s.accountId)).toEqual([
      'a-idle',
      'b-busy',
    ]);
    expect(first.body.nextCursor).toEqual(expect.any(String));
    const next = await get(
      app,
      `/v1/throttle?limit=2&cursor=${encodeURIComponent(first.body.nextCursor)}`,
      await token(),
    );
    expect(next.body.items.map((s: { accountId: string }) => s.accountId)).toEqual(['c-third']);
    expect(next.body.nextCursor).toBeNull();

    for (const query of ['cursor=not-ours', 'limit=0', 'limit=501']) {
      const bad = await get(app, `/v1/throttle?${query}`, await token());
      expect(bad.res.status).toBe(400);
      expect(bad.res.headers.get('content-type')).toContain('application/problem+json');
      expect(bad.body.code).toBe('VALIDATION_FAILED');
    }
  });

  it("never answers for another company's accounts", async () => {
    await busy();
    // Even a look-up that wrongly hands over another company's account is not believed.
    const leaky = lookups(ACCOUNTS);
    const app = build({ ...leaky, accounts: async () => ACCOUNTS });
    const { res, body } = await get(app, '/v1/throttle', await token('globex'));
    expect(res.status).toBe(200);
    expect(body.items).toEqual([
      expect.objectContaining({ accountId: 'g-only', rateLimit: 5, sendsInWindow: 0 }),
    ]);
    // By id, cronus's busy account is simply not found for globex.
    const other = await get(app, '/v1/throttle/b-busy', await token('globex'));
    expect(other.res.status).toBe(404);
    expect(other.res.headers.get('content-type')).toContain('application/problem+json');
  });

  it('needs email-admin, as the single-account route does', async () => {
    const app = build();
    for (const path of ['/v1/throttle', '/v1/throttle/a-idle']) {
      const { res, body } = await get(app, path, await token('cronus', ['email-read']));
      expect(res.status).toBe(403);
      expect(res.headers.get('content-type')).toContain('application/problem+json');
      expect(body.detail).toContain('email-admin');
    }
    expect((await app.request('/v1/throttle')).status).toBe(401);
  });
});
