/** @verzend/renderer — public surface for the harness, the benchmark and the one-machine runner. @module */
export { type App, type AppDeps, createApp } from './app';
export { type Env, readEnv, zEnv } from './env';
export { openApiDocument } from './openapi-document';
export { PrintFailedError, PrintUnavailableError } from './printing/errors';
export { prepareForPrinting } from './printing/guard';
export type { Printed, PrintJob } from './printing/office-process';
export { PrintPool, type PrintPoolOptions, type PrintPoolState } from './printing/pool';
export { RenderEngine } from './render/engine';
export { renderNaive } from './render/naive';
export type { RenderJob, RenderOutput } from './render/types';
export {
  createExecutor,
  createPrintPool,
  type StartOptions,
  startRendererService,
} from './service';
export { WorkerPool } from './workers/pool';
