/**
 * Collects a render's warnings, once per kind and tag: a 500-line invoice with
 * a missing field gives one warning, not 500.
 * @module
 */
import type { EvalWarning } from '../template/expressions';

/** A warning in the render result. */
export interface Warning {
  code: string;
  message: string;
  tag?: string;
  context?: string;
}

/** Deduplicating warning list. */
export class Warnings {
  readonly #seen = new Set<string>();
  readonly list: Warning[] = [];

  add(w: Warning | EvalWarning): void {
    const key = `${w.code}\u0000${w.tag ?? w.message}`;
    if (this.#seen.has(key)) {
      return;
    }
    this.#seen.add(key);
    this.list.push({ ...w });
  }

  /** Warnings of one code (e.g. MISSING_VALUE for strict mode). */
  byCode(code: string): Warning[] {
    return this.list.filter((w) => w.code === code);
  }
}
