/**
 * The print pool: warm LibreOffice processes (office-process.ts), each fed
 * one document at a time. A conversion over the time limit kills its
 * process; a process that dies is replaced; either way the job is tried once
 * more on another process. Processes are recycled after a number of jobs, and
 * their address space is capped, so memory stays bounded (ADR-0015).
 * @module
 */
import { mkdirSync, rmSync } from 'node:fs';
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { backoffMs, Counter, Gauge, Histogram, type Logger, type Registry } from '@verzend/shared';
import { PrintFailedError, PrintUnavailableError } from './errors';
import { checkPrintingInstalled, executable, removeStaleDirs } from './host';
import {
  OfficeProcess,
  type OfficeProcessOptions,
  PrintAttemptError,
  type Printed,
  type PrintJob,
} from './office-process';

/** Pool settings (from the environment). */
export interface PrintPoolOptions {
  size: number;
  /** Time limit of one conversion attempt. */
  timeoutMs: number;
  /** Jobs waiting for a process before new ones are refused with 503. */
  queueLimit: number;
  /** Address-space cap per LibreOffice process, in MB (0 = none). */
  memoryMb: number;
  /** Conversions after which a process is replaced by a fresh one. */
  maxJobsPerProcess: number;
  startTimeoutMs: number;
  sofficeBin: string;
  python: string;
  /** Where profiles and job files go (a private directory is made inside). */
  workDir?: string;
  logger: Logger;
  registry?: Registry;
}

/** What `/readyz` and the benchmark read. */
export interface PrintPoolState {
  available: boolean;
  reason: string | null;
  size: number;
  ready: number;
  busy: number;
  queued: number;
}

const BRIDGE_SCRIPT = join(import.meta.dirname, 'bridge.py');

interface Waiting {
  job: PrintJob;
  /** The slot that failed this job already (the retry goes elsewhere when it can). */
  avoid: number | null;
  attempt: number;
  resolve: (p: Printed) => void;
  reject: (e: Error) => void;
}

interface Slot {
  index: number;
  proc: OfficeProcess | null;
  starting: boolean;
  busy: boolean;
  /** Consecutive start failures (for backoff and for "printing unavailable"). */
  failures: number;
  restartTimer: NodeJS.Timeout | null;
}

/** A pool of warm LibreOffice processes. */
export class PrintPool {
  readonly #o: PrintPoolOptions;
  readonly #slots: Slot[] = [];
  readonly #queue: Waiting[] = [];
  #dir = '';
  #closed = false;
  #unavailable: string | null = null;
  #lastStartError: string | null = null;
  readonly #prlimit: string | null;
  readonly #metrics: {
    duration: Histogram<'result'>;
    restarts: Counter<'reason'>;
    busy: Gauge;
  } | null;

  constructor(opts: PrintPoolOptions) {
    this.#o = opts;
    this.#prlimit = executable('/usr/bin/prlimit') ? '/usr/bin/prlimit' : null;
    this.#metrics = opts.registry
      ? {
          duration: new Histogram({
            name: 'verzend_print_duration_seconds',
            help: 'Time to print one document to PDF (waiting included), by result.',
            labelNames: ['result'],
            buckets: [0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30],
            registers: [opts.registry],
          }),
          restarts: new Counter({
            name: 'verzend_print_process_restarts_total',
            help: 'LibreOffice processes replaced, by reason (crashed, timeout, recycled).',
            labelNames: ['reason'],
            registers: [opts.registry],
          }),
          busy: new Gauge({
            name: 'verzend_print_busy_processes',
            help: 'LibreOffice processes converting a document right now.',
            registers: [opts.registry],
          }),
        }
      : null;
  }

  /**
   * Starts the processes in the background. When LibreOffice is not installed the pool stays
   * unavailable: bodies still render, PDF jobs are refused with a retryable 503.
   */
  async start(): Promise<void> {
    this.#unavailable = checkPrintingInstalled(this.#o.sofficeBin, this.#o.python);
    if (this.#unavailable) {
      this.#o.logger.warn({ reason: this.#unavailable }, 'printing to PDF is not available');
      return;
    }
    const base = this.#o.workDir ?? tmpdir();
    mkdirSync(base, { recursive: true });
    removeStaleDirs(base);
    this.#dir = await mkdtemp(join(base, `verzend-print-${process.pid}-`));
    for (let i = 0; i < this.#o.size; i++) {
      const slot: Slot = {
        index: i,
        proc: null,
        starting: false,
        busy: false,
        failures: 0,
        restartTimer: null,
      };
      this.#slots.push(slot);
      this.#launch(slot);
    }
  }

  /** Resolves once every process is up (or has failed to start once); for tests and benchmarks. */
  async warm(timeoutMs = 60_000): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    while (Date.now() < deadline && !this.#unavailable) {
      if (this.#slots.every((s) => !s.starting && (s.proc !== null || s.failures > 0))) {
        return;
      }
      await new Promise((r) => setTimeout(r, 50));
    }
  }

  #launch(slot: Slot): void {
    if (this.#closed || slot.starting) {
      return;
    }
    slot.starting = true;
    const opts: OfficeProcessOptions = {
      sofficeBin: this.#o.sofficeBin,
      python: this.#o.python,
      bridgeScript: BRIDGE_SCRIPT,
      prlimit: this.#prlimit,
      dir: join(this.#dir, `office-${slot.index}`),
      memoryMb: this.#o.memoryMb,
      startTimeoutMs: this.#o.startTimeoutMs,
      logger: this.#o.logger,
    };
    OfficeProcess.start(opts).then(
      (proc) => {
        slot.starting = false;
        if (this.#closed) {
          proc.kill('pool closed');
          return;
        }
        slot.failures = 0;
        this.#lastStartError = null;
        slot.proc = proc;
        proc.onDeath((reason) => {
          if (slot.proc === proc) {
            slot.proc = null;
            if (!this.#closed) {
              this.#o.logger.warn({ slot: slot.index, reason }, 'LibreOffice process replaced');
              this.#launch(slot);
            }
          }
        });
        this.#o.logger.debug({ slot: slot.index, pid: proc.pid }, 'LibreOffice process ready');
        this.#pump();
      },
      (err: Error) => {
        slot.starting = false;
        slot.failures++;
        this.#lastStartError = err.message;
        this.#o.logger.warn(
          { slot: slot.index, failures: slot.failures, err: err.message },
          'LibreOffice process failed to start',
        );
        if (this.#closed) {
          return;
        }
        const delay = backoffMs(slot.failures, { baseMs: 500, maxMs: 30_000 });
        slot.restartTimer = setTimeout(() => {
          slot.restartTimer = null;
          this.#launch(slot);
        }, delay);
        slot.restartTimer.unref();
        // Jobs waiting for a process that keeps failing to start are refused, not held forever.
        if (this.#slots.every((s) => s.proc === null && s.failures > 0)) {
          this.#failQueue();
        }
      },
    );
  }

  #failQueue(): void {
    const reason = this.state().reason ?? 'LibreOffice is not running';
    for (const w of this.#queue.splice(0)) {
      w.reject(new PrintUnavailableError(`Printing to PDF is not available right now: ${reason}`));
    }
  }

  /** Whether printing works and how busy it is. */
  state(): PrintPoolState {
    const ready = this.#slots.filter((s) => s.proc !== null && !s.proc.dead).length;
    const broken =
      this.#slots.length > 0 && this.#slots.every((s) => s.proc === null && s.failures > 0);
    const reason = this.#unavailable
      ? this.#unavailable
      : broken
        ? `LibreOffice keeps failing to start: ${this.#lastStartError ?? 'unknown error'}`
        : this.#closed
          ? 'the print pool is closed'
          : null;
    return {
      available: reason === null,
      reason,
      size: this.#slots.length,
      ready,
      busy: this.#slots.filter((s) => s.busy).length,
      queued: this.#queue.length,
    };
  }

  /** PIDs of the running LibreOffice processes (fault tests, benchmark memory). */
  pids(): number[] {
    return this.#slots.flatMap((s) => (s.proc?.pid === undefined ? [] : [s.proc.pid]));
  }

  /** Resident memory of all LibreOffice processes together, in bytes. */
  async rssBytes(): Promise<number> {
    const sizes = await Promise.all(this.#slots.map((s) => s.proc?.rssBytes() ?? 0));
    return sizes.reduce((a, b) => a + b, 0);
  }

  /**
   * Prints a .docx to PDF.
   * @throws {PrintUnavailableError} 503 (retryable) when LibreOffice is missing, down or the queue is full.
   * @throws {PrintFailedError} 422 when the document makes LibreOffice fail, hang or crash twice.
   */
  print(job: PrintJob): Promise<Printed> {
    const state = this.state();
    if (!state.available) {
      return Promise.reject(
        new PrintUnavailableError(`Printing to PDF is not available: ${state.reason}`),
      );
    }
    if (this.#queue.length >= this.#o.queueLimit) {
      return Promise.reject(
        new PrintUnavailableError(
          `${this.#queue.length} documents are waiting to be printed; try again shortly.`,
          { retryAfterSeconds: 2 },
        ),
      );
    }
    const started = performance.now();
    return new Promise<Printed>((resolve, reject) => {
      this.#queue.push({ job, avoid: null, attempt: 1, resolve, reject });
      this.#pump();
    }).then(
      (printed) => {
        this.#metrics?.duration.observe({ result: 'ok' }, (performance.now() - started) / 1000);
        return printed;
      },
      (err: Error) => {
        this.#metrics?.duration.observe({ result: 'failed' }, (performance.now() - started) / 1000);
        throw err;
      },
    );
  }

  #idle(avoid: number | null): Slot | undefined {
    const free = this.#slots.filter((s) => s.proc !== null && !s.proc.dead && !s.busy);
    // A retry goes to another process when one is free; the replacement of the failed one also counts.
    return free.find((s) => s.index !== avoid) ?? free[0];
  }

  #pump(): void {
    while (this.#queue.length > 0) {
      const next = this.#queue[0] as Waiting;
      const slot = this.#idle(next.avoid);
      if (!slot) {
        return;
      }
      this.#queue.shift();
      void this.#run(slot, next);
    }
  }

  async #run(slot: Slot, w: Waiting): Promise<void> {
    const proc = slot.proc as OfficeProcess;
    slot.busy = true;
    this.#metrics?.busy.inc();
    let timer: NodeJS.Timeout | undefined;
    try {
      const printed = await Promise.race([
        proc.convert(w.job),
        new Promise<never>((_, reject) => {
          timer = setTimeout(() => {
            reject(
              new PrintAttemptError(
                'timeout',
                `LibreOffice took longer than ${this.#o.timeoutMs} ms to print the document`,
              ),
            );
          }, this.#o.timeoutMs);
        }),
      ]);
      w.resolve(printed);
      if (proc.jobs >= this.#o.maxJobsPerProcess) {
        this.#metrics?.restarts.inc({ reason: 'recycled' });
        proc.kill('recycled after its job limit');
      }
    } catch (err) {
      const failure =
        err instanceof PrintAttemptError ? err : new PrintAttemptError('crashed', String(err));
      if (failure.kind !== 'document') {
        // Hung or dead: kill it (a hung office answers nothing else) and let a fresh one take its place.
        this.#metrics?.restarts.inc({ reason: failure.kind });
        proc.kill(failure.message);
      }
      if (failure.kind !== 'document' && w.attempt < 2 && !this.#closed) {
        this.#o.logger.warn(
          { slot: slot.index, kind: failure.kind, err: failure.message },
          'print attempt failed; trying once more on another process',
        );
        this.#queue.unshift({ ...w, attempt: w.attempt + 1, avoid: slot.index });
      } else if (this.#closed) {
        w.reject(new PrintUnavailableError('The print pool is shutting down.'));
      } else {
        w.reject(new PrintFailedError(failure.kind, failure.message, w.attempt));
      }
    } finally {
      clearTimeout(timer);
      slot.busy = false;
      this.#metrics?.busy.dec();
      this.#pump();
    }
  }

  /** Stops every process and refuses what is still waiting. */
  async close(): Promise<void> {
    this.#closed = true;
    for (const w of this.#queue.splice(0)) {
      w.reject(new PrintUnavailableError('The print pool is shutting down.'));
    }
    for (const slot of this.#slots) {
      if (slot.restartTimer) {
        clearTimeout(slot.restartTimer);
      }
      slot.proc?.kill('pool closed');
      slot.proc = null;
    }
    // Starting processes are killed when their start completes; give them a moment, then clean up.
    const deadline = Date.now() + 5000;
    while (this.#slots.some((s) => s.starting) && Date.now() < deadline) {
      await new Promise((r) => setTimeout(r, 25));
    }
    if (this.#dir) {
      rmSync(this.#dir, { recursive: true, force: true });
    }
  }
}
