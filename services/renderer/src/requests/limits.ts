/**
 * Size limits of the renderer's inputs and the inline budget of its results.
 * @module
 */

/** Limits from the environment (see env.ts). */
export interface RenderLimits {
  maxDocxBytes: number;
  maxUnzippedBytes: number;
  maxDataBytes: number;
  /** Results larger than this (all parts together) move parts to the blob store; NATS carries ≤ 1 MiB. */
  inlineResultBytes: number;
}
