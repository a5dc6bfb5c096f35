/**
 * The renderer service's environment: the only place that reads `process.env`.
 * @module
 */
import { baseEnv, envPort, parseEnv } from '@verzend/shared';
import { z } from 'zod';

export const zEnv = baseEnv.extend({
  PORT: envPort(8082),
  /** JetStream replicas for buckets/streams (3 in a production cluster). */
  NATS_REPLICAS: z.coerce.number().int().min(1).max(5).default(1),
});
export type Env = z.infer<typeof zEnv>;

/** Parses the environment (throws BadEnvironmentError listing every problem). */
export function readEnv(source: Record<string, string | undefined> = process.env): Env {
  return parseEnv(zEnv, source);
}
