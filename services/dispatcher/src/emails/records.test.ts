import type { KV } from '@nats-io/kv';
import type { EmailRecord } from '@verzend/shared';
import { describe, expect, it } from 'vitest';
import { MemoryHandoff } from './handoff';
import { apply, isRefusal } from './lifecycle';
import { type EmailChange, EmailRecords } from './records';

/** A KV with revision compare-and-set, enough for {@link EmailRecords}. */
function memoryKv() {
  const items = new Map<string, { value: string; revision: number }>();
  let revision = 0;
  const wrong = () => new Error('wrong last sequence: 1');
  const kv = {
    async create(key: string, value: string) {
      if (items.has(key)) {
        throw wrong();
      }
      items.set(key, { value, revision: ++revision });
      return revision;
    },
    async update(key: string, value: string, at: number) {
      if (items.get(key)?.revision !== at) {
        throw wrong();
      }
      items.set(key, { value, revision: ++revision });
      return revision;
    },
    async get(key: string) {
      const item = items.get(key);
      return item
        ? {
            operation: 'PUT',
            length: item.value.length,
            revision: item.revision,
            json: () => JSON.parse(item.value),
          }
        : null;
    },
  };
  /** Another writer changes the stored record behind the caller's back. */
  const meddle = (key: string, change: (r: EmailRecord) => EmailRecord) => {
    const item = items.get(key);
    if (item) {
      items.set(key, {
        value: JSON.stringify(change(JSON.parse(item.value))),
        revision: ++revision,
      });
    }
  };
  return { kv: kv as unknown as KV, items, meddle };
}

const queued = {
  id: '00000000000000000000abcd',
  company: 'cronus',
  status: 'queued',
  to: [{ address: 'a@example.com' }],
  cc: [],
  bcc: [],
  attempts: [],
  history: [],
  dispatch: { generation: 1, firstAttempt: 1 },
} as unknown as EmailRecord;
const KEY = `cronus.${queued.id}`;

describe('EmailRecords.transition', () => {
  it('writes the event with compare-and-set and tells every observer what changed', async () => {
    const { kv } = memoryKv();
    const seen: EmailChange[] = [];
    const records = new EmailRecords(kv, { onTransition: [(c) => seen.push(c)] });
    const created = await records.create(queued);
    const done = await records.transition('cronus', queued.id, { type: 'cancel', by: 'u1' });
    expect(done.refusal).toBeUndefined();
    expect(done.value.status).toBe('cancelled');
    expect(done.revision).toBeGreaterThan(created.revision);
    expect(
      seen.map((c) => [c.before?.status ?? null, c.after.status, c.event?.type ?? null]),
    ).toEqual([
      [null, 'queued', null],
      ['queued', 'cancelled', 'cancel'],
    ]);
  });

  it('re-decides on the stored record after losing a race', async () => {
    const { kv, meddle } = memoryKv();
    const records = new EmailRecords(kv);
    const start = await records.create(queued);
    // Another replica started an attempt meanwhile: the user's cancel must now be refused.
    meddle(KEY, (r) => {
      const next = apply(r, {
        type: 'start-attempt',
        generation: 1,
        pointerSeq: 3,
        dispatcherId: 'd',
      });
      if (isRefusal(next)) {
        throw new Error(next.message);
      }
      return next;
    });
    const done = await records.transition(
      'cronus',
      queued.id,
      { type: 'cancel', by: 'u1' },
      { start },
    );
    expect(done.refusal?.refused).toBe('invalid-state');
    expect(done.value.status).toBe('processing');
  });

  it('with `once`, a lost race is an error, not a second decision', async () => {
    const { kv, meddle } = memoryKv();
    const records = new EmailRecords(kv);
    const start = await records.create(queued);
    meddle(KEY, (r) => ({ ...r, subject: 'changed' }));
    await expect(
      records.transition('cronus', queued.id, { type: 'unqueue' }, { start, once: true }),
    ).rejects.toThrow(/wrong last sequence/);
  });

  it('a refused event writes nothing and tells no observer', async () => {
    const { kv, items } = memoryKv();
    const seen: EmailChange[] = [];
    const records = new EmailRecords(kv, { onTransition: [(c) => seen.push(c)] });
    await records.create({ ...queued, status: 'sent' });
    const before = items.get(KEY)?.revision;
    const done = await records.transition('cronus', queued.id, { type: 'cancel', by: 'u1' });
    expect(done.refusal?.refused).toBe('invalid-state');
    expect(items.get(KEY)?.revision).toBe(before);
    expect(seen).toHaveLength(1);
  });

  it('hands a just-accepted record to this replica’s sender once, through the hand-off', async () => {
    const { kv } = memoryKv();
    const records = new EmailRecords(kv, { handoff: new MemoryHandoff() });
    await records.create(queued);
    expect((await records.findToSend('cronus', queued.id))?.cached).toBe(true);
    expect((await records.findToSend('cronus', queued.id))?.cached).toBeUndefined();
    // Without a hand-off every look reads KV.
    const plain = new EmailRecords(memoryKv().kv);
    await plain.create(queued);
    expect((await plain.findToSend('cronus', queued.id))?.cached).toBeUndefined();
  });
});
