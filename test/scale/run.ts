/**
 * What the fault tests and the scale benchmark do to a deployment: set up a
 * company that emails posted invoices through an SMTP sink, post events as an
 * ERP does (retrying a publish NATS could not confirm, same message id), probe
 * the HTTP API meanwhile, and count what reached the sink.
 * @module
 */
import { jetstream } from '@nats-io/jetstream';
import { type NatsConnection, TimeoutError } from '@nats-io/nats-core';
import { eventMessageId, Subjects, toAppError } from '@verzend/shared';
import { setUpInvoicing } from '../../scripts/demo/company';
import { postedInvoice } from '../../scripts/demo/invoices';
import type { SmtpSink } from '../harness';
import { type Deployment, messageIdOf } from './deployment';

/**
 * Whether the error vocabulary answers a NATS outage (a timed-out request) with a retryable
 * 503 yet. That mapping is a change of its own in `packages/shared`; until it is there, the
 * outage tests skip their HTTP-status assertions (and say so) while every other check runs.
 */
export const OUTAGE_IS_503 = toAppError(new TimeoutError()).status === 503;

/** True when the fault tests run their full counts and every variant (VERZEND_FAULT_FULL=1). */
export const FULL = process.env.VERZEND_FAULT_FULL === '1';

/** Scale of the fault tests: CI runs a tenth of the full counts (at least 50) unless {@link FULL}. */
export function scaled(full: number): number {
  return FULL ? full : Math.max(50, Math.round(full / 10));
}

/**
 * Sets up invoicing through `sink` with the given account limits (and, with `attachDocument`,
 * the printed PDF attached); returns the account id.
 */
export async function setUpCompany(
  d: Deployment,
  sink: SmtpSink,
  opts: { concurrencyLimit?: number; rateLimitPerMinute?: number; attachDocument?: boolean } = {},
): Promise<string> {
  const ids = await setUpInvoicing((service, path, init) => d.fetch(service, path, init), {
    companyName: 'CRONUS International Ltd.',
    account: {
      name: 'CRONUS Sales',
      emailAddress: 'sales@cronus.example.com',
      concurrencyLimit: opts.concurrencyLimit ?? 5,
      rateLimitPerMinute: opts.rateLimitPerMinute ?? 0,
      maxAttempts: 20,
      settings: {
        connector: 'smtp',
        host: '127.0.0.1',
        port: sink.port,
        tls: 'none',
        verifyCertificate: false,
        auth: 'anonymous',
        senderType: 'specific-user',
        senderSubstitution: 'none',
      },
    },
    // Off unless asked: the fault tests and the scale benchmark measure sending, not printing.
    attachDocument: opts.attachDocument ?? false,
  });
  return ids.accountId;
}

/** Publishes `count` posted invoices with `concurrency` in flight; a publish NATS does not confirm is retried. */
export async function postEvents(
  nc: NatsConnection,
  company: string,
  count: number,
  opts: { concurrency?: number; prefix?: string; onProgress?: (done: number) => void } = {},
): Promise<{ retries: number }> {
  const js = jetstream(nc, { timeout: 2_000 });
  let next = 0;
  let done = 0;
  let retries = 0;
  const prefix = opts.prefix ?? 'SI';
  const worker = async () => {
    for (let i = next++; i < count; i = next++) {
      const event = postedInvoice({
        company,
        eventId: `${prefix}-${i}`,
        documentNo: `${100000 + i}`,
        lines: 3,
      });
      for (;;) {
        try {
          // The message id names the company and the event, or the dispatcher drops the event.
          await js.publish(Subjects.event(company, event.documentType), JSON.stringify(event), {
            msgID: eventMessageId(company, event.eventId),
          });
          break;
        } catch {
          retries++;
          await new Promise((r) => setTimeout(r, 200));
        }
      }
      opts.onProgress?.(++done);
    }
  };
  await Promise.all(Array.from({ length: opts.concurrency ?? 16 }, worker));
  return { retries };
}

/** Lost and duplicate copies at the sink for `expected` distinct emails. */
export function tally(
  sink: SmtpSink,
  expected: number,
): { unique: number; lost: number; duplicates: number } {
  const ids = sink.messages.map((m) => messageIdOf(m.raw));
  const unique = new Set(ids).size;
  return { unique, lost: expected - unique, duplicates: ids.length - unique };
}

/** Waits until the sink holds `expected` distinct emails (or the time is up). */
export async function drained(
  sink: SmtpSink,
  expected: number,
  timeoutMs: number,
): Promise<number> {
  const started = Date.now();
  while (Date.now() - started < timeoutMs && tally(sink, expected).unique < expected) {
    await new Promise((r) => setTimeout(r, 200));
  }
  return Date.now() - started;
}

/**
 * Where the posted events stand, for a report: counts by status and a few events that
 * did not end sent (status, attempts, last error) — what a lost email got stuck in.
 */
export async function eventStates(d: Deployment): Promise<Record<string, unknown>> {
  try {
    const res = await d.fetch('dispatcher', '/v1/events?limit=500');
    const list = (await res.json()) as {
      counts?: Record<string, number>;
      items?: {
        eventId: string;
        status: string;
        attempts: number;
        emailId: string | null;
        lastError?: unknown;
      }[];
    };
    const stuck = (list.items ?? []).filter((e) => e.status !== 'sent').slice(0, 5);
    return { counts: list.counts, notSent: stuck };
  } catch (err) {
    return { error: String(err) };
  }
}

/** A service and a path to call during a fault. */
export type Probe = [Parameters<Deployment['fetch']>[0], string];

/** Prints one line of the fault-test table (the figures the report quotes). */
export function report(test: string, figures: Record<string, unknown>): void {
  process.stdout.write(`FAULT ${JSON.stringify({ test, ...figures })}\n`);
}

/** How long a probe call may take before it counts as hung. */
export const PROBE_TIMEOUT_MS = 10_000;

/** Status codes of HTTP calls made while a fault runs; `bad` are the ones a client cannot retry. */
export class ApiProbe {
  readonly statuses = new Map<number, number>();
  readonly bad: string[] = [];
  /** Every 5xx answer, with its problem code, so a failure says what answered it. */
  readonly fiveXxSeen: string[] = [];
  /**
   * Calls that got no answer within {@link PROBE_TIMEOUT_MS} (counted under status 0 with
   * refused connections): named, so a report says which route hung.
   */
  readonly hung: string[] = [];
  #stopped = false;
  #loop: Promise<void> | undefined;

  /** Calls `paths` on the services every `everyMs` until {@link stop}. */
  start(d: Deployment, calls: Probe[], everyMs = 100): void {
    this.#loop = (async () => {
      while (!this.#stopped) {
        await Promise.all(
          calls.map(async ([service, path]) => {
            try {
              // Bounded: one call that hangs must not stop the probing (or hold the test for
              // the HTTP client's 5-minute default).
              const res = await d.fetch(service, path, {
                signal: AbortSignal.timeout(PROBE_TIMEOUT_MS),
              });
              const body = await res.text();
              this.statuses.set(res.status, (this.statuses.get(res.status) ?? 0) + 1);
              if (res.status >= 500) {
                this.fiveXxSeen.push(`${service} ${path} → ${res.status} ${body.slice(0, 300)}`);
              }
              const retryable = res.status === 503 && res.headers.get('retry-after') !== null;
              if (res.status >= 500 && !retryable) {
                this.bad.push(`${service} ${path} → ${res.status}`);
              }
            } catch (err) {
              // A replica being restarted refuses connections: a client tries another one.
              this.statuses.set(0, (this.statuses.get(0) ?? 0) + 1);
              if (err instanceof Error && err.name === 'TimeoutError') {
                this.hung.push(`${service} ${path}`);
              }
            }
          }),
        );
        await new Promise((r) => setTimeout(r, everyMs));
      }
    })();
  }

  async stop(): Promise<void> {
    this.#stopped = true;
    await this.#loop;
  }

  /** Count of 5xx answers. */
  get fiveXx(): number {
    return [...this.statuses].filter(([s]) => s >= 500).reduce((a, [, n]) => a + n, 0);
  }
}

/** The most sends in any window of `windowMs`, from the sink's receive times. */
export function peakPerWindow(sink: SmtpSink, windowMs: number): number {
  const times = sink.messages.map((m) => m.receivedAt).sort((a, b) => a - b);
  let peak = 0;
  let start = 0;
  for (let end = 0; end < times.length; end++) {
    while ((times[end] as number) - (times[start] as number) >= windowMs) {
      start++;
    }
    peak = Math.max(peak, end - start + 1);
  }
  return peak;
}
