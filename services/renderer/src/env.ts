/**
 * The renderer service's environment: the only place that reads `process.env`.
 * @module
 */
import { availableParallelism } from 'node:os';
import { baseEnv, envPort, parseEnv } from '@verzend/shared';
import { z } from 'zod';

export const zEnv = baseEnv.extend({
  PORT: envPort(8082),
  /** JetStream replicas for buckets/streams (3 in a production cluster). */
  NATS_REPLICAS: z.coerce.number().int().min(1).max(5).default(1),
  /**
   * Render worker threads. Default: one per core but one (max 4), so the main
   * thread keeps serving health checks and NATS. 0 renders on the main thread.
   */
  RENDER_WORKERS: z.coerce
    .number()
    .int()
    .min(0)
    .max(64)
    .default(Math.min(4, Math.max(1, availableParallelism() - 1))),
  /** Compiled layouts kept per worker (LRU by content hash). */
  LAYOUT_CACHE_SIZE: z.coerce.number().int().min(1).max(100_000).default(200),
  /** Largest .docx layout accepted, in bytes. */
  MAX_DOCX_BYTES: z.coerce
    .number()
    .int()
    .min(1024)
    .default(10 * 1024 * 1024),
  /** Largest total decompressed size of a layout (zip-bomb guard), in bytes. */
  MAX_UNZIPPED_BYTES: z.coerce
    .number()
    .int()
    .min(1024)
    .default(100 * 1024 * 1024),
  /** Largest report data (JSON), in bytes. */
  MAX_DATA_BYTES: z.coerce
    .number()
    .int()
    .min(1024)
    .default(5 * 1024 * 1024),
  /** Largest email body (HTML characters); a render beyond it fails with 422 RENDER_FAILED. */
  MAX_HTML_BYTES: z.coerce
    .number()
    .int()
    .min(10_000)
    .default(25 * 1024 * 1024),
  /** Heap limit of each render worker, in MB; a render needing more fails alone with 422. */
  RENDER_WORKER_MEMORY_MB: z.coerce.number().int().min(64).max(16_384).default(1024),
  /** A render taking longer is stopped (its worker restarts) and fails with 422 RENDER_FAILED. */
  RENDER_TIMEOUT_MS: z.coerce.number().int().min(100).max(600_000).default(30_000),
  /**
   * Renders handed to one worker at once (it runs them in order); more than one keeps a worker
   * busy while the service's event loop is slow to hand it the next.
   */
  RENDER_WORKER_DEPTH: z.coerce.number().int().min(1).max(64).default(4),
  /** Renders waiting for a worker before new ones are refused with 503 (retryable). */
  RENDER_QUEUE_LIMIT: z.coerce.number().int().min(1).max(100_000).default(256),
  /** Results larger than this (HTML + text + docx) carry their largest parts as blob references. */
  INLINE_RESULT_BYTES: z.coerce.number().int().min(1024).max(1_000_000).default(900_000),
  /** Warm LibreOffice processes printing to PDF (default: one per core). 0 switches printing off. */
  PRINT_WORKERS: z.coerce
    .number()
    .int()
    .min(0)
    .max(32)
    .default(Math.min(8, Math.max(1, availableParallelism()))),
  /**
   * Time limit of one conversion; a process over it is killed and the job tried once elsewhere.
   * Two attempts fit in the dispatcher's render time-out (INTAKE_RENDER_TIMEOUT_MS, 30 s).
   */
  PRINT_TIMEOUT_MS: z.coerce.number().int().min(500).max(600_000).default(12_000),
  /** Documents waiting for a LibreOffice process before new ones get a retryable 503. */
  PRINT_QUEUE_LIMIT: z.coerce.number().int().min(1).max(100_000).default(256),
  /** Address-space cap of each LibreOffice process, in MB (0 = none); beyond it the process dies and is replaced. */
  PRINT_MEMORY_MB: z.coerce.number().int().min(0).max(65_536).default(2048),
  /** Conversions after which a LibreOffice process is replaced by a fresh one (bounds slow leaks). */
  PRINT_MAX_JOBS: z.coerce.number().int().min(1).max(1_000_000).default(500),
  /** How long a LibreOffice process may take to start. */
  PRINT_START_TIMEOUT_MS: z.coerce.number().int().min(1000).max(600_000).default(60_000),
  /** The LibreOffice binary (soffice.bin, not the soffice wrapper script). */
  PRINT_SOFFICE: z.string().min(1).default('/usr/lib/libreoffice/program/soffice.bin'),
  /** The Python that has LibreOffice's UNO module (Debian's python3-uno). */
  PRINT_PYTHON: z.string().min(1).default('/usr/bin/python3'),
  /** Where LibreOffice profiles and job files go (a private directory is made inside; default: the OS temp dir). */
  PRINT_WORK_DIR: z.string().min(1).optional(),
});
export type Env = z.infer<typeof zEnv>;

/** Parses the environment (throws BadEnvironmentError listing every problem). */
export function readEnv(source: Record<string, string | undefined> = process.env): Env {
  return parseEnv(zEnv, source);
}
