/**
 * The config service's environment: the only place that reads `process.env`.
 * @module
 */
import { baseEnv, envPort, parseEnv } from '@verzend/shared';
import { z } from 'zod';

export const zEnv = baseEnv.extend({
  PORT: envPort(8081),
  /**
   * Secret encryption keys, `id:base64key` pairs separated by commas; the first
   * encrypts, all decrypt (rotation). Keys are 32 bytes (AES-256-GCM).
   */
  SECRETS_KEYS: z.string().min(1, 'SECRETS_KEYS is required (id:base64 32-byte key)'),
  /** Largest layout upload in bytes. */
  MAX_LAYOUT_BYTES: z.coerce
    .number()
    .int()
    .min(1024)
    .default(20 * 1024 * 1024),
  /** Largest default attachment in bytes. */
  MAX_ATTACHMENT_BYTES: z.coerce
    .number()
    .int()
    .min(1024)
    .default(100 * 1024 * 1024),
  /** JetStream replicas for buckets/streams (3 in a production cluster). */
  NATS_REPLICAS: z.coerce.number().int().min(1).max(5).default(1),
});
export type Env = z.infer<typeof zEnv>;

/** Parses the environment (throws BadEnvironmentError listing every problem). */
export function readEnv(source: Record<string, string | undefined> = process.env): Env {
  return parseEnv(zEnv, source);
}
