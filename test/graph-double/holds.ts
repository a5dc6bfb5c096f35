/**
 * Slow answers on demand: a matching request is held before the double handles
 * it, as a slow Graph would hold a `sendMail` or an upload chunk. A client that
 * hangs up during the hold has cut the request: the double records that and
 * never handles it (nothing is sent, no chunk is kept), so a test can tell a
 * connector that cancels its request from one that waits for the answer.
 * @module
 */
import type { ServerResponse } from 'node:http';
import type { DelayRule } from './types';

/**
 * The first rule matching a request, counted as used once (removed when used up); shared by
 * the failure and the hold rules.
 */
export function takeRule<R extends { path: string | RegExp; method?: string; times?: number }>(
  rules: R[],
  method: string,
  path: string,
): R | undefined {
  const rule = rules.find(
    (r) =>
      (r.method === undefined || r.method === method) &&
      (typeof r.path === 'string' ? path.includes(r.path) : r.path.test(path)),
  );
  if (rule) {
    rule.times = (rule.times ?? 1) - 1;
    if (rule.times <= 0) {
      rules.splice(rules.indexOf(rule), 1);
    }
  }
  return rule;
}

/** A request a client cut while the double held it. */
export interface CutRequest {
  method: string;
  path: string;
  /** How long it had been held when the client hung up. */
  afterMs: number;
}

/** The hold rules of a double, and what they saw. */
export class Holds {
  readonly #rules: DelayRule[] = [];
  /** Requests held right now. */
  holding = 0;
  /** Requests whose client hung up while they were held (never handled). */
  readonly cut: CutRequest[] = [];

  add(rule: DelayRule): void {
    this.#rules.push({ times: 1, ...rule });
  }

  /**
   * Holds the request when a rule matches; resolves true to go on handling it, false when
   * the client hung up meanwhile (recorded as cut, status 499; the request is not handled).
   */
  async hold(method: string, path: string, res: ServerResponse): Promise<boolean> {
    const rule = takeRule(this.#rules, method, path);
    if (!rule) {
      return true;
    }
    const began = Date.now();
    this.holding++;
    try {
      return await new Promise<boolean>((resolve) => {
        const timer = setTimeout(() => {
          res.off('close', hungUp);
          resolve(true);
        }, rule.ms);
        const hungUp = () => {
          clearTimeout(timer);
          this.cut.push({ method, path, afterMs: Date.now() - began });
          res.statusCode = 499;
          resolve(false);
        };
        res.once('close', hungUp);
      });
    } finally {
      this.holding--;
    }
  }
}
