/**
 * Wiring of the dispatcher service: NATS, buckets, NATS API, HTTP. Used by main.ts,
 * the test harness and the one-machine runner.
 * @module
 */
import { jetstream } from '@nats-io/jetstream';
import {
  BlobStore,
  closeServer,
  connectNats,
  createLogger,
  createRegistry,
  ensureStreams,
  httpTimeoutsFromEnv,
  KeyRing,
  KvBlobOwners,
  type Logger,
  listen,
  natsOptionsFromEnv,
  natsReadiness,
  OutboundGuard,
  openBucket,
  openSharedBlobStore,
  openSharedBucket,
  type RunningService,
  rateLimitFromEnv,
  replicatedCasIsAtomic,
  storeLayoutFromEnv,
  Telemetry,
  verifierFromEnv,
} from '@verzend/shared';
import { ConfigClient } from './accounts/config-client';
import { SecretOpener } from './accounts/secret-opener';
import { AccountTester } from './accounts/test-account';
import { createApp } from './app';
import { createGraphRuntime } from './connectors/graph/runtime';
import { ConnectorRegistry } from './connectors/registry';
import type { AccessTokenProvider } from './connectors/types';
import type { Env } from './env';
import { startIntake } from './intake';
import { ConnectFlow } from './oauth/connect-flow';
import { createSmtpTokenProvider } from './oauth/smtp-tokens';
import { KvSignInStateStore } from './oauth/state-store';
import { NatsUserTokenStore } from './oauth/user-token-store';
import { EmailActions } from './outbox/actions';
import { IdempotencyStore } from './outbox/idempotency';
import { KnownBlobs } from './outbox/known-blobs';
import { Outbox } from './outbox/outbox';
import type { OutboxPort } from './outbox/port';
import { OutboxPublisher } from './outbox/publisher';
import { EmailRecords } from './outbox/records';
import { dispatcherRoutes } from './routes/all';
import { startDispatcherApi } from './rpc/api';
import { OutboxConsumers } from './sender/consumers';
import { Deliverer } from './sender/deliver';
import { BodyCache } from './sender/message';
import { DispatchMetrics } from './sender/metrics';
import { Supervisor } from './sender/supervisor';
import { type StatusRelays, startStatusRelays } from './status';
import { Limiter } from './throttle/limiter';

/** Options beyond the environment. */
export interface StartOptions {
  logger?: Logger;
  /** OAuth access tokens for XOAUTH2/Graph (default: the account's static `accessToken` secret). */
  getAccessToken?: AccessTokenProvider;
}

/** A running dispatcher; `outbox` is the single way into the outbox inside this process. */
export interface DispatcherService extends RunningService {
  outbox: OutboxPort;
}

/** Starts the dispatcher service and resolves once it serves HTTP and NATS. */
export async function startDispatcherService(
  env: Env,
  opts: StartOptions = {},
): Promise<DispatcherService> {
  const logger = opts.logger ?? createLogger({ service: 'dispatcher', level: env.LOG_LEVEL });
  const registry = createRegistry('dispatcher');
  const nc = await connectNats({
    ...natsOptionsFromEnv(env, 'dispatcher'),
    // Every email costs several KV/JetStream requests: stack capture per request shows up in profiles.
    noAsyncTraces: true,
  });
  // What has been started, undone in reverse if a later step fails (a port in use, say).
  const undo: (() => unknown)[] = [];
  try {
    const layout = storeLayoutFromEnv(env);
    if (layout.replicas > 1 && !replicatedCasIsAtomic(nc)) {
      logger.warn(
        { server: nc.info?.version },
        'this nats-server does not check compare-and-set atomically on replicated streams: the throttle bucket keeps one replica (upgrade to 2.10 or later)',
      );
    }
    const jsm = await ensureStreams(nc, layout);
    const js = jetstream(nc);
    const [emailsKv, rateKv, idempotencyKv, objects, oauthStates, ownersKv] = await Promise.all([
      openBucket(nc, 'emails', layout),
      // The throttle's exactness rests on one compare-and-set winner: on servers whose replicated
      // streams do not guarantee that, its bucket keeps one replica (see replicatedCasIsAtomic).
      openBucket(nc, 'ratelimit', replicatedCasIsAtomic(nc) ? layout : { ...layout, replicas: 1 }),
      openBucket(nc, 'idempotency', layout),
      openSharedBlobStore(nc, layout),
      openBucket(nc, 'oauthStates', layout),
      openSharedBucket(nc, 'blobOwners', layout),
    ]);
    const blobStore = new BlobStore(objects);
    const blobs = new KnownBlobs(blobStore, new KvBlobOwners(ownersKv));
    const telemetry = new Telemetry({ service: 'dispatcher', logger, registry, nc });
    const metrics = new DispatchMetrics(registry);
    const secrets = new SecretOpener(KeyRing.parse(env.SECRETS_KEYS));
    const config = new ConfigClient(nc, secrets, env.CONFIG_CACHE_TTL_MS);
    const unwatchConfig = config.watchChanges();
    undo.push(unwatchConfig);
    // One Graph runtime per process: both Graph connectors and SMTP XOAUTH2 share
    // its token cache, and Graph accounts on one mailbox share its 4-request budget.
    const graph = createGraphRuntime({
      cloud: env.MICROSOFT_CLOUD,
      graphBaseUrl: env.GRAPH_BASE_URL,
      graphResource: env.GRAPH_RESOURCE,
      authority: env.OAUTH_AUTHORITY,
      userTokens: new NatsUserTokenStore(nc, secrets),
      maxConcurrentPerMailbox: env.GRAPH_MAX_CONCURRENT_PER_MAILBOX,
      inlineRetryMaxSeconds: env.GRAPH_INLINE_RETRY_MAX_S,
      chunkBytes: env.GRAPH_UPLOAD_CHUNK_BYTES,
    });
    const smtpTokens = createSmtpTokenProvider((cloud) => graph.forCloud(cloud).tokens);
    const getAccessToken: AccessTokenProvider =
      opts.getAccessToken ?? ((account, secrets, user) => smtpTokens({ account, secrets, user }));
    const connectors = new ConnectorRegistry({
      logger,
      telemetry,
      blobs: blobStore,
      captureDir: env.CAPTURE_DIR,
      sendTimeoutMs: env.SEND_TIMEOUT_MS,
      smtpMaxConnections: env.SMTP_MAX_CONNECTIONS,
      getAccessToken,
      outbound: new OutboundGuard({
        allow: env.OUTBOUND_ALLOW,
        denyPrivate: env.OUTBOUND_DENY_PRIVATE,
      }),
      graph,
    });
    undo.push(() => connectors.close());
    const records = new EmailRecords(emailsKv);
    let supervisor: Supervisor | undefined;
    const outbox = new Outbox({
      records,
      blobs,
      config,
      connectors,
      publisher: new OutboxPublisher(js),
      telemetry,
      logger,
      onQueued: (company, accountId) => supervisor?.notify(company, accountId),
    });
    const emailDeps = {
      outbox,
      actions: new EmailActions(records, outbox, config),
      records,
      blobs,
      idempotency: new IdempotencyStore(idempotencyKv),
    };

    const limiter = new Limiter(rateKv, {
      windowMs: env.RATE_WINDOW_MS,
      // Held leases are renewed every fifth of their life, so one renewal may fail (a NATS node
      // failing over) without a lease lapsing, and a crashed replica's places come free within
      // 1.25 × THROTTLE_LEASE_MS; kept leases stay reusable while they are renewed.
      leaseMs: env.THROTTLE_LEASE_MS,
      keepMs: Math.floor(env.THROTTLE_LEASE_MS / 4),
      renewMs: Math.floor(env.THROTTLE_LEASE_MS / 5),
      holder: env.DISPATCHER_ID,
      logger,
    });
    undo.push(() => limiter.close());
    // A restart under the same DISPATCHER_ID frees what the previous run held at once.
    await limiter
      .adoptOrphans()
      .then((ended) => ended > 0 && logger.info({ ended }, 'ended send slots of a previous run'))
      .catch((err: unknown) =>
        logger.warn({ err }, 'could not sweep send slots of a previous run'),
      );
    if (env.SENDER_ENABLED) {
      const deliverer = new Deliverer({
        records,
        config,
        connectors,
        limiter,
        blobs,
        bodies: new BodyCache(blobs),
        telemetry,
        metrics,
        logger,
        dispatcherId: env.DISPATCHER_ID,
        ackWaitMs: env.ACK_WAIT_MS,
        sendTimeoutMs: env.SEND_TIMEOUT_MS,
        baseBackoffMs: env.BASE_BACKOFF_MS,
        maxBackoffMs: env.MAX_BACKOFF_MS,
      });
      supervisor = new Supervisor(
        nc,
        jsm,
        new OutboxConsumers(js, jsm, { ackWaitMs: env.ACK_WAIT_MS, inactiveMs: 60 * 60_000 }),
        deliverer,
        metrics,
        logger,
        {
          idleMs: env.IDLE_LOOP_MS,
          rescanMs: env.RESCAN_INTERVAL_MS,
          pullExpiresMs: 1_000,
          lanesFor: async (company, accountId) => {
            const { account } = await config.resolveAccount(company, { accountId });
            // No more lanes than the connector sends at once here: an extra lane would hold a
            // global send slot while it waits for a connection, a slot other replicas could use.
            const parallel = connectors.get(account.settings.connector).parallelSends?.(account);
            return Math.min(account.concurrencyLimit, parallel ?? account.concurrencyLimit);
          },
          roomFor: (company, accountId) => limiter.placesForHere(company, accountId),
        },
      );
      await supervisor.start();
      const started = supervisor;
      undo.push(() => started.stop());
    }

    const api = await startDispatcherApi(nc, {
      outbox,
      tester: new AccountTester(config, connectors, telemetry, logger),
      logger,
    });
    undo.push(() => api.stop());
    const intake = await startIntake({
      nc,
      js,
      jsm,
      kv: await openBucket(nc, 'events', layout),
      // Through the known set: the outbox then need not ask whether the filled document it attaches exists.
      blobs,
      outbox,
      telemetry,
      logger,
      registry,
      settings: {
        enabled: env.INTAKE_ENABLED,
        concurrency: env.INTAKE_CONCURRENCY,
        maxAttempts: env.INTAKE_MAX_ATTEMPTS,
        retryBaseMs: env.INTAKE_RETRY_BASE_MS,
        retryMaxMs: env.INTAKE_RETRY_MAX_MS,
        ackWaitMs: env.INTAKE_ACK_WAIT_MS,
        renderTimeoutMs: env.INTAKE_RENDER_TIMEOUT_MS,
        configTimeoutMs: env.INTAKE_CONFIG_TIMEOUT_MS,
        configCacheTtlMs: env.CONFIG_CACHE_TTL_MS,
      },
    });
    undo.push(() => intake.stop());
    let status: StatusRelays | undefined;
    if (env.STATUS_RELAY_ENABLED) {
      status = await startStatusRelays({ js, jsm, events: intake.store, logger, registry });
      const started = status;
      undo.push(() => started.stop());
    }
    const app = createApp({
      logger,
      registry,
      verifyToken: verifierFromEnv(env),
      rateLimit: await rateLimitFromEnv(env, nc, logger),
      readiness: [natsReadiness(nc)],
      routes: dispatcherRoutes({
        emails: emailDeps,
        throttle: { limiter, config, windowMs: env.RATE_WINDOW_MS },
        events: { events: intake.api },
        oauth: {
          flow: new ConnectFlow({
            providers: (cloud) => graph.forCloud(cloud).tokens,
            states: new KvSignInStateStore(oauthStates),
            ttlSeconds: env.OAUTH_STATE_TTL_S,
          }),
          store: graph.tokens.store,
          account: (company, accountId) => config.resolveAccount(company, { accountId }),
          graph,
          redirectUri: env.OAUTH_REDIRECT_URI,
          forget: (company, accountId, userId) => {
            for (const cloud of ['global', 'us-government', 'china'] as const) {
              graph.forCloud(cloud).tokens.forgetUser({ company, accountId, userId });
            }
          },
        },
      }),
    });
    const { server, port } = await listen(app.fetch, {
      host: env.HOST,
      port: env.PORT,
      timeouts: httpTimeoutsFromEnv(env),
    });
    const url = `http://${env.HOST}:${port}`;
    logger.info({ url, sender: env.SENDER_ENABLED }, 'dispatcher service listening');
    return {
      name: 'dispatcher',
      url,
      port,
      outbox,
      async stop() {
        await closeServer(server);
        // Events in flight finish into the outbox before the senders stop.
        await intake.stop();
        await supervisor?.stop();
        // The last changes are announced before the connection goes.
        await status?.stop();
        // Kept send slots go back now, not when they expire: other replicas may need them.
        await limiter.close();
        await api.stop();
        unwatchConfig();
        await connectors.close();
        await nc.drain();
      },
    };
  } catch (err) {
    for (const step of undo.reverse()) {
      await Promise.resolve()
        .then(step)
        .catch(() => undefined);
    }
    await nc.close();
    throw err;
  }
}
