import type { KV } from '@nats-io/kv';
import { ValidationError, type WebhookDelivery } from '@verzend/shared';
import { describe, expect, it } from 'vitest';
import {
  DeliveryKeys,
  DeliveryLog,
  deliveryId,
  MAX_ATTEMPTS_KEPT,
  withAttempt,
} from './deliveries';

/** The part of a KV bucket the log uses, in memory, with compare-and-set. */
function memoryKv(): KV {
  const entries = new Map<string, { data: string; revision: number }>();
  let seq = 0;
  const put = (key: string, data: Uint8Array) => {
    entries.set(key, { data: new TextDecoder().decode(data), revision: ++seq });
    return seq;
  };
  const fake = {
    async keys(filter: string) {
      const prefix = filter.replace(/>$/, '');
      const list = [...entries.keys()].filter((k) => k.startsWith(prefix));
      return (async function* () {
        yield* list;
      })();
    },
    async get(key: string) {
      const e = entries.get(key);
      return e
        ? {
            operation: 'PUT',
            length: e.data.length,
            revision: e.revision,
            json: () => JSON.parse(e.data),
          }
        : null;
    },
    async create(key: string, data: Uint8Array) {
      if (entries.has(key)) {
        throw new Error('wrong last sequence: 1');
      }
      return put(key, data);
    },
    async update(key: string, data: Uint8Array, revision: number) {
      if (entries.get(key)?.revision !== revision) {
        throw new Error('wrong last sequence: 2');
      }
      return put(key, data);
    },
  };
  return fake as unknown as KV;
}

const delivery = (id: string, endpointId = 'ep'): WebhookDelivery => ({
  id,
  company: 'acme',
  endpointId,
  webhookId: `st_${id}`,
  type: 'email.sent',
  status: 'pending',
  attempts: [],
  roundStartAttempt: 1,
  nextAttemptAt: null,
  createdAt: '',
  updatedAt: '',
  payload: {},
});

describe('webhook delivery log', () => {
  it('makes ids that sort by time, the same for the same seed', () => {
    const a = deliveryId(new Date('2026-12-06T10:00:00Z'), 'status-1|ep');
    const b = deliveryId(new Date('2026-12-06T10:00:01Z'), 'status-0|ep');
    expect(a < b).toBe(true);
    expect(deliveryId(new Date('2026-12-06T10:00:00Z'), 'status-1|ep')).toBe(a);
    expect(a).toMatch(/^[A-Za-z0-9_-]{21}$/);
    expect(deliveryId(new Date())).not.toBe(deliveryId(new Date()));
  });

  it('keys every record under its company and endpoint', () => {
    expect(DeliveryKeys.delivery('acme', 'ep-1', 'x1')).toBe('acme.ep-1.d.x1');
    expect(DeliveryKeys.health('acme', 'ep-1')).toBe('acme.ep-1.health');
    expect(() => DeliveryKeys.delivery('acme', 'ep.*', 'x1')).toThrow();
  });

  it('keeps only the newest attempts', () => {
    let attempts = withAttempt([], {
      attempt: 1,
      at: '',
      responseCode: 500,
      durationMs: 1,
      succeeded: false,
      error: 'HTTP 500',
      responseExcerpt: null,
    });
    for (let i = 2; i <= 30; i++) {
      attempts = withAttempt(attempts, { ...(attempts[0] as (typeof attempts)[0]), attempt: i });
    }
    expect(attempts).toHaveLength(MAX_ATTEMPTS_KEPT);
    expect(attempts.at(-1)?.attempt).toBe(30);
  });

  it("pages an endpoint's deliveries newest first, and only that endpoint's", async () => {
    const log = new DeliveryLog(memoryKv());
    const ids = [1, 2, 3, 4, 5].map((s) => deliveryId(new Date(s * 1000), String(s)));
    for (const id of ids) {
      await log.create(delivery(id));
    }
    await log.create(delivery(deliveryId(new Date(9_000), 'other'), 'ep2'));
    const first = await log.page('acme', 'ep', 2);
    expect(first.items.map((d) => d.id)).toEqual([ids[4], ids[3]]);
    const second = await log.page('acme', 'ep', 2, first.nextCursor ?? undefined);
    expect(second.items.map((d) => d.id)).toEqual([ids[2], ids[1]]);
    const third = await log.page('acme', 'ep', 2, second.nextCursor ?? undefined);
    expect(third).toEqual({ items: [delivery(ids[0] as string)], nextCursor: null });
    expect(await log.get('other', 'ep', ids[0] as string)).toBeNull();
    // A cursor the API did not issue is a client's mistake (400), not "from the start".
    await expect(log.page('acme', 'ep', 2, ids[2])).rejects.toBeInstanceOf(ValidationError);
  });

  it('counts failed deliveries in a row, and a success ends the run', async () => {
    const log = new DeliveryLog(memoryKv());
    expect((await log.recordOutcome('acme', 'ep', false)).consecutiveFailures).toBe(1);
    const two = await log.recordOutcome('acme', 'ep', false);
    expect(two.consecutiveFailures).toBe(2);
    expect(two.failingSince).not.toBeNull();
    expect(await log.recordOutcome('acme', 'ep', true)).toEqual({
      consecutiveFailures: 0,
      failingSince: null,
    });
  });
});
