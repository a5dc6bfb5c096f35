/**
 * Where renders run: {@link InlineExecutor} on the calling thread (tests,
 * `RENDER_WORKERS=0`), or the worker pool (see pool.ts) off the event loop.
 * @module
 */
import { type EngineOptions, type LayoutCheck, RenderEngine } from '../render/engine';
import type { RenderJob, RenderOutput } from '../render/types';

/** Runs renders and validations. */
export interface RenderExecutor {
  render(job: RenderJob): Promise<RenderOutput>;
  validate(layout: Uint8Array, sha256: string): Promise<LayoutCheck>;
  /** `compiled` (fast path), `refused` (naive path) or `invalid`. */
  compiledState(layout: Uint8Array, sha256: string): Promise<string>;
  /** Whether renders can run (for /readyz): false when the render workers keep failing to start. */
  isReady(): boolean;
  close(): Promise<void>;
}

/** Renders on the calling thread. */
export class InlineExecutor implements RenderExecutor {
  readonly #engine: RenderEngine;
  constructor(opts: EngineOptions) {
    this.#engine = new RenderEngine(opts);
  }
  render(job: RenderJob): Promise<RenderOutput> {
    return this.#engine.render(job);
  }
  validate(layout: Uint8Array, sha256: string): Promise<LayoutCheck> {
    return this.#engine.validate(layout, sha256);
  }
  compiledState(layout: Uint8Array, sha256: string): Promise<string> {
    return this.#engine.compiledState(layout, sha256);
  }
  isReady(): boolean {
    return true;
  }
  async close(): Promise<void> {}
}
