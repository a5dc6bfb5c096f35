/**
 * Renders off the event loop (ADR-0006): a fixed pool of worker threads, each
 * with its own render engine and layout cache. A job goes to the least busy
 * worker (ties: the one its layout hash prefers, so a layout tends to compile
 * once). A job over the time limit terminates its worker (a runaway render
 * cannot be interrupted otherwise) and a fresh one takes its place; a crashed
 * worker fails only its own jobs.
 * @module
 */
import { Worker } from 'node:worker_threads';
import { AppError, type Logger, UnavailableError } from '@verzend/shared';
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
  /** Jobs accepted while all workers are busy, before refusing with 503. */
  queueLimit: number;
  logger: Logger;
}

interface Pending {
  resolve(value: unknown): void;
  reject(err: unknown): void;
  timer: NodeJS.Timeout;
}

interface Slot {
  worker: Worker;
  pending: Map<number, Pending>;
}

type Payload = WorkerRequest extends infer R
  ? R extends { id: number }
    ? Omit<R, 'id'>
    : never
  : never;

/** The worker-thread executor. */
export class WorkerPool implements RenderExecutor {
  readonly #opts: PoolOptions;
  readonly #slots: Slot[] = [];
  #nextId = 1;
  #closing = false;

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
    });
    const slot: Slot = { worker, pending: new Map() };
    worker.on('message', (reply: WorkerReply) => {
      const p = slot.pending.get(reply.id);
      if (!p) {
        return;
      }
      slot.pending.delete(reply.id);
      clearTimeout(p.timer);
      if (reply.ok) {
        p.resolve(reply.result);
      } else {
        if (reply.stack) {
          this.#opts.logger.error({ stack: reply.stack }, 'render worker failed');
        }
        p.reject(AppError.fromProblem(reply.problem));
      }
    });
    worker.on('error', (err) => {
      this.#opts.logger.error({ err }, 'render worker crashed');
    });
    worker.on('exit', (code) => {
      this.#failAll(
        slot,
        new UnavailableError(`A render worker restarted (exit code ${code}); try again.`),
      );
      const index = this.#slots.indexOf(slot);
      if (!this.#closing && index >= 0) {
        this.#slots[index] = this.#spawn();
      }
    });
    return slot;
  }

  #failAll(slot: Slot, err: AppError): void {
    for (const p of slot.pending.values()) {
      clearTimeout(p.timer);
      p.reject(err);
    }
    slot.pending.clear();
  }

  #pick(affinity: string): Slot {
    const preferred = Number.parseInt(affinity.slice(0, 8), 16) % this.#slots.length || 0;
    let best = this.#slots[preferred] as Slot;
    for (const s of this.#slots) {
      if (s.pending.size < best.pending.size) {
        best = s;
      }
    }
    return best;
  }

  #send<T>(payload: Payload, affinity: string): Promise<T> {
    if (this.#closing) {
      return Promise.reject(new UnavailableError('The renderer is shutting down.'));
    }
    const busy = this.#slots.reduce((n, s) => n + s.pending.size, 0);
    if (busy >= this.#opts.queueLimit + this.#slots.length) {
      return Promise.reject(
        new UnavailableError('The renderer is at capacity; try again shortly.', {
          retryAfterSeconds: 1,
        }),
      );
    }
    const slot = this.#pick(affinity);
    const id = this.#nextId++;
    return new Promise<T>((resolve, reject) => {
      const timer = setTimeout(() => {
        slot.pending.delete(id);
        reject(
          new RenderFailedError(
            `The render took longer than ${this.#opts.timeoutMs} ms and was stopped.`,
          ),
        );
        // A synchronous runaway render can only be stopped with its thread.
        void slot.worker.terminate();
      }, this.#opts.timeoutMs);
      slot.pending.set(id, { resolve: resolve as (v: unknown) => void, reject, timer });
      slot.worker.postMessage({ ...payload, id } as WorkerRequest);
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

  /** Stops every worker; jobs still running fail with 503. */
  async close(): Promise<void> {
    this.#closing = true;
    for (const s of this.#slots) {
      this.#failAll(s, new UnavailableError('The renderer is shutting down.'));
    }
    await Promise.all(this.#slots.map((s) => s.worker.terminate()));
  }
}
