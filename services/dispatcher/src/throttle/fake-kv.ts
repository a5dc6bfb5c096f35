/**
 * The part of a KV bucket the throttle uses, in memory, with the same
 * compare-and-set rules, and switches that make it fail like an unreachable
 * NATS (for the limiter's unit tests).
 * @module
 */
import type { SlotState } from './slot-state';

/** An in-memory KV bucket with compare-and-set. */
export class MemoryKv {
  readonly entries = new Map<string, { data: string; revision: number }>();
  writes = 0;
  /** While true every call fails as if NATS were unreachable; `landing` makes writes land first (reply lost). */
  down: false | 'refuse' | 'landing' = false;
  #seq = 0;

  #check(): void {
    if (this.down === 'refuse') {
      throw new Error('TIMEOUT');
    }
  }

  async keys(): Promise<AsyncIterable<string>> {
    this.#check();
    const list = [...this.entries.keys()];
    return (async function* () {
      yield* list;
    })();
  }

  async get(key: string) {
    this.#check();
    const e = this.entries.get(key);
    if (!e) {
      return null;
    }
    return {
      operation: 'PUT',
      length: e.data.length,
      revision: e.revision,
      json: <T>() => JSON.parse(e.data) as T,
    };
  }

  async create(key: string, data: string): Promise<number> {
    this.#check();
    if (this.entries.has(key)) {
      throw new Error('wrong last sequence: 1');
    }
    return this.#put(key, data);
  }

  async update(key: string, data: string, revision: number): Promise<number> {
    this.#check();
    if (this.entries.get(key)?.revision !== revision) {
      throw new Error(`wrong last sequence: ${this.entries.get(key)?.revision ?? 0}`);
    }
    return this.#put(key, data);
  }

  #put(key: string, data: string): number {
    this.writes++;
    this.#seq++;
    this.entries.set(key, { data, revision: this.#seq });
    if (this.down === 'landing') {
      throw new Error('TIMEOUT');
    }
    return this.#seq;
  }

  leases(key: string): number {
    const e = this.entries.get(key);
    return e ? (JSON.parse(e.data) as SlotState).leases.length : 0;
  }
}
