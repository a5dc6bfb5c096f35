/**
 * The pieces every service's `service.ts` wires the same way: NATS connection
 * options, the bearer-token verifier and the NATS readiness check, all from the
 * shared part of the environment.
 * @module
 */
import type { NatsConnection } from '@nats-io/nats-core';
import { createVerifier, type TokenVerifier } from './auth';
import type { BaseEnv } from './env';
import type { ReadinessCheck } from './http/app';
import type { NatsOptions, StoreLayout } from './nats/connect';
import { cachingVerifier } from './token-cache';

/** NATS connection options for a service named `name`. */
export function natsOptionsFromEnv(env: BaseEnv, name: string): NatsOptions {
  return {
    servers: env.NATS_URL,
    name,
    user: env.NATS_USER,
    pass: env.NATS_PASSWORD,
    token: env.NATS_TOKEN,
  };
}

/** Stream, bucket and object-store sizes and replicas from the environment. */
export function storeLayoutFromEnv(env: BaseEnv & { NATS_REPLICAS: number }): StoreLayout {
  return {
    replicas: env.NATS_REPLICAS,
    telemetryMaxBytes: env.NATS_TELEMETRY_MAX_BYTES,
    telemetryMaxAgeH: env.NATS_TELEMETRY_MAX_AGE_H,
    eventsMaxBytes: env.NATS_EVENTS_MAX_BYTES,
    eventsMaxAgeD: env.NATS_EVENTS_MAX_AGE_D,
    outboxMaxBytes: env.NATS_OUTBOX_MAX_BYTES,
    blobsMaxBytes: env.NATS_BLOBS_MAX_BYTES,
  };
}

/** The bearer-token verifier (HS256 secret or JWKS), with verified tokens cached until expiry (at most a minute). */
export function verifierFromEnv(env: BaseEnv): TokenVerifier {
  return cachingVerifier(
    createVerifier({
      secret: env.AUTH_JWT_SECRET,
      jwksUrl: env.AUTH_JWKS_URL,
      issuer: env.AUTH_ISSUER,
      audience: env.AUTH_AUDIENCE,
    }),
  );
}

/** Readiness: the NATS connection is open (not closed, not draining). */
export function natsReadiness(nc: NatsConnection): ReadinessCheck {
  return {
    name: 'nats',
    check: () => {
      if (nc.isClosed() || nc.isDraining()) {
        throw new Error('NATS connection closed');
      }
    },
  };
}
