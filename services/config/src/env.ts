/**
 * The config service's environment: the only place that reads `process.env`.
 * @module
 */
import { baseEnv, envPort, outboundEnv, parseEnv, secretsKeysEnv } from '@verzend/shared';
import { z } from 'zod';

export const zEnv = baseEnv.extend({
  PORT: envPort(8081),
  /**
   * Secret encryption keys, `id:base64key` pairs separated by commas; the first
   * encrypts, all decrypt (rotation). Keys are 32 bytes (AES-256-GCM).
   */
  SECRETS_KEYS: secretsKeysEnv,
  /**
   * The outbound target guard, for webhook URLs (ADR-0024): the same OUTBOUND_ALLOW and
   * OUTBOUND_DENY_PRIVATE as the dispatcher's, which checks again after DNS at delivery.
   */
  ...outboundEnv,
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
  /** How long a connectivity check may take (the dispatcher connects and may send a test email). */
  TEST_ACCOUNT_TIMEOUT_MS: z.coerce.number().int().min(100).max(120_000).default(30_000),
  /** How long the renderer may take to validate an uploaded layout. */
  LAYOUT_VALIDATE_TIMEOUT_MS: z.coerce.number().int().min(100).max(120_000).default(15_000),
  /** Directory of extra built-in .docx layouts (default: services/config/layouts). */
  BUILTIN_LAYOUTS_DIR: z.string().optional(),
});
export type Env = z.infer<typeof zEnv>;

/** Parses the environment (throws BadEnvironmentError listing every problem). */
export function readEnv(source: Record<string, string | undefined> = process.env): Env {
  return parseEnv(zEnv, source);
}
