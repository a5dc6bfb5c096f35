/**
 * The hand-off: the one in-memory shortcut between a replica's outbox and its
 * own sender (ADR-0027). The replica that accepts an email usually sends it
 * next; rather than read back the record and bodies it has just written, its
 * sender takes them from here — each once, so a later look reads NATS.
 *
 * What is kept may be stale by the time it is taken (another replica sent the
 * email and it was sent again since, say). That is safe because the sender
 * only starts from it: every change is a compare-and-set on the kept revision,
 * which re-reads on a mismatch, and a sender that would drop or delay an email
 * reads it first. Bodies are content-addressed, so a kept body is never stale.
 * Without a hand-off ({@link NO_HANDOFF}) everything is read from NATS.
 * @module
 */
import type { EmailRecord, Versioned } from '@verzend/shared';
import { LRUCache } from 'lru-cache';

/** Records and bodies a replica just wrote, kept for its own sender. */
export interface Handoff {
  /** Keeps a just-accepted record under its key. */
  keepRecord(key: string, record: Versioned<EmailRecord>): void;
  /** Takes a kept record out (once), or undefined. */
  takeRecord(key: string): Versioned<EmailRecord> | undefined;
  /** Keeps a just-stored body by hash. */
  keepText(sha256: string, text: string): void;
  /** Takes a kept body out (once), or undefined. */
  takeText(sha256: string): string | undefined;
}

/** A hand-off that keeps nothing: the sender reads everything from NATS. */
export const NO_HANDOFF: Handoff = {
  keepRecord: () => undefined,
  takeRecord: () => undefined,
  keepText: () => undefined,
  takeText: () => undefined,
};

/** Bounds of a {@link MemoryHandoff}. */
export interface HandoffLimits {
  /** Records kept (least recently kept go first). */
  records: number;
  /** Body text kept, in UTF-16 code units (about 2 bytes each); one body may use an eighth. */
  textBudget: number;
}

const DEFAULT_LIMITS: HandoffLimits = { records: 2_000, textBudget: 8 * 1024 * 1024 };

/** The hand-off in this process's memory, bounded. */
export class MemoryHandoff implements Handoff {
  readonly #records: LRUCache<string, Versioned<EmailRecord>>;
  readonly #texts: LRUCache<string, string>;

  constructor(limits: HandoffLimits = DEFAULT_LIMITS) {
    this.#records = new LRUCache({ max: limits.records });
    this.#texts = new LRUCache({
      maxSize: limits.textBudget,
      maxEntrySize: Math.floor(limits.textBudget / 8),
      sizeCalculation: (text) => Math.max(1, text.length),
    });
  }

  keepRecord(key: string, record: Versioned<EmailRecord>): void {
    this.#records.set(key, record);
  }

  takeRecord(key: string): Versioned<EmailRecord> | undefined {
    const kept = this.#records.get(key);
    this.#records.delete(key);
    return kept;
  }

  keepText(sha256: string, text: string): void {
    if (!this.#texts.has(sha256)) {
      this.#texts.set(sha256, text);
    }
  }

  takeText(sha256: string): string | undefined {
    const kept = this.#texts.get(sha256);
    this.#texts.delete(sha256);
    return kept;
  }
}
