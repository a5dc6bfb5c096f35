import { readEnv, startDispatcherService } from '@verzend/dispatcher';
import { createLogger, type EmailRecord, type RunningService } from '@verzend/shared';
import { describe, expect, it, vi } from 'vitest';
import { SmtpSink, startStack } from '../harness';
import { compose, createSmtpAccount, waitForStatus } from './helpers';

const WINDOW_MS = 1_000;
const LIMIT = 5;

/** The largest number of receipts inside any window of `windowMs` (windows start at each receipt). */
function worstWindow(times: number[], windowMs: number): number {
  const sorted = [...times].sort((a, b) => a - b);
  let worst = 0;
  let j = 0;
  for (let i = 0; i < sorted.length; i++) {
    while ((sorted[j] ?? 0) <= (sorted[i] ?? 0) - windowMs) {
      j++;
    }
    worst = Math.max(worst, i - j + 1);
  }
  return worst;
}

describe('dispatcher - global throttling', () => {
  it('three replicas sharing one account never exceed the limit in any window', async () => {
    await using sink = await SmtpSink.start();
    await using stack = await startStack({
      services: ['config', 'dispatcher'],
      serviceEnv: { dispatcher: { RATE_WINDOW_MS: String(WINDOW_MS), DISPATCHER_ID: 'replica-1' } },
    });
    const logger = createLogger({ service: 'test', level: 'silent' });
    const extra: RunningService[] = [];
    try {
      for (const n of [2, 3]) {
        extra.push(
          await startDispatcherService(
            readEnv({
              ...stack.env,
              RATE_WINDOW_MS: String(WINDOW_MS),
              DISPATCHER_ID: `replica-${n}`,
            }),
            { logger },
          ),
        );
      }
      const account = await createSmtpAccount(stack, sink.port, {
        rateLimitPerMinute: LIMIT,
        concurrencyLimit: 3,
      });
      const total = 22;
      const ids: string[] = [];
      for (let i = 0; i < total; i++) {
        const res = await compose(stack, {
          to: [`c${i}@fabrikam.example`],
          subject: `Throttled ${i}`,
          text: 'x',
          accountId: account.id,
        });
        expect(res.status).toBe(202);
        ids.push(((await res.json()) as EmailRecord).id);
      }
      await sink.waitFor(total, 30_000);
      const times = sink.messages.map((m) => m.receivedAt);
      expect(worstWindow(times, WINDOW_MS)).toBeLessThanOrEqual(LIMIT);
      // Work really was shared: more than one replica sent.
      const records = await Promise.all(ids.map((id) => waitForStatus(stack, id, ['sent'])));
      const senders = new Set(records.map((r) => r.attempts.at(-1)?.dispatcherId));
      expect(senders.size).toBeGreaterThan(1);
    } finally {
      for (const s of extra) {
        await s.stop();
      }
    }
  });

  it('a throttled account does not delay another account (no head-of-line blocking)', async () => {
    await using sink = await SmtpSink.start();
    await using stack = await startStack({
      services: ['config', 'dispatcher'],
      serviceEnv: { dispatcher: { RATE_WINDOW_MS: '60000' } },
    });
    const slow = await createSmtpAccount(stack, sink.port, {
      name: 'Slow',
      emailAddress: 'slow@cronus.example',
      rateLimitPerMinute: 2,
    });
    const fast = await createSmtpAccount(stack, sink.port, {
      name: 'Fast',
      emailAddress: 'fast@cronus.example',
    });
    for (let i = 0; i < 10; i++) {
      await compose(stack, {
        to: [`s${i}@fabrikam.example`],
        subject: 'slow',
        text: 'x',
        accountId: slow.id,
      });
    }
    const res = await compose(stack, {
      to: ['quick@fabrikam.example'],
      subject: 'fast',
      text: 'x',
      accountId: fast.id,
    });
    const { id } = (await res.json()) as EmailRecord;
    // The fast account's email goes out while the slow one sits on 8 throttled emails for a minute.
    const sent = await waitForStatus(stack, id, ['sent'], 10_000);
    expect(sent.status).toBe('sent');
    const outbox = (await (
      await stack.fetch('dispatcher', `/v1/outbox?accountId=${slow.id}&status=queued,processing`)
    ).json()) as { items: EmailRecord[] };
    expect(outbox.items.length).toBeGreaterThanOrEqual(7);
    // The administrator sees why: the window is full until the oldest send leaves it.
    const state = (await (await stack.fetch('dispatcher', `/v1/throttle/${slow.id}`)).json()) as {
      rateLimit: number;
      sendsInWindow: number;
      nextFreeAt: string | null;
    };
    expect(state).toMatchObject({ rateLimit: 2, sendsInWindow: 2 });
    expect(Date.parse(state.nextFreeAt ?? '')).toBeGreaterThan(Date.now());
    const forbidden = await stack.fetch('dispatcher', `/v1/throttle/${slow.id}`, {
      claims: { perms: ['email-edit'] },
    });
    expect(forbidden.status).toBe(403);
  });

  it('replicas keeping their leases never send more at once than a concurrency-only account allows', async () => {
    await using sink = await SmtpSink.start({ parse: false, dataDelayMs: 60 });
    await using stack = await startStack({
      services: ['config', 'dispatcher'],
      serviceEnv: { dispatcher: { DISPATCHER_ID: 'replica-1' } },
    });
    const logger = createLogger({ service: 'test', level: 'silent' });
    const second = await startDispatcherService(
      readEnv({ ...stack.env, DISPATCHER_ID: 'replica-2' }),
      { logger },
    );
    const account = await createSmtpAccount(stack, sink.port, {
      rateLimitPerMinute: 0,
      concurrencyLimit: 2,
    });
    try {
      const total = 24;
      const ids: string[] = [];
      for (let i = 0; i < total; i++) {
        const res = await compose(stack, {
          to: [`k${i}@fabrikam.example`],
          subject: `Kept ${i}`,
          text: 'x',
          accountId: account.id,
        });
        expect(res.status).toBe(202);
        ids.push(((await res.json()) as EmailRecord).id);
      }
      await sink.waitFor(total, 30_000);
      // Both places were used, never more; every email went out once.
      expect(sink.maxReceiving).toBe(2);
      expect(sink.messages).toHaveLength(total);
      await Promise.all(ids.map((id) => waitForStatus(stack, id, ['sent'])));
    } finally {
      await second.stop();
    }
    // Kept places are let go once idle, not left to expire minutes later.
    await vi.waitFor(
      async () => {
        const state = (await (
          await stack.fetch('dispatcher', `/v1/throttle/${account.id}`)
        ).json()) as { inFlight: number };
        expect(state.inFlight).toBe(0);
      },
      { timeout: 3_000, interval: 100 },
    );
  });
});
