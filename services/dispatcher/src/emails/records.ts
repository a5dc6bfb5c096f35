/**
 * Email records in KV (`verzend_emails`, key `<company>.<emailId>`). A status
 * changes only through {@link EmailRecords.transition}: the pure
 * {@link apply} of an event to the stored record, written with compare-and-set
 * on the entry's revision, so two replicas (or a sender and a user cancelling)
 * never clobber each other's change: the loser re-reads and re-decides
 * (ADR-0027). Observers registered in {@link EmailRecordsOptions.onTransition}
 * see every change that was written.
 * @module
 */
import type { KV } from '@nats-io/kv';
import {
  assertToken,
  ConflictError,
  type EmailRecord,
  isCasConflict,
  listKeys,
  NotFoundError,
  type Versioned,
} from '@verzend/shared';
import { type Handoff, NO_HANDOFF } from './handoff';
import { apply, type EmailEvent, isRefusal, type Refusal } from './lifecycle';

/** An email record with the KV revision it was read at. */
export type VersionedEmail = Versioned<EmailRecord>;

/** A change that was written: the record before (null for a new one), after, and why. */
export interface EmailChange {
  before: EmailRecord | null;
  after: EmailRecord;
  revision: number;
  /** The event that caused it; a new record has none. */
  event: EmailEvent | null;
}

/** Called after every written change, in order; must not throw (errors are ignored). */
export type TransitionObserver = (change: EmailChange) => void;

/** The outcome of {@link EmailRecords.transition}: the record as stored, and a refusal if the event did not apply. */
export type TransitionResult = VersionedEmail & { refusal?: Refusal };

/** Options of {@link EmailRecords}. */
export interface EmailRecordsOptions {
  /** Told of every written change (status events, metrics). */
  onTransition?: readonly TransitionObserver[];
  /** Where just-accepted records wait for this replica's sender (default: none kept). */
  handoff?: Handoff;
}

/** Options of one {@link EmailRecords.transition}. */
export interface TransitionOptions {
  /** A record already in hand (saves a read when it is still current). */
  start?: VersionedEmail;
  /** Try the write once: a lost race throws instead of re-deciding (an edit based on what the user saw). */
  once?: boolean;
  /** When the event happened (ISO); default now. */
  at?: string;
}

/** Key of an email record. */
export function recordKey(company: string, emailId: string): string {
  return `${assertToken(company, 'company')}.${assertToken(emailId, 'email id')}`;
}

/** Reads and writes email records. */
export class EmailRecords {
  readonly #kv: KV;
  readonly #observers: readonly TransitionObserver[];
  readonly #handoff: Handoff;

  constructor(kv: KV, options: EmailRecordsOptions = {}) {
    this.#kv = kv;
    this.#observers = options.onTransition ?? [];
    this.#handoff = options.handoff ?? NO_HANDOFF;
  }

  #tell(change: EmailChange): void {
    for (const observe of this.#observers) {
      try {
        observe(change);
      } catch {
        // An observer's trouble never undoes or fails a written change.
      }
    }
  }

  /** Stores a new record; fails when the id exists. */
  async create(record: EmailRecord): Promise<VersionedEmail> {
    const key = recordKey(record.company, record.id);
    const revision = await this.#kv.create(key, JSON.stringify(record));
    const created = { value: record, revision };
    if (record.status === 'queued') {
      this.#handoff.keepRecord(key, created);
    }
    this.#tell({ before: null, after: record, revision, event: null });
    return created;
  }

  /**
   * The record as a starting point for sending: the copy this replica wrote on
   * accepting it when the hand-off has one (taken once), else a read. The copy may be
   * stale (sent by another replica and sent again since, say): every change is a
   * compare-and-set on its revision, which re-reads on a mismatch, and a caller
   * that would drop or delay the email on the copy's word reads it first (`cached`).
   */
  async findToSend(
    company: string,
    emailId: string,
  ): Promise<(VersionedEmail & { cached?: true }) | null> {
    let key: string;
    try {
      key = recordKey(company, emailId);
    } catch {
      return null;
    }
    const kept = this.#handoff.takeRecord(key);
    if (kept) {
      return { ...kept, cached: true };
    }
    return this.find(company, emailId);
  }

  /** Reads a record, or null. */
  async find(company: string, emailId: string): Promise<VersionedEmail | null> {
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
    return { value: entry.json<EmailRecord>(), revision: entry.revision };
  }

  /** Reads a record or throws 404 (another company's id is simply not found). */
  async get(company: string, emailId: string): Promise<VersionedEmail> {
    const found = await this.find(company, emailId);
    if (!found) {
      throw new NotFoundError(`Email ${emailId} does not exist.`);
    }
    return found;
  }

  /**
   * Applies `event` to the stored record with compare-and-set, re-reading and
   * re-applying on a lost race (unless `once`). A refusal leaves the record as it
   * is and comes back in `refusal` with the record it was decided on.
   */
  async transition(
    company: string,
    emailId: string,
    event: EmailEvent,
    options: TransitionOptions = {},
  ): Promise<TransitionResult> {
    let current = options.start ?? (await this.get(company, emailId));
    for (let tries = 0; tries < 50; tries++) {
      const next = apply(current.value, event, options.at);
      if (isRefusal(next)) {
        return { ...current, refusal: next };
      }
      try {
        const revision = await this.#kv.update(
          recordKey(company, emailId),
          JSON.stringify(next),
          current.revision,
        );
        this.#tell({ before: current.value, after: next, revision, event });
        return { value: next, revision };
      } catch (err) {
        if (options.once || !isCasConflict(err)) {
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
    const keys = await listKeys(this.#kv, `${prefix}>`);
    return keys
      .map((key) => key.slice(prefix.length))
      .sort()
      .reverse();
  }
}

/** Throws a user's refused action as the 409 it is (INVALID_STATE). */
export function orConflict(result: TransitionResult): VersionedEmail {
  if (result.refusal) {
    throw new ConflictError(result.refusal.message, { code: 'INVALID_STATE' });
  }
  return result;
}
