/**
 * Renders off the event loop (ADR-0006): a fixed pool of worker threads, each
 * with its own render engine and layout cache. A worker runs one job at a
 * time, in the order it was given them; a job waits in the pool for the least
 * busy worker (ties: the one its layout hash prefers, so a layout tends to
 * compile once). Each worker is handed a few jobs ahead ({@link PoolOptions.depth}):
 * a reply is only seen when the service's event loop gets to it, and a busy
 * loop would otherwise leave the worker idle between two short renders.
 * The time limit counts from the moment the pool sees a job come first in its
 * worker's line (never before the worker starts it). A job over it terminates
 * its worker (a runaway render cannot be interrupted otherwise) and a fresh
 * one takes its place, with the jobs that were lined up behind it; a crashed
 * worker fails only the job it was running.
 * @module
 */
import { Worker } from 'node:worker_threads';
import { AppError, backoffMs, type Logger, UnavailableError } from '@verzend/shared';
import { RenderFailedError } from '../errors';
import type { EngineOptions, LayoutCheck } from '../render/engine';
import type { RenderJob, RenderOutput } from '../render/types';
import type { RenderExecutor } from './executor';
import type { WorkerConfig, WorkerReply, WorkerRequest } from './protocol';

/** Options of {@link WorkerPool}. */
export interface PoolOptions {
  size: number;
  engine: EngineOptions;
  timeoutMs: number;
  /** Jobs waiting for a worker before new ones are refused with 503. */
  queueLimit: number;
  /** Heap of each worker; a render needing more fails alone (422) instead of taking the process down. */
  memoryMb?: number;
  /** Jobs handed to one worker at once (the first runs, the others wait in its line); default 4. */
  depth?: number;
  logger: Logger;
}

type Payload = WorkerRequest extends infer R
  ? R extends { id: number }
    ? Omit<R, 'id'>
    : never
  : never;

interface Job {
  id: number;
  payload: Payload;
  resolve(value: unknown): void;
  reject(err: unknown): void;
  timer?: NodeJS.Timeout;
}

interface Slot {
  worker: Worker;
  /** Set when the worker died of its heap limit: its running job caused it. */
  outOfMemory: boolean;
  ready: boolean;
  /** Jobs handed to the worker, in order: the first is running (its time limit is on). */
  running: Job[];
  backlog: Job[];
}

/** The worker-thread executor. */
export class WorkerPool implements RenderExecutor {
  readonly #opts: PoolOptions;
  readonly #slots: Slot[] = [];
  #nextId = 1;
  #closing = false;
  /** Workers that exited before they loaded, in a row (a broken install): readiness fails, restarts back off. */
  #bootFailures = 0;
  readonly #restarts = new Set<NodeJS.Timeout>();

  constructor(opts: PoolOptions) {
    this.#opts = opts;
    for (let i = 0; i < opts.size; i++) {
      this.#slots.push(this.#spawn());
    }
  }

  #spawn(): Slot {
    const config: WorkerConfig = { engine: this.#opts.engine };
    // The bootstrap registers its own loader; inheriting the parent's (tsx CLI, vitest) only slows start-up.
    const worker = new Worker(new URL('./worker.mjs', import.meta.url), {
      workerData: config,
      execArgv: [],
      ...(this.#opts.memoryMb
        ? { resourceLimits: { maxOldGenerationSizeMb: this.#opts.memoryMb } }
        : {}),
    });
    const slot: Slot = {
      worker,
      ready: false,
      running: [],
      backlog: [],
      outOfMemory: false,
    };
    worker.on('message', (reply: WorkerReply | { ready: true }) => {
      if ('ready' in reply) {
        slot.ready = true;
        this.#bootFailures = 0;
        this.#next(slot);
        return;
      }
      const job = slot.running[0];
      if (!job || job.id !== reply.id) {
        return;
      }
      clearTimeout(job.timer);
      slot.running.shift();
      this.#startClock(slot);
      if (reply.ok) {
        job.resolve(reply.result);
      } else {
        if (reply.stack) {
          this.#opts.logger.error({ stack: reply.stack }, 'render worker failed');
        }
        job.reject(AppError.fromProblem(reply.problem));
      }
      this.#next(slot);
    });
    worker.on('error', (err) => {
      if ((err as { code?: string }).code === 'ERR_WORKER_OUT_OF_MEMORY') {
        slot.outOfMemory = true;
        this.#opts.logger.warn('a render needed more memory than RENDER_WORKER_MEMORY_MB allows');
        return;
      }
      this.#opts.logger.error({ err }, 'render worker crashed');
    });
    worker.on('exit', (code) => {
      if (!slot.ready && !this.#closing && this.#slots.includes(slot)) {
        this.#bootFailed(slot, code);
        return;
      }
      // An exit we did not ask for: replace the worker. Out of memory is the job's fault (422);
      // any other crash fails the job as retryable.
      this.#retire(
        slot,
        slot.outOfMemory
          ? new RenderFailedError(
              'The render needed more memory than allowed (RENDER_WORKER_MEMORY_MB); shorten the data or the layout.',
            )
          : new UnavailableError(`A render worker stopped (exit code ${code}); try again.`),
      );
    });
    return slot;
  }

  /** Hands the worker jobs from the backlog until its line is full. */
  #next(slot: Slot): void {
    const depth = Math.max(1, this.#opts.depth ?? 4);
    while (slot.ready && slot.running.length < depth && slot.backlog.length > 0) {
      const job = slot.backlog.shift() as Job;
      slot.running.push(job);
      slot.worker.postMessage({ ...job.payload, id: job.id } as WorkerRequest);
      this.#startClock(slot);
    }
  }

  /** Starts the time limit of the job the worker is running (the first in its line). */
  #startClock(slot: Slot): void {
    const job = slot.running[0];
    if (!job || job.timer) {
      return;
    }
    job.timer = setTimeout(() => {
      slot.running.shift();
      job.reject(
        new RenderFailedError(
          `The render took longer than ${this.#opts.timeoutMs} ms and was stopped.`,
        ),
      );
      // A synchronous runaway render can only be stopped with its thread.
      this.#retire(slot, undefined);
      void slot.worker.terminate();
    }, this.#opts.timeoutMs);
  }

  /**
   * Takes a worker out of service: a fresh one takes its place. Its running job
   * fails with `err`; the jobs lined up behind it (not started: a worker runs
   * one at a time) and the waiting ones move to the fresh worker.
   */
  #retire(slot: Slot, err: AppError | undefined): void {
    const index = this.#slots.indexOf(slot);
    if (index < 0) {
      return;
    }
    if (err) {
      const running = slot.running.shift();
      if (running) {
        clearTimeout(running.timer);
        running.reject(err);
      }
    }
    for (const job of slot.running) {
      clearTimeout(job.timer);
      job.timer = undefined;
    }
    const lined = slot.running.splice(0);
    if (this.#closing) {
      return;
    }
    const fresh = this.#spawn();
    fresh.backlog.push(...lined, ...slot.backlog.splice(0));
    this.#slots[index] = fresh;
  }

  /** A worker died while loading: its jobs fail now (nothing would run them), a restart follows with backoff. */
  #bootFailed(slot: Slot, code: number): void {
    this.#bootFailures++;
    this.#opts.logger.error(
      { code, failures: this.#bootFailures },
      'render worker failed to start',
    );
    const err = new UnavailableError('The render workers cannot start; try again later.', {
      retryAfterSeconds: 5,
    });
    for (const job of slot.backlog.splice(0)) {
      job.reject(err);
    }
    const delay = backoffMs(this.#bootFailures, { baseMs: 500, maxMs: 30_000 });
    const timer = setTimeout(() => {
      this.#restarts.delete(timer);
      const index = this.#slots.indexOf(slot);
      if (index >= 0 && !this.#closing) {
        const fresh = this.#spawn();
        fresh.backlog.push(...slot.backlog.splice(0));
        this.#slots[index] = fresh;
      }
    }, delay);
    timer.unref();
    this.#restarts.add(timer);
  }

  #pick(affinity: string): Slot {
    const load = (s: Slot) => s.backlog.length + s.running.length;
    const preferred = Number.parseInt(affinity.slice(0, 8), 16) % this.#slots.length || 0;
    let best = this.#slots[preferred] as Slot;
    for (const s of this.#slots) {
      if (load(s) < load(best)) {
        best = s;
      }
    }
    return best;
  }

  #send<T>(payload: Payload, affinity: string): Promise<T> {
    if (this.#closing) {
      return Promise.reject(new UnavailableError('The renderer is shutting down.'));
    }
    const waiting = this.#slots.reduce(
      (n, s) => n + s.backlog.length + Math.max(0, s.running.length - 1),
      0,
    );
    if (waiting >= this.#opts.queueLimit) {
      return Promise.reject(
        new UnavailableError('The renderer is at capacity; try again shortly.', {
          retryAfterSeconds: 1,
        }),
      );
    }
    const slot = this.#pick(affinity);
    return new Promise<T>((resolve, reject) => {
      slot.backlog.push({
        id: this.#nextId++,
        payload,
        resolve: resolve as (v: unknown) => void,
        reject,
      });
      this.#next(slot);
    });
  }

  render(job: RenderJob): Promise<RenderOutput> {
    return this.#send({ kind: 'render', job }, job.layoutSha256);
  }

  validate(layout: Uint8Array, sha256: string): Promise<LayoutCheck> {
    return this.#send({ kind: 'validate', layout, sha256 }, sha256);
  }

  compiledState(layout: Uint8Array, sha256: string): Promise<string> {
    return this.#send({ kind: 'state', layout, sha256 }, sha256);
  }

  /** False only when workers keep failing to start; a pool that is still loading counts as ready. */
  isReady(): boolean {
    return this.#bootFailures === 0 || this.#slots.some((s) => s.ready);
  }

  /** Stops every worker; jobs not finished fail with 503 (retryable). */
  async close(): Promise<void> {
    this.#closing = true;
    for (const t of this.#restarts) {
      clearTimeout(t);
    }
    const err = new UnavailableError('The renderer is shutting down.');
    for (const s of this.#slots) {
      for (const job of s.running.splice(0)) {
        clearTimeout(job.timer);
        job.reject(err);
      }
      for (const job of s.backlog.splice(0)) {
        job.reject(err);
      }
    }
    await Promise.all(this.#slots.map((s) => s.worker.terminate()));
  }
}
