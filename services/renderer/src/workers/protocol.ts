/**
 * Messages between the service and its render worker threads.
 * @module
 */
import type { Problem } from '@verzend/shared';
import type { EngineOptions, LayoutCheck } from '../render/engine';
import type { RenderJob, RenderOutput } from '../render/types';

/** Passed to every worker at start. */
export interface WorkerConfig {
  engine: EngineOptions;
}

/** A request to a worker. */
export type WorkerRequest =
  | { id: number; kind: 'render'; job: RenderJob }
  | { id: number; kind: 'validate'; layout: Uint8Array; sha256: string }
  | { id: number; kind: 'state'; layout: Uint8Array; sha256: string };

/** A worker's reply: the result, or the error as a problem (rebuilt into the same AppError). */
export type WorkerReply =
  | { id: number; ok: true; result: RenderOutput | LayoutCheck | string }
  | { id: number; ok: false; problem: Problem; stack?: string };
