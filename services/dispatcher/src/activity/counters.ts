/**
 * Sent and failed counts per company, account and day over the whole history,
 * kept in KV (`verzend_activity`, key `<company>.<yyyy-mm>.<accountId>`, one
 * entry per account and month holding its days). Each replica adds up the
 * status changes it makes in memory and folds them into KV once a second with
 * compare-and-set, so the counters cost one KV write per account per second
 * however many emails are sent, and reading a month is one read per account.
 * A replica that crashes loses at most its last second of counts.
 * @module
 */
import type { KV } from '@nats-io/kv';
import {
  assertToken,
  type EmailRecord,
  isCasConflict,
  type Logger,
  listKeys,
} from '@verzend/shared';

/** One account's counts on one day (UTC). */
export interface DayCounts {
  accountId: string;
  /** `yyyy-mm-dd`, UTC. */
  day: string;
  sent: number;
  failed: number;
}

type Counts = { sent: number; failed: number };
/** The stored value of one account and month: day (`dd`) → counts. */
type MonthEntry = { days: Record<string, Counts> };

const FLUSH_MS = 1_000;
const MONTH = /^\d{4}-\d{2}$/;

/** The key of an account's month. */
export function activityKey(company: string, month: string, accountId: string): string {
  return `${assertToken(company, 'company')}.${month}.${assertToken(accountId, 'account id')}`;
}

/** What a status change adds: a change into `sent` or `failed` counts once, on the day it happened. */
export function countOf(
  before: EmailRecord | undefined,
  after: EmailRecord,
): { key: 'sent' | 'failed'; day: string } | null {
  if ((after.status !== 'sent' && after.status !== 'failed') || before?.status === after.status) {
    return null;
  }
  const at = (after.status === 'sent' ? after.sentAt : null) ?? after.updatedAt;
  return { key: after.status, day: at.slice(0, 10) };
}

/** The months (`yyyy-mm`) a day range touches. */
export function monthsOf(from: string, to: string): string[] {
  const months: string[] = [];
  const d = new Date(`${from.slice(0, 7)}-01T00:00:00Z`);
  while (d.toISOString().slice(0, 7) <= to.slice(0, 7)) {
    months.push(d.toISOString().slice(0, 7));
    d.setUTCMonth(d.getUTCMonth() + 1);
  }
  return months;
}

/** Counts status changes and reads them back. */
export class ActivityCounters {
  readonly #kv: KV;
  readonly #logger: Logger;
  /** Not yet stored: key → day (`dd`) → counts. */
  #pending = new Map<string, Map<string, Counts>>();
  #timer: NodeJS.Timeout | undefined;
  #flushing: Promise<void> = Promise.resolve();

  constructor(kv: KV, logger: Logger) {
    this.#kv = kv;
    this.#logger = logger;
  }

  /** Notes a record change (called after it was written). */
  record(before: EmailRecord | undefined, after: EmailRecord): void {
    const hit = countOf(before, after);
    if (!hit) {
      return;
    }
    let key: string;
    try {
      key = activityKey(after.company, hit.day.slice(0, 7), after.accountId);
    } catch {
      return;
    }
    const days = this.#pending.get(key) ?? new Map<string, Counts>();
    const counts = days.get(hit.day.slice(8, 10)) ?? { sent: 0, failed: 0 };
    counts[hit.key]++;
    days.set(hit.day.slice(8, 10), counts);
    this.#pending.set(key, days);
    this.#timer ??= setTimeout(() => {
      this.#timer = undefined;
      void this.flush();
    }, FLUSH_MS);
  }

  /** Stores what was counted so far (also on stop). */
  flush(): Promise<void> {
    const batch = this.#pending;
    this.#pending = new Map();
    this.#flushing = this.#flushing.then(() =>
      Promise.all(
        [...batch].map(([key, days]) =>
          this.#add(key, days).catch((err: unknown) =>
            this.#logger.warn({ err, key }, 'activity counts not stored'),
          ),
        ),
      ).then(() => undefined),
    );
    return this.#flushing;
  }

  async #add(key: string, days: Map<string, Counts>): Promise<void> {
    for (let tries = 0; tries < 20; tries++) {
      const entry = await this.#kv.get(key);
      const live = entry?.operation === 'PUT' && entry.length > 0;
      const value: MonthEntry = live ? entry.json<MonthEntry>() : { days: {} };
      for (const [day, add] of days) {
        const c = value.days[day] ?? { sent: 0, failed: 0 };
        value.days[day] = { sent: c.sent + add.sent, failed: c.failed + add.failed };
      }
      try {
        if (live) {
          await this.#kv.update(key, JSON.stringify(value), entry.revision);
        } else {
          await this.#kv.create(key, JSON.stringify(value));
        }
        return;
      } catch (err) {
        if (!isCasConflict(err)) {
          throw err;
        }
      }
    }
    throw new Error(`activity counter ${key} kept changing`);
  }

  /** Stores what is pending and stops the timer. */
  async stop(): Promise<void> {
    clearTimeout(this.#timer);
    this.#timer = undefined;
    await this.flush();
  }

  /** A company's counts per account per day, `from`..`to` inclusive (`yyyy-mm-dd`), newest day first. */
  async read(company: string, from: string, to: string, accountId?: string): Promise<DayCounts[]> {
    const months = monthsOf(from, to).filter((m) => MONTH.test(m));
    const account = accountId ? assertToken(accountId, 'account id') : '*';
    // One listing per month (a consumer with several filters needs nats-server 2.10).
    const prefix = assertToken(company, 'company');
    const keys = (
      await Promise.all(months.map((m) => listKeys(this.#kv, `${prefix}.${m}.${account}`)))
    ).flat();
    const entries = await Promise.all(keys.map((k) => this.#kv.get(k)));
    const rows: DayCounts[] = [];
    entries.forEach((entry, i) => {
      if (entry?.operation !== 'PUT' || entry.length === 0) {
        return;
      }
      const [, month = '', id = ''] = (keys[i] ?? '').split('.');
      for (const [dd, c] of Object.entries(entry.json<MonthEntry>().days)) {
        const day = `${month}-${dd}`;
        if (day >= from && day <= to) {
          rows.push({ accountId: id, day, sent: c.sent, failed: c.failed });
        }
      }
    });
    return rows.sort(
      (a, b) => b.day.localeCompare(a.day) || a.accountId.localeCompare(b.accountId),
    );
  }
}
