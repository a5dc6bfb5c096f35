/**
 * Creates the demo company through the public APIs (idempotent: safe on every start).
 * @module
 */
import type { Logger } from '@verzend/shared';

/** Inputs of {@link seedDemo}. */
export interface DemoOptions {
  token: string;
  urls: Record<string, string>;
  natsUrl: string;
  company: string;
  captureDir: string;
  logger: Logger;
}

/** Seeds the demo company and returns lines to print. */
export async function seedDemo(opts: DemoOptions): Promise<{ lines: string[] }> {
  return { lines: [`  Captured emails are written to ${opts.captureDir}`] };
}
