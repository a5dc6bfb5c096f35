import { type Account, MemoryUserTokenStore } from '@verzend/connectors';
import { documentOnly, NotFoundError, type Permission, signToken } from '@verzend/shared';
import { describe, expect, it } from 'vitest';
import type { CompanyAccounts } from '../accounts/config-client';
import { TEST_SECRET, testAccount, testApp } from '../routes/test-app';
import { registerOAuth } from './routes';

/** Settings as config answers them; only what decides whether users connect matters here. */
const settings = (s: Record<string, unknown>) => s as unknown as Account['settings'];

const ACCOUNTS: Account[] = [
  testAccount('cronus', 'cu-mine', { settings: settings({ connector: 'current-user' }) }),
  testAccount('cronus', 'm365-delegated', {
    settings: settings({ connector: 'microsoft365', mode: 'delegated' }),
  }),
  testAccount('cronus', 'm365-app', {
    settings: settings({ connector: 'microsoft365', mode: 'app-only' }),
  }),
  testAccount('cronus', 'smtp-oauth', {
    settings: settings({ connector: 'smtp', auth: 'oauth2', oauth: { mode: 'delegated' } }),
  }),
  testAccount('cronus', 'smtp-basic', { settings: settings({ connector: 'smtp', auth: 'basic' }) }),
  testAccount('cronus', 'capture'),
  testAccount('globex', 'cu-globex', { settings: settings({ connector: 'current-user' }) }),
];

function build(
  accounts: CompanyAccounts['accounts'] = async (c) => ACCOUNTS.filter((a) => a.company === c),
) {
  const app = testApp();
  const store = new MemoryUserTokenStore();
  registerOAuth(app, {
    flow: documentOnly('flow'),
    graph: documentOnly('graph'),
    store,
    async account(company, accountId) {
      const account = ACCOUNTS.find((a) => a.company === company && a.id === accountId);
      if (!account) {
        throw new NotFoundError(`No account ${accountId}.`);
      }
      return { account, secrets: {} };
    },
    accounts: { accounts },
    redirectUri: undefined,
  });
  return { app, store };
}

const token = (company = 'cronus', sub = 'anna', perms: Permission[] = ['email-read']) =>
  signToken(TEST_SECRET, { sub, company, perms });

async function get(app: ReturnType<typeof build>['app'], path: string, bearer: string) {
  const res = await app.request(path, { headers: { authorization: `Bearer ${bearer}` } });
  // biome-ignore lint/suspicious/noExplicitAny: response bodies are inspected loosely in these tests
  return { res, body: (await res.json()) as any };
}

describe('GET /v1/connections', () => {
  it("says for every account users connect whether the caller's mailbox is connected", async () => {
    const { app, store } = build();
    await store.put(
      { company: 'cronus', accountId: 'cu-mine', userId: 'anna' },
      { refreshToken: 'r', scope: 'Mail.Send offline_access' },
    );
    // Bob's connection is his, not Anna's; a disconnected one is stored with no refresh token.
    await store.put(
      { company: 'cronus', accountId: 'smtp-oauth', userId: 'bob' },
      { refreshToken: 'r' },
    );
    await store.put(
      { company: 'cronus', accountId: 'm365-delegated', userId: 'anna' },
      { refreshToken: '' },
    );
    const { res, body } = await get(app, '/v1/connections', await token());
    expect(res.status).toBe(200);
    expect(body).toEqual({
      items: [
        {
          accountId: 'cu-mine',
          userId: 'anna',
          connected: true,
          scope: 'Mail.Send offline_access',
        },
        { accountId: 'm365-delegated', userId: 'anna', connected: false, scope: null },
        { accountId: 'smtp-oauth', userId: 'anna', connected: false, scope: null },
      ],
      nextCursor: null,
    });
    // Each item is what the single-account route answers.
    const one = await get(app, '/v1/accounts/cu-mine/connection', await token());
    expect(one.body).toEqual(body.items[0]);
  });

  it('pages with limit and cursor, and refuses a cursor it did not issue', async () => {
    const { app } = build();
    const first = await get(app, '/v1/connections?limit=2', await token());
    expect(first.body.items.map((s: { accountId: string }) => s.accountId)).toEqual([
      'cu-mine',
      'm365-delegated',
    ]);
    const next = await get(
      app,
      `/v1/connections?limit=2&cursor=${encodeURIComponent(first.body.nextCursor)}`,
      await token(),
    );
    expect(next.body).toEqual({
      items: [expect.objectContaining({ accountId: 'smtp-oauth' })],
      nextCursor: null,
    });
    const bad = await get(app, '/v1/connections?cursor=x', await token());
    expect(bad.res.status).toBe(400);
    expect(bad.res.headers.get('content-type')).toContain('application/problem+json');
    expect(bad.body.code).toBe('VALIDATION_FAILED');
  });

  it("never answers for another company's accounts", async () => {
    // Even a look-up that wrongly hands over every company's accounts is not believed.
    const { app, store } = build(async () => ACCOUNTS);
    await store.put(
      { company: 'cronus', accountId: 'cu-mine', userId: 'anna' },
      { refreshToken: 'r' },
    );
    const { res, body } = await get(app, '/v1/connections', await token('globex'));
    expect(res.status).toBe(200);
    expect(body.items).toEqual([
      { accountId: 'cu-globex', userId: 'anna', connected: false, scope: null },
    ]);
    const other = await get(app, '/v1/accounts/cu-mine/connection', await token('globex'));
    expect(other.res.status).toBe(404);
  });

  it('needs email-read, as the single-account route does', async () => {
    const { app } = build();
    const { res, body } = await get(app, '/v1/connections', await token('cronus', 'anna', []));
    expect(res.status).toBe(403);
    expect(res.headers.get('content-type')).toContain('application/problem+json');
    expect(body.detail).toContain('email-read');
  });
});
