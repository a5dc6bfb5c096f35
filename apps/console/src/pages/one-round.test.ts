/**
 * "No page waits on more than one round trip for its first paint": the Activity
 * page, the accounts list, the account card and compose (a new email, or a draft
 * opened from the console's link) each make all their API calls at once. The stand-in services hold every answer until all the calls a page
 * needs have arrived (or 2 s went by), so a call made only after another's
 * answer shows up as a second round, however fast or slow the machine is.
 */
import { Hono } from 'hono';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { consoleApp, freeUrl, ORIGIN, signedIn } from '../test-app';

/** One API call as a stand-in service saw it. */
interface Call {
  call: string;
  /** Answers already given when it arrived: 0 for every call of the first round. */
  answeredBefore: number;
}

/** How long the services wait for the calls they expect before answering anyway. */
const HOLD_MS = 2_000;

class Recorder {
  calls: Call[] = [];
  answered = 0;
  #expected = 0;
  #open: Promise<void> = Promise.resolve();
  #release: () => void = () => undefined;

  /** Holds answers until `n` calls have arrived. */
  expect(n: number): void {
    this.calls = [];
    this.answered = 0;
    this.#expected = n;
    this.#open = new Promise<void>((resolve) => {
      this.#release = resolve;
    });
  }

  async arrive(call: string): Promise<void> {
    this.calls.push({ call, answeredBefore: this.answered });
    if (this.calls.length === 1) {
      setTimeout(() => this.#release(), HOLD_MS).unref();
    }
    if (this.calls.length >= this.#expected) {
      this.#release();
    }
    await this.#open;
    this.answered++;
  }

  /** How many rounds the calls came in: a call made after k answers is in a later round than one made before them. */
  rounds(): number {
    return new Set(this.calls.map((c) => c.answeredBefore)).size;
  }
}

const recorder = new Recorder();

const account = (id: string, name: string, settings: Record<string, unknown>) => ({
  id,
  company: 'demo',
  name,
  emailAddress: `${id}@demo.example`,
  settings,
  isDefault: id === 'smtp',
  needsCredentials: false,
  missingCredentials: [],
  secretsSet: [],
  rateLimitPerMinute: 60,
  concurrencyLimit: 3,
  maxAttempts: 5,
  dailyRecipientQuota: 0,
  version: 1,
  createdAt: '2026-03-01T08:00:00.000Z',
  updatedAt: '2026-03-01T08:00:00.000Z',
});
const currentUser = { connector: 'current-user', tenantId: 'contoso', clientId: 'app-1' };
const ACCOUNTS = [
  account('smtp', 'Sales', { connector: 'smtp', host: 'smtp.demo.example', port: 587 }),
  account('cu-a', 'Anna mailbox', currentUser),
  account('cu-b', 'Bob mailbox', currentUser),
];
const throttle = (accountId: string, sendsInWindow: number, inFlight: number) => ({
  accountId,
  windowMs: 60_000,
  rateLimit: 60,
  sendsInWindow,
  inFlight,
  concurrencyLimit: 3,
  dailyRecipientQuota: 0,
  recipientsLast24h: 0,
  nextFreeAt: null,
});
const connection = (accountId: string, connected: boolean) => ({
  accountId,
  userId: 'admin',
  connected,
  scope: null,
});

const CONFIG: Record<string, unknown> = {
  '/v1/accounts': { items: ACCOUNTS },
  '/v1/accounts/cu-b': ACCOUNTS[2],
  '/v1/app-registrations': { items: [] },
  '/v1/scenarios': {
    items: [
      { code: 'default', name: 'Default' },
      { code: 'sales-invoice', name: 'Sales invoice' },
    ],
  },
  '/v1/scenarios/default/attachments': { items: [] },
  '/v1/scenarios/sales-invoice/attachments': { items: [] },
};
const DISPATCHER: Record<string, unknown> = {
  '/v1/activity': {
    from: '2026-03-01',
    to: '2026-03-30',
    items: [{ accountId: 'smtp', day: '2026-03-02', sent: 41, failed: 1 }],
  },
  '/v1/outbox': { items: [], nextCursor: null },
  '/v1/throttle': {
    items: [throttle('cu-a', 0, 0), throttle('cu-b', 0, 0), throttle('smtp', 17, 2)],
    nextCursor: null,
  },
  '/v1/connections': {
    items: [connection('cu-a', true), connection('cu-b', false)],
    nextCursor: null,
  },
  '/v1/accounts/cu-b/connection': connection('cu-b', false),
  '/v1/emails/d1': {
    id: 'd1',
    company: 'demo',
    status: 'draft',
    scenario: 'sales-invoice',
    subject: 'Invoice 103045',
    to: [{ address: 'ap@fabrikam.example' }],
    attachments: [],
  },
  '/v1/emails/d1/body': '<p>Dear customer</p>',
};

/** A stand-in service answering `answers` by path (problem+json 404 otherwise). */
function service(name: string, answers: Record<string, unknown>) {
  return new Hono().all('*', async (c) => {
    const { pathname } = new URL(c.req.url);
    await recorder.arrive(`${name} ${c.req.method} ${pathname}`);
    const body = answers[pathname];
    return body === undefined
      ? c.json({ title: 'Not found', status: 404 }, 404, {
          'content-type': 'application/problem+json',
        })
      : typeof body === 'string'
        ? c.html(body)
        : c.json(body as object);
  });
}

let servers: Awaited<ReturnType<typeof freeUrl>>[] = [];
let app: ReturnType<typeof consoleApp>['app'];
let cookie: string;

beforeAll(async () => {
  servers = await Promise.all([
    freeUrl(service('config', CONFIG)),
    freeUrl(service('dispatcher', DISPATCHER)),
  ]);
  const [config, dispatcher] = servers.map((s) => s.url);
  app = consoleApp({
    config: config as string,
    dispatcher: dispatcher as string,
    renderer: 'http://127.0.0.1:9',
  }).app;
  cookie = await signedIn(app);
});
afterAll(() => Promise.all(servers.map((s) => s.close())));

/** Renders `path`, expecting the given calls; returns the page's HTML. */
async function render(path: string, calls: string[]): Promise<string> {
  recorder.expect(calls.length);
  const res = await app.request(`${ORIGIN}${path}`, { headers: { cookie } });
  expect(res.status).toBe(200);
  expect(recorder.rounds()).toBe(1);
  expect(recorder.calls.every((c) => c.answeredBefore === 0)).toBe(true);
  expect(recorder.calls.map((c) => c.call).sort()).toEqual([...calls].sort());
  return res.text();
}

/** The cells of the table row that mentions `text`. */
function row(html: string, text: string): string[] {
  const found = html.split('<tr>').find((r) => r.includes(text)) ?? '';
  return [...found.matchAll(/<td>(.*?)<\/td>/g)].map((m) => m[1] ?? '');
}

describe('first paint in one round trip', () => {
  it('Activity asks for the counts, the failures and every throttle state at once', async () => {
    const html = await render('/activity', [
      'config GET /v1/accounts',
      'dispatcher GET /v1/activity',
      'dispatcher GET /v1/outbox',
      'dispatcher GET /v1/throttle',
    ]);
    // The throttle table: rate limit, in the window, in flight.
    expect(row(html, '<td>Sales</td><td>60')).toEqual(['Sales', '60', '17', '2']);
    expect(row(html, '<td>Bob mailbox</td>')).toEqual(['Bob mailbox', '60', '0', '0']);
  });

  it('the accounts list asks for every connection in one call', async () => {
    const html = await render('/accounts', [
      'config GET /v1/accounts',
      'dispatcher GET /v1/connections',
    ]);
    expect(row(html, 'Anna mailbox').at(-1)).toBe('Ready');
    expect(row(html, 'Bob mailbox').at(-1)).toBe('Not connected');
    expect(row(html, '>Sales<').at(-1)).toBe('Ready');
  });

  it('the account card asks for the connection with the account', async () => {
    const html = await render('/accounts/cu-b', [
      'config GET /v1/accounts/cu-b',
      'config GET /v1/accounts',
      'config GET /v1/app-registrations',
      'dispatcher GET /v1/accounts/cu-b/connection',
    ]);
    expect(html).toContain('Not connected');
    expect(html).toContain('Connect mailbox');
  });

  it('compose asks for the accounts, the scenarios and their attachments at once', async () => {
    await render('/compose?scenario=sales-invoice', [
      'config GET /v1/accounts',
      'config GET /v1/scenarios',
      'config GET /v1/scenarios/sales-invoice/attachments',
    ]);
  });

  it("a draft opened from the console's link comes with its body and its scenario's attachments", async () => {
    const html = await render('/compose?draft=d1&scenario=sales-invoice', [
      'config GET /v1/accounts',
      'config GET /v1/scenarios',
      'config GET /v1/scenarios/sales-invoice/attachments',
      'dispatcher GET /v1/emails/d1',
      'dispatcher GET /v1/emails/d1/body',
    ]);
    expect(html).toContain('Invoice 103045');
    expect(html).toContain('Dear customer');
  });
});
