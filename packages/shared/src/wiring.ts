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
import type { NatsOptions } from './nats/connect';
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
