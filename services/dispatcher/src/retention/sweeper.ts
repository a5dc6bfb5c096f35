/**
 * The retention sweeper: every interval one dispatcher replica (the holder of
 * the lease in `verzend_retention`) deletes, within a per-run budget, the email
 * records, posting-event records, captured messages and telemetry that are
 * older than their company's retention, and — at its own, longer interval —
 * runs the blob mark and sweep (ADR-0026). Queued, processing and draft emails
 * are never deleted. See docs/operations.md "Retention".
 * @module
 */
import type { JetStreamClient, JetStreamManager } from '@nats-io/jetstream';
import type { KV } from '@nats-io/kv';
import type { NatsConnection } from '@nats-io/nats-core';
import {
  type BlobStore,
  Buckets,
  type EmailRecord,
  type EventRecord,
  type Logger,
} from '@verzend/shared';
import { sweepBlobs } from './blob-sweep';
import { SweepLock } from './lock';
import { NatsRetentionLookups, type RetentionLookups } from './lookups';
import { emailExpired, eventExpired, MIN_RECORD_DAYS } from './policy';
import { type Budget, sweepRecords } from './records';
import { sweepCaptures, sweepTelemetry } from './side-stores';

/** Settings of the sweeper (docs/operations.md lists the environment variables). */
export interface SweeperOptions {
  /** Time between runs. */
  intervalMs: number;
  /** Time between blob sweeps (a run does one when this much has passed since the last). */
  blobIntervalMs: number;
  /** Grace period of an unreferenced blob (ADR-0026). */
  graceMs: number;
  /** Deletions per run, all kinds together. */
  batch: number;
  /** Event records are kept at least as long as the events stream keeps events (days). */
  eventsMinDays: number;
  /** Name of this replica (the lease holder). */
  holder: string;
}

/** What the sweeper works on. */
export interface SweeperDeps {
  nc: NatsConnection;
  js: JetStreamClient;
  jsm: JetStreamManager;
  emails: KV;
  events: KV;
  /** The lease bucket (`verzend_retention`). */
  lockKv: KV;
  blobs: BlobStore;
  captureDir: string;
  logger: Logger;
  /** Config look-ups for one run (default: over NATS). */
  lookups?: () => RetentionLookups;
  /** The clock records are judged by (tests move it; blobs always use the real one). */
  clock?: () => number;
}

/** What one run did. */
export interface SweepReport {
  ran: boolean;
  emails: number;
  events: number;
  captures: number;
  telemetry: number;
  blobs: number;
  blobBytes: number;
  marked: number | null;
}

/** Runs retention sweeps on a timer; {@link RetentionSweeper.runOnce} runs one now. */
export class RetentionSweeper {
  readonly #d: SweeperDeps;
  readonly #o: SweeperOptions;
  readonly #lock: SweepLock;
  readonly #keptEmails = new Map<string, number>();
  readonly #keptEvents = new Map<string, number>();
  #lastBlobSweep = 0;
  #timer: NodeJS.Timeout | undefined;
  #running: Promise<SweepReport> | undefined;
  #stopped = false;

  constructor(deps: SweeperDeps, options: SweeperOptions) {
    this.#d = deps;
    this.#o = options;
    // The lease outlives a run comfortably; it is renewed between the parts of a run.
    this.#lock = new SweepLock(
      deps.lockKv,
      options.holder,
      Math.max(60_000, options.intervalMs * 2),
    );
  }

  /** Starts the timer (the first run comes after one interval, never during start-up). */
  start(): void {
    const tick = () => {
      this.#timer = setTimeout(async () => {
        await this.runOnce().catch((err: unknown) =>
          this.#d.logger.warn({ err }, 'retention sweep failed; trying again next interval'),
        );
        if (!this.#stopped) {
          tick();
        }
      }, this.#o.intervalMs);
      this.#timer.unref();
    };
    tick();
  }

  /** Stops the timer, waits for a run in progress and gives the lease back. */
  async stop(): Promise<void> {
    this.#stopped = true;
    clearTimeout(this.#timer);
    await this.#running?.catch(() => undefined);
    await this.#lock.release();
  }

  /** One run now (when this replica holds or takes the lease); runs never overlap in a process. */
  runOnce(opts: { blobs?: boolean } = {}): Promise<SweepReport> {
    if (!this.#running) {
      this.#running = this.#run(opts).finally(() => {
        this.#running = undefined;
      });
    }
    return this.#running;
  }

  async #run(opts: { blobs?: boolean }): Promise<SweepReport> {
    const report: SweepReport = {
      ran: false,
      emails: 0,
      events: 0,
      captures: 0,
      telemetry: 0,
      blobs: 0,
      blobBytes: 0,
      marked: null,
    };
    if (!(await this.#lock.acquire())) {
      return report;
    }
    report.ran = true;
    const d = this.#d;
    const lookups = d.lookups?.() ?? new NatsRetentionLookups(d.nc);
    const settingsOf = (company: string) => lookups.settings(company);
    const now = d.clock?.() ?? Date.now();
    const budget: Budget = { left: this.#o.batch };
    report.emails = await sweepRecords({
      js: d.js,
      kv: d.emails,
      bucket: Buckets.emails,
      now,
      budget,
      minDays: MIN_RECORD_DAYS,
      kept: this.#keptEmails,
      expired: async (company, value) =>
        emailExpired(value as EmailRecord, await settingsOf(company), now),
    });
    report.events = await sweepRecords({
      js: d.js,
      kv: d.events,
      bucket: Buckets.events,
      now,
      budget,
      minDays: Math.max(MIN_RECORD_DAYS, this.#o.eventsMinDays),
      kept: this.#keptEvents,
      expired: async (company, value) =>
        eventExpired(value as EventRecord, await settingsOf(company), now, this.#o.eventsMinDays),
    });
    report.captures = await sweepCaptures(d.captureDir, settingsOf, now, budget);
    report.telemetry = await sweepTelemetry(d.js, d.jsm, settingsOf, now).catch((err: unknown) => {
      d.logger.warn({ err }, 'telemetry retention skipped this run');
      return 0;
    });
    const blobsDue = Date.now() - this.#lastBlobSweep >= this.#o.blobIntervalMs;
    if ((opts.blobs ?? blobsDue) && budget.left > 0 && (await this.#lock.acquire())) {
      const swept = await sweepBlobs({
        js: d.js,
        blobs: d.blobs,
        lookups,
        graceMs: this.#o.graceMs,
        budget,
      });
      this.#lastBlobSweep = Date.now();
      report.blobs = swept.deleted;
      report.blobBytes = swept.bytes;
      report.marked = swept.marked;
    }
    d.logger.info({ ...report, budgetLeft: budget.left }, 'retention sweep');
    return report;
  }
}
