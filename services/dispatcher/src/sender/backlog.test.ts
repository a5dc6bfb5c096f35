import type { JetStreamManager } from '@nats-io/jetstream';
import { createLogger, createRegistry, type Registry } from '@verzend/shared';
import { describe, expect, it } from 'vitest';
import { type BacklogSource, jetStreamBacklog, type OutboxQueue, updateBacklog } from './backlog';
import { DispatchMetrics } from './metrics';

const logger = createLogger({ service: 'test', level: 'silent' });
const NOW = Date.parse('2025-03-01T12:00:00Z');

const queue = (company: string, account: string, depth: number): OutboxQueue => ({
  company,
  account,
  subject: `verzend.outbox.${company}.${account}`,
  depth,
});

/** A source with the given lag and oldest time per subject (missing: no consumer / no message). */
function source(
  oldest: Record<string, number | Error | undefined>,
  lag: Record<string, number> = {},
): BacklogSource & { asked: string[] } {
  const asked: string[] = [];
  return {
    asked,
    async lag(q) {
      const n = lag[q.subject];
      if (n === undefined) {
        throw new Error('consumer not found');
      }
      return n;
    },
    async oldest(q) {
      asked.push(q.subject);
      const t = oldest[q.subject];
      if (t instanceof Error) {
        throw t;
      }
      return t;
    },
  };
}

/** The value of each series of one metric, by `company/account`. */
async function series(registry: Registry, name: string): Promise<Record<string, number>> {
  const metric = await registry.getSingleMetric(name)?.get();
  return Object.fromEntries(
    (metric?.values ?? []).map((v) => [`${v.labels.company}/${v.labels.account}`, v.value]),
  );
}

describe('outbox backlog gauges', () => {
  it("names the deepest queues with depth, lag and the age of each one's oldest message; the rest is one other depth row", async () => {
    const registry = createRegistry('dispatcher', false);
    const metrics = new DispatchMetrics(registry, 2);
    const queues = [
      queue('c1', 'a', 5),
      queue('c1', 'b', 9),
      queue('c2', 'a', 1),
      queue('c2', 'b', 2),
    ];
    const src = source(
      {
        'verzend.outbox.c1.a': NOW - 90_000,
        'verzend.outbox.c1.b': NOW - 1_500,
        'verzend.outbox.c2.a': NOW - 600_000,
        'verzend.outbox.c2.b': NOW - 600_000,
      },
      { 'verzend.outbox.c1.b': 4 },
    );
    await updateBacklog(metrics, queues, src, logger, () => NOW);

    expect(await series(registry, 'verzend_outbox_queue_depth')).toEqual({
      'c1/b': 9,
      'c1/a': 5,
      'other/other': 3,
    });
    // c1/a has no consumer yet: nothing of its queue was delivered.
    expect(await series(registry, 'verzend_outbox_consumer_lag')).toEqual({ 'c1/b': 4, 'c1/a': 5 });
    expect(await series(registry, 'verzend_outbox_account_oldest_age_seconds')).toEqual({
      'c1/b': 1.5,
      'c1/a': 90,
    });
    // One look-up per named account, none for the accounts behind `other`.
    expect(src.asked.sort()).toEqual(['verzend.outbox.c1.a', 'verzend.outbox.c1.b']);
  });

  it('keeps the age series within the cap however many accounts wait', async () => {
    const registry = createRegistry('dispatcher', false);
    const metrics = new DispatchMetrics(registry, 3);
    const queues = Array.from({ length: 500 }, (_, i) => queue(`c${i % 7}`, `a${i}`, 1 + (i % 11)));
    const src = source(Object.fromEntries(queues.map((q) => [q.subject, NOW - 1_000])));
    await updateBacklog(metrics, queues, src, logger, () => NOW);
    const ages = await series(registry, 'verzend_outbox_account_oldest_age_seconds');
    expect(Object.keys(ages)).toHaveLength(3);
    expect(ages['other/other']).toBeUndefined();
    expect(src.asked).toHaveLength(3);
    expect(Object.keys(await series(registry, 'verzend_outbox_queue_depth'))).toHaveLength(4);
  });

  it('leaves out an age it could not read, gives 0 to a queue emptied since the scan, and drops accounts no longer named', async () => {
    const registry = createRegistry('dispatcher', false);
    const metrics = new DispatchMetrics(registry, 10);
    await updateBacklog(
      metrics,
      [queue('c1', 'a', 3), queue('c1', 'b', 2), queue('c1', 'gone', 1)],
      source({
        'verzend.outbox.c1.a': new Error('permissions violation'),
        'verzend.outbox.c1.b': NOW - 30_000,
        'verzend.outbox.c1.gone': undefined,
      }),
      logger,
      () => NOW,
    );
    expect(await series(registry, 'verzend_outbox_account_oldest_age_seconds')).toEqual({
      'c1/b': 30,
      'c1/gone': 0,
    });
    expect(await series(registry, 'verzend_outbox_queue_depth')).toEqual({
      'c1/a': 3,
      'c1/b': 2,
      'c1/gone': 1,
    });

    // The next scan: only c1/b still waits. A clock behind the server's never gives a negative age.
    await updateBacklog(
      metrics,
      [queue('c1', 'b', 2)],
      source({ 'verzend.outbox.c1.b': NOW + 500 }),
      logger,
      () => NOW,
    );
    expect(await series(registry, 'verzend_outbox_account_oldest_age_seconds')).toEqual({
      'c1/b': 0,
    });
    expect(await series(registry, 'verzend_outbox_queue_depth')).toEqual({ 'c1/b': 2 });
  });

  it('asks the stream for the first message on the subject with STREAM.MSG.GET next_by_subj', async () => {
    const calls: unknown[][] = [];
    const jsm = {
      streams: {
        async getMessage(...args: unknown[]) {
          calls.push(args);
          return calls.length === 1 ? { time: new Date(NOW - 5_000) } : null;
        },
      },
    } as unknown as JetStreamManager;
    const src = jetStreamBacklog(jsm);
    expect(await src.oldest(queue('c1', 'a', 1))).toBe(NOW - 5_000);
    expect(await src.oldest(queue('c1', 'a', 1))).toBeUndefined();
    expect(calls[0]).toEqual(['VERZEND_OUTBOX', { seq: 0, next_by_subj: 'verzend.outbox.c1.a' }]);
  });
});
