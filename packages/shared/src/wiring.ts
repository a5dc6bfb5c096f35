/**
 * The pieces every service's `service.ts` wires the same way: NATS connection
 * options, the bearer-token verifier and the NATS readiness check, all from the
 * shared part of the environment.
 * @module
 */
import type { NatsConnection } from '@nats-io/nats-core';
import { createVerifier, type TokenVerifier } from './auth';
import { BadEnvironmentError, type BaseEnv } from './env';
import type { ReadinessCheck } from './http/app';
import { KvRateCounter, type RateLimitOptions } from './http/rate-limit';
import type { HttpTimeouts } from './lifecycle';
import type { Logger } from './logger';
import { type NatsOptions, openSharedBucket, type StoreLayout } from './nats/connect';
import { Inboxes } from './subjects';
import { cachingVerifier } from './token-cache';

/**
 * NATS connection options for one of the services: its connection name
 * (`verzend-<service>`, or `name` for its tools) and its own reply-subject
 * prefix, which the shipped permissions let only that service's user read.
 */
export function natsOptionsFromEnv(
  env: BaseEnv,
  service: keyof typeof Inboxes,
  name = `verzend-${service}`,
): NatsOptions {
  return {
    servers: env.NATS_URL,
    name,
    inboxPrefix: Inboxes[service],
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
    statusMaxBytes: env.NATS_STATUS_MAX_BYTES,
    statusMaxAgeD: env.NATS_STATUS_MAX_AGE_D,
    blobsMaxBytes: env.NATS_BLOBS_MAX_BYTES,
  };
}

/**
 * The bearer-token verifier (HS256 secret or JWKS), with verified tokens cached until expiry (at most a minute).
 * @throws {BadEnvironmentError} in production without AUTH_ISSUER and AUTH_AUDIENCE.
 */
export function verifierFromEnv(env: BaseEnv): TokenVerifier {
  if (env.NODE_ENV === 'production' && !(env.AUTH_ISSUER && env.AUTH_AUDIENCE)) {
    throw new BadEnvironmentError(
      (['AUTH_ISSUER', 'AUTH_AUDIENCE'] as const)
        .filter((name) => !env[name])
        .map((path) => ({ path, message: 'required when NODE_ENV=production' })),
    );
  }
  return cachingVerifier(
    createVerifier({
      secret: env.AUTH_JWT_SECRET,
      jwksUrl: env.AUTH_JWKS_URL,
      issuer: env.AUTH_ISSUER,
      audience: env.AUTH_AUDIENCE,
      maxLifetimeS: env.AUTH_MAX_TOKEN_LIFETIME_S,
      requireIssuerAndAudience: env.NODE_ENV === 'production',
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

/** The HTTP server's time limits from the environment. */
export function httpTimeoutsFromEnv(env: BaseEnv): HttpTimeouts {
  return {
    headersMs: env.HTTP_HEADERS_TIMEOUT_MS,
    requestMs: env.HTTP_REQUEST_TIMEOUT_MS,
    keepAliveMs: env.HTTP_KEEP_ALIVE_TIMEOUT_MS,
  };
}

/**
 * The API request limits from the environment, counted in the shared KV bucket
 * (so they hold across replicas); undefined only when API_RATE_LIMIT_ENABLED=false.
 */
export async function rateLimitFromEnv(
  env: BaseEnv & { NATS_REPLICAS?: number },
  nc: NatsConnection,
  logger: Logger,
): Promise<RateLimitOptions | undefined> {
  if (!env.API_RATE_LIMIT_ENABLED) {
    logger.warn('API rate limits are off (API_RATE_LIMIT_ENABLED=false)');
    return undefined;
  }
  return {
    // Config owns the bucket (ADR-0018); the renderer and the dispatcher wait for it.
    counter: new KvRateCounter(await openSharedBucket(nc, 'apiLimits', env.NATS_REPLICAS ?? 1)),
    perToken: env.API_RATE_LIMIT_PER_TOKEN,
    perCompany: env.API_RATE_LIMIT_PER_COMPANY,
    windowS: env.API_RATE_LIMIT_WINDOW_S,
    logger,
  };
}
