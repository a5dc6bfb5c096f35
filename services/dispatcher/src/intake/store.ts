/**
 * Our own record of every posting event (KV `verzend_event_records`, key
 * `<company>.<eventId>`). It is the de-duplication key that outlives the
 * stream's duplicate window and restarts, the claim that stops two replicas
 * processing one event, and what `GET /v1/events` shows. Writes are
 * compare-and-set on the KV revision (see ADR-0012).
 * @module
 */
import type { JetStreamClient } from '@nats-io/jetstream';
import type { KV } from '@nats-io/kv';
import { Buckets, type EventRecord, scanStream, type Versioned } from '@verzend/shared';

/** The stored value: the public record plus the stream bookkeeping the intake needs. */
export interface StoredEvent extends EventRecord {
  /** Stream sequence of the message that owns the event while it is processed. */
  claimSeq: number | null;
  /** Stream sequence of the first message that carried the event (read back for a retry). */
  sourceSeq: number | null;
  /** Length of the email's status history when the record last followed it (ADR-0023). */
  followSeq?: number | null;
}

/** A stored event and its KV revision (for compare-and-set). */
export type VersionedEvent = Versioned<StoredEvent>;

/** The public part of a stored event. */
export function toPublic(stored: StoredEvent): EventRecord {
  const { claimSeq: _c, sourceSeq: _s, followSeq: _f, ...record } = stored;
  return record;
}

/** Persistence of event records. A KV implementation is below; tests may use a Map. */
export interface EventStore {
  get(company: string, eventId: string): Promise<VersionedEvent | null>;
  /** Creates the record unless one exists; returns its revision, or null when it already existed. */
  create(value: StoredEvent): Promise<number | null>;
  /** Replaces the record if it is still at `revision`; returns the new revision. Throws on a conflict. */
  update(value: StoredEvent, revision: number): Promise<number>;
  /** Removes the record if it is still at `revision` (undoing an accepted-but-unpublished event). */
  remove(company: string, eventId: string, revision: number): Promise<void>;
  /** Every record of a company (latest values). */
  list(company: string): Promise<StoredEvent[]>;
}

const key = (company: string, eventId: string) => `${company}.${eventId}`;
const encoder = new TextEncoder();

/** {@link EventStore} over the NATS KV bucket. */
export class KvEventStore implements EventStore {
  readonly #kv: KV;
  readonly #js: JetStreamClient;

  constructor(kv: KV, js: JetStreamClient) {
    this.#kv = kv;
    this.#js = js;
  }

  async get(company: string, eventId: string): Promise<VersionedEvent | null> {
    const entry = await this.#kv.get(key(company, eventId));
    if (entry?.operation !== 'PUT') {
      return null;
    }
    return { value: entry.json<StoredEvent>(), revision: entry.revision };
  }

  async create(value: StoredEvent): Promise<number | null> {
    try {
      return await this.#kv.create(
        key(value.company, value.eventId),
        encoder.encode(JSON.stringify(value)),
      );
    } catch (err) {
      // create fails when the key exists; anything else is a real error.
      if (await this.get(value.company, value.eventId)) {
        return null;
      }
      throw err;
    }
  }

  update(value: StoredEvent, revision: number): Promise<number> {
    return this.#kv.update(
      key(value.company, value.eventId),
      encoder.encode(JSON.stringify(value)),
      revision,
    );
  }

  async remove(company: string, eventId: string, revision: number): Promise<void> {
    await this.#kv.delete(key(company, eventId), { previousSeq: revision });
  }

  /**
   * Reads the latest value of every key under the company's prefix with one
   * ordered consumer (last per subject), instead of a get per key.
   */
  async list(company: string): Promise<StoredEvent[]> {
    const prefix = `$KV.${Buckets.events}.${company}.`;
    // Keyed by event: a record written while we read arrives again, and the later value wins.
    const out = new Map<string, StoredEvent>();
    const decoder = new TextDecoder();
    // scanStream ends a walk whose pending messages vanished (a record rewritten meanwhile) by
    // asking the server, where waiting for "nothing pending" would wait for ever (ADR-0031).
    await scanStream(
      this.#js,
      `KV_${Buckets.events}`,
      `${prefix}>`,
      (m) => {
        const eventId = m.subject.slice(prefix.length);
        if (m.deleted || m.data.length === 0) {
          out.delete(eventId);
        } else {
          out.set(eventId, JSON.parse(decoder.decode(m.data)) as StoredEvent);
        }
        return undefined;
      },
      { lastPerSubject: true },
    );
    return [...out.values()];
  }
}

/** {@link EventStore} in memory, with the same compare-and-set semantics (unit tests, tools). */
export class MemoryEventStore implements EventStore {
  readonly #items = new Map<string, VersionedEvent>();
  #revision = 0;

  async get(company: string, eventId: string): Promise<VersionedEvent | null> {
    const item = this.#items.get(key(company, eventId));
    return item ? { value: structuredClone(item.value), revision: item.revision } : null;
  }

  async create(value: StoredEvent): Promise<number | null> {
    const k = key(value.company, value.eventId);
    if (this.#items.has(k)) {
      return null;
    }
    this.#revision++;
    this.#items.set(k, { value: structuredClone(value), revision: this.#revision });
    return this.#revision;
  }

  async update(value: StoredEvent, revision: number): Promise<number> {
    const k = key(value.company, value.eventId);
    const current = this.#items.get(k);
    if (!current || current.revision !== revision) {
      throw new Error(`wrong last sequence for ${k}`);
    }
    this.#revision++;
    this.#items.set(k, { value: structuredClone(value), revision: this.#revision });
    return this.#revision;
  }

  async remove(company: string, eventId: string, revision: number): Promise<void> {
    const k = key(company, eventId);
    if (this.#items.get(k)?.revision === revision) {
      this.#items.delete(k);
    }
  }

  async list(company: string): Promise<StoredEvent[]> {
    return [...this.#items.entries()]
      .filter(([k]) => k.startsWith(`${company}.`))
      .map(([, v]) => structuredClone(v.value));
  }
}
