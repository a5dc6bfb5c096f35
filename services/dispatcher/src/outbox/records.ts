/**
 * Email records in KV (`verzend_emails`, key `<company>.<emailId>`). Every
 * change is a compare-and-set on the entry's revision, so two replicas (or a
 * sender and a user cancelling) never clobber each other's transition: the
 * loser re-reads and re-decides.
 * @module
 */
import type { KV } from '@nats-io/kv';
import {
  assertToken,
  ConflictError,
  type EmailRecord,
  type EmailStatus,
  isCasConflict,
  NotFoundError,
} from '@verzend/shared';

/** A record with the KV revision it was read at. */
export interface Versioned {
  record: EmailRecord;
  revision: number;
}

/** Returned by a transition function to leave the record as it is. */
export const UNCHANGED = Symbol('unchanged');

/** Key of an email record. */
export function recordKey(company: string, emailId: string): string {
  return `${assertToken(company, 'company')}.${assertToken(emailId, 'email id')}`;
}

/** Appends a status change to a record (time + reason), returning the updated copy. */
export function withStatus(
  record: EmailRecord,
  status: EmailStatus,
  reason: string | null,
  at = new Date().toISOString(),
): EmailRecord {
  return {
    ...record,
    status,
    updatedAt: at,
    history: [...record.history, { status, at, reason: reason?.slice(0, 2048) ?? null }],
  };
}

/** How many just-accepted records a replica keeps for its own sender. */
const RECENT_MAX = 2_000;

/** Told of every record a transition wrote (`before` as it was read): activity counters. */
export type RecordObserver = (before: EmailRecord, after: EmailRecord) => void;

/** Reads and writes email records. */
export class EmailRecords {
  readonly #kv: KV;
  readonly #observe: RecordObserver | undefined;
  /** Records this replica just accepted, by key: its sender usually picks them up next. */
  readonly #recent = new Map<string, Versioned>();

  constructor(kv: KV, observe?: RecordObserver) {
    this.#kv = kv;
    this.#observe = observe;
  }

  /** Stores a new record; fails when the id exists. */
  async create(record: EmailRecord): Promise<Versioned> {
    const key = recordKey(record.company, record.id);
    const revision = await this.#kv.create(key, JSON.stringify(record));
    const created = { record, revision };
    if (record.status === 'queued') {
      if (this.#recent.size >= RECENT_MAX) {
        const oldest = this.#recent.keys().next().value;
        if (oldest !== undefined) {
          this.#recent.delete(oldest);
        }
      }
      this.#recent.set(key, created);
    }
    return created;
  }

  /**
   * The record as a starting point for sending: the copy this replica wrote on
   * accepting it when there is one (taken once), else a read. The copy may be
   * stale (sent by another replica and sent again since, say): every change is a
   * compare-and-set on its revision, which re-reads on a mismatch, and a caller
   * that would drop or delay the email on the copy's word reads it first (`cached`).
   */
  async findToSend(
    company: string,
    emailId: string,
  ): Promise<(Versioned & { cached?: true }) | null> {
    let key: string;
    try {
      key = recordKey(company, emailId);
    } catch {
      return null;
    }
    const recent = this.#recent.get(key);
    if (recent) {
      this.#recent.delete(key);
      return { ...recent, cached: true };
    }
    return this.find(company, emailId);
  }

  /** Reads a record, or null. */
  async find(company: string, emailId: string): Promise<Versioned | null> {
    let key: string;
    try {
      key = recordKey(company, emailId);
    } catch {
      return null;
    }
    const entry = await this.#kv.get(key);
    if (entry?.operation !== 'PUT' || entry.length === 0) {
      return null;
    }
    return { record: entry.json<EmailRecord>(), revision: entry.revision };
  }

  /** Reads a record or throws 404 (another company's id is simply not found). */
  async get(company: string, emailId: string): Promise<Versioned> {
    const found = await this.find(company, emailId);
    if (!found) {
      throw new NotFoundError(`Email ${emailId} does not exist.`);
    }
    return found;
  }

  /** Writes `record` if the entry is still at `revision`; throws on a lost race. */
  async put(record: EmailRecord, revision: number): Promise<Versioned> {
    const next = await this.#kv.update(
      recordKey(record.company, record.id),
      JSON.stringify(record),
      revision,
    );
    return { record, revision: next };
  }

  /**
   * Applies `change` with compare-and-set, re-reading and re-applying on a lost race.
   * `change` decides from the current record: return the new record, {@link UNCHANGED}
   * to leave it, or throw (e.g. INVALID_STATE).
   * @param start a record already in hand (saves a read when it is still current).
   */
  async transition(
    company: string,
    emailId: string,
    change: (current: EmailRecord) => EmailRecord | typeof UNCHANGED,
    start?: Versioned,
  ): Promise<Versioned> {
    let current = start ?? (await this.get(company, emailId));
    for (let tries = 0; tries < 50; tries++) {
      const next = change(current.record);
      if (next === UNCHANGED) {
        return current;
      }
      try {
        const written = await this.put(next, current.revision);
        this.#observe?.(current.record, next);
        return written;
      } catch (err) {
        if (!isCasConflict(err)) {
          throw err;
        }
        current = await this.get(company, emailId);
      }
    }
    throw new ConflictError(`Email ${emailId} kept changing; try again.`);
  }

  /** Deletes a record if it is still at `revision`. */
  async remove(company: string, emailId: string, revision: number): Promise<void> {
    await this.#kv.purge(recordKey(company, emailId), { previousSeq: revision });
  }

  /** Every email id of a company, newest first. */
  async ids(company: string): Promise<string[]> {
    const prefix = `${assertToken(company, 'company')}.`;
    const keys: string[] = [];
    const iter = await this.#kv.keys(`${prefix}>`);
    for await (const key of iter) {
      keys.push(key.slice(prefix.length));
    }
    return keys.sort().reverse();
  }
}
