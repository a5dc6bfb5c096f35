/**
 * The dispatcher's outbox backlog on /metrics, read from a real nats-server: emails
 * queued for several accounts at different times show each named account's depth and
 * the age of its oldest email (issue 15), the accounts past METRICS_MAX_ACCOUNTS only
 * in the `other` depth row. Once on an open server, once under the SHIPPED NATS
 * permissions, where the dispatcher's user must be allowed the stream message get
 * the age is read with.
 */
import type { EmailRecord } from '@verzend/shared';
import { describe, expect, it } from 'vitest';
import { type Stack, startShippedNats, startStack } from '../harness';
import { compose, createCaptureAccount } from './helpers';

const TO = 'ap@fabrikam.example';
/** Scheduled far ahead: the emails wait in the outbox for the whole test. */
const notBefore = () => new Date(Date.now() + 86_400_000).toISOString();
const env = { RESCAN_INTERVAL_MS: '100', METRICS_MAX_ACCOUNTS: '2' };

async function queue(stack: Stack, accountId: string, n: number): Promise<void> {
  for (let i = 0; i < n; i++) {
    const res = await compose(stack, {
      to: [TO],
      subject: `Invoice ${i}`,
      text: 'x',
      accountId,
      notBefore: notBefore(),
    });
    expect(res.status).toBe(202);
    expect(((await res.json()) as EmailRecord).status).toBe('queued');
  }
}

/** Every series of a metric on the dispatcher's /metrics, by `company/account` (or `` unlabelled). */
async function scrape(stack: Stack, name: string): Promise<Record<string, number>> {
  const text = await (await fetch(`${stack.url('dispatcher')}/metrics`)).text();
  const out: Record<string, number> = {};
  for (const line of text.split('\n')) {
    const m = new RegExp(`^${name}\\{([^}]*)\\} (\\S+)$`).exec(line);
    if (m?.[1] !== undefined && m[2] !== undefined) {
      const labels = Object.fromEntries(
        [...m[1].matchAll(/(\w+)="([^"]*)"/g)].map(([, k, v]) => [k, v]),
      );
      out[labels.company ? `${labels.company}/${labels.account}` : ''] = Number(m[2]);
    }
  }
  return out;
}

/**
 * Queues 3 emails on account A, then (1.5 s later) 2 on B, then 1 on C; with a cap of 2 the
 * gauges name A and B, each with the age of its own oldest email, and C is `other`.
 */
async function agesPerAccount(stack: Stack): Promise<void> {
  const [a, b, c] = await Promise.all(
    ['A', 'B', 'C'].map((n) =>
      createCaptureAccount(stack, [TO], {
        name: n,
        emailAddress: `${n.toLowerCase()}@cronus.example`,
      }),
    ),
  );
  if (!a || !b || !c) {
    throw new Error('accounts not created');
  }
  const t0 = Date.now();
  await queue(stack, a.id, 1);
  const t1 = Date.now();
  await queue(stack, a.id, 2);
  await new Promise((r) => setTimeout(r, 1_500));
  const t2 = Date.now();
  await queue(stack, b.id, 1);
  const t3 = Date.now();
  await queue(stack, b.id, 1);
  await queue(stack, c.id, 1);

  const A = `${stack.company}/${a.id}`;
  const B = `${stack.company}/${b.id}`;
  const C = `${stack.company}/${c.id}`;
  let depth: Record<string, number> = {};
  let ages: Record<string, number> = {};
  const deadline = Date.now() + 10_000;
  while (Date.now() < deadline) {
    depth = await scrape(stack, 'verzend_outbox_queue_depth');
    ages = await scrape(stack, 'verzend_outbox_account_oldest_age_seconds');
    if (depth[A] === 3 && depth[B] === 2 && depth['other/other'] === 1 && ages[A] && ages[B]) {
      break;
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  const scraped = Date.now();
  expect(depth).toEqual({ [A]: 3, [B]: 2, 'other/other': 1 });
  // Named accounts only: C (past the cap) and `other` carry no age.
  expect(Object.keys(ages).sort()).toEqual([A, B].sort());
  expect(ages[C]).toBeUndefined();
  const ageA = ages[A] as number;
  const ageB = ages[B] as number;
  // Both are read at the same scan, so their difference is the time between the two
  // accounts' first emails: B's was queued between t2 and t3, A's between t0 and t1
  // (store times have whole milliseconds here; allow one each way).
  expect(ageA - ageB).toBeGreaterThanOrEqual((t2 - t1 - 2) / 1000);
  expect(ageA - ageB).toBeLessThanOrEqual((t3 - t0 + 2) / 1000);
  // Neither is older than its email; A is at least the 1.5 s it waited before B's.
  expect(ageA).toBeGreaterThanOrEqual(1.4);
  expect(ageA).toBeLessThanOrEqual((scraped - t0 + 2) / 1000);
  expect(ageB).toBeLessThanOrEqual((scraped - t2 + 2) / 1000);
  // The global gauge stays: the oldest of all, A's first email.
  const global = (await scrape(stack, 'verzend_outbox_oldest_age_seconds'))[''] as number;
  expect(global).toBeGreaterThanOrEqual(ageA - 0.5);
}

describe('dispatcher - outbox backlog metrics', () => {
  it('shows the age of the oldest queued email per named account, the rest as other', async () => {
    await using stack = await startStack({ services: ['config', 'dispatcher'], env });
    await agesPerAccount(stack);
  });

  it('reads the ages under the shipped NATS permissions', async () => {
    const shipped = await startShippedNats();
    try {
      await using stack = await startStack({
        services: ['config', 'dispatcher'],
        nats: shipped.nats,
        env,
        natsAuth: {
          user: 'dispatcher',
          pass: shipped.passwords.dispatcher as string,
          inboxPrefix: '_INBOX_dispatcher',
        },
        serviceEnv: {
          config: shipped.serviceEnv.config,
          dispatcher: shipped.serviceEnv.dispatcher,
        },
      });
      await agesPerAccount(stack);
    } finally {
      await shipped.dispose();
    }
  });
});
