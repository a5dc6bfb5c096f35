/**
 * Starts Verzend for a test: a private nats-server (or a given URL) and any of
 * the three services in this process, with a fresh company id and helpers to
 * mint tokens. `await using stack = await startStack()` cleans everything up.
 * @module
 */
import { randomBytes, randomUUID } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { NatsConnection } from '@nats-io/nats-core';
import { connect } from '@nats-io/transport-node';
import { readEnv as readConfigEnv, startConfigService } from '@verzend/config';
import type { ConnectorRegistry } from '@verzend/connectors';
import { readEnv as readDispatcherEnv, startDispatcherService } from '@verzend/dispatcher';
import { readEnv as readRendererEnv, startRendererService } from '@verzend/renderer';
import {
  createLogger,
  type Logger,
  type RunningService,
  type SpanExporter,
  signToken,
  type TokenClaims,
} from '@verzend/shared';
import type { z } from 'zod';
import { TestNatsServer } from './nats-server';
import { track } from './resources';

export type ServiceName = 'config' | 'renderer' | 'dispatcher';

/** Options for {@link startStack}. */
export interface StackOptions {
  services?: ServiceName[];
  /** Extra environment for every service (e.g. short rate windows). */
  env?: Record<string, string>;
  /** Per-service environment. */
  serviceEnv?: Partial<Record<ServiceName, Record<string, string>>>;
  /** Use this nats-server instead of starting one. */
  nats?: TestNatsServer;
  /** Credentials of the test's own connection (`stack.nc`) when the server requires them. */
  natsAuth?: { user: string; pass: string; inboxPrefix?: string };
  /** The company id (default: a fresh one), e.g. one an ERP credential was made for. */
  company?: string;
  /** Logger for the services (silent by default: tests must be quiet). */
  logger?: Logger;
  /** The connectors config accepts and the dispatcher installs (default: the built-in ones). */
  connectors?: ConnectorRegistry;
  /** Traces every service's spans to this exporter (e.g. an in-memory one). */
  spanExporter?: SpanExporter;
}

/** A running stack. */
export interface Stack {
  nats: TestNatsServer;
  /** A client connection for the test itself. */
  nc: NatsConnection;
  services: Partial<Record<ServiceName, RunningService>>;
  url(service: ServiceName): string;
  /** A fresh company id for this stack (tests isolate by company). */
  company: string;
  jwtSecret: string;
  /** The environment the services were started with. */
  env: Record<string, string>;
  /** The capture connector's folder (`CAPTURE_DIR`): captures are `<company>/<providerMessageId>`. */
  captureDir: string;
  /** Mints a bearer token (defaults: this company, email-admin, full licence, all record types). */
  token(claims?: Partial<z.input<typeof TokenClaims>>): Promise<string>;
  /** fetch against a service with a bearer token of the given claims. */
  fetch(
    service: ServiceName,
    path: string,
    init?: RequestInit & { claims?: Partial<z.input<typeof TokenClaims>> },
  ): Promise<Response>;
  /** Starts (again) one service, e.g. after stopping it in a fault test. */
  start(service: ServiceName, extraEnv?: Record<string, string>): Promise<RunningService>;
  /** Stops one service gracefully. */
  stopService(service: ServiceName): Promise<void>;
  stop(): Promise<void>;
  [Symbol.asyncDispose](): Promise<void>;
}

/** Starts a stack. Every service shares one env with a random JWT secret and secrets key. */
export async function startStack(opts: StackOptions = {}): Promise<Stack> {
  const ownNats = opts.nats === undefined;
  const nats = opts.nats ?? (await TestNatsServer.start());
  const captureDir = await mkdtemp(join(tmpdir(), 'verzend-capture-'));
  const jwtSecret = randomBytes(32).toString('base64url');
  const env: Record<string, string> = {
    NODE_ENV: 'test',
    LOG_LEVEL: 'silent',
    NATS_URL: nats.url,
    HOST: '127.0.0.1',
    PORT: '0',
    AUTH_JWT_SECRET: jwtSecret,
    SECRETS_KEYS: `k1:${randomBytes(32).toString('base64')}`,
    CAPTURE_DIR: captureDir,
    // The SMTP sink and Graph double listen on loopback, which accounts may not reach by default.
    OUTBOUND_ALLOW: 'loopback',
    // The limits stay on (every request goes through the KV counter) but far above any test's volume.
    API_RATE_LIMIT_PER_TOKEN: '1000000',
    API_RATE_LIMIT_PER_COMPANY: '1000000',
    // LibreOffice only where a test prints (serviceEnv.renderer.PRINT_WORKERS): it keeps the suite light.
    PRINT_WORKERS: '0',
    ...opts.env,
  };
  const logger = opts.logger ?? createLogger({ service: 'test', level: 'silent' });
  const startOptions = {
    logger,
    ...(opts.spanExporter ? { spanExporter: opts.spanExporter } : {}),
  };
  // Config and the dispatcher also take the connectors (the renderer has none).
  const serviceOptions = {
    ...startOptions,
    ...(opts.connectors ? { connectors: opts.connectors } : {}),
  };
  const nc = await connect({
    servers: nats.url,
    maxReconnectAttempts: -1,
    reconnectTimeWait: 100,
    ...(opts.natsAuth ?? {}),
  });
  const untrackNc = track('stack test NATS connection', () => nc.close());
  const company = opts.company ?? `t${randomUUID().replaceAll('-', '').slice(0, 12)}`;
  const services: Partial<Record<ServiceName, RunningService>> = {};
  const untrack: Partial<Record<ServiceName, () => void>> = {};

  const start = async (service: ServiceName, extraEnv: Record<string, string> = {}) => {
    const e = { ...env, ...opts.serviceEnv?.[service], ...extraEnv };
    let running: RunningService;
    switch (service) {
      case 'config':
        running = await startConfigService(readConfigEnv(e), serviceOptions);
        break;
      case 'renderer':
        running = await startRendererService(readRendererEnv(e), startOptions);
        break;
      case 'dispatcher':
        running = await startDispatcherService(readDispatcherEnv(e), serviceOptions);
        break;
    }
    services[service] = running;
    untrack[service] = track(`service ${service}`, () => running.stop());
    return running;
  };
  const stopService = async (service: ServiceName) => {
    await services[service]?.stop();
    delete services[service];
    untrack[service]?.();
  };

  for (const s of opts.services ?? ['config', 'renderer', 'dispatcher']) {
    await start(s);
  }

  const token = (claims: Partial<z.input<typeof TokenClaims>> = {}) =>
    signToken(
      jwtSecret,
      {
        sub: 'admin',
        company,
        perms: ['email-admin'],
        licence: 'full',
        email: 'admin@example.com',
        records: ['*'],
        ...claims,
      },
      '1h',
      { issuer: env.AUTH_ISSUER, audience: env.AUTH_AUDIENCE },
    );

  const stack: Stack = {
    nats,
    nc,
    services,
    company,
    jwtSecret,
    env,
    captureDir,
    url(service) {
      const s = services[service];
      if (!s) {
        throw new Error(`service ${service} is not running`);
      }
      return s.url;
    },
    token,
    async fetch(service, path, init = {}) {
      const { claims, ...rest } = init;
      const headers = new Headers(rest.headers);
      if (!headers.has('authorization')) {
        headers.set('authorization', `Bearer ${await token(claims)}`);
      }
      return fetch(`${stack.url(service)}${path}`, { ...rest, headers });
    },
    start,
    stopService,
    async stop() {
      for (const s of ['dispatcher', 'renderer', 'config'] as const) {
        await stopService(s);
      }
      await nc.close();
      untrackNc();
      if (ownNats) {
        await nats.dispose();
      }
      await rm(captureDir, { recursive: true, force: true });
    },
    async [Symbol.asyncDispose]() {
      await stack.stop();
    },
  };
  return stack;
}
