/**
 * Wiring of the dispatcher service on the shared start-up skeleton: buckets,
 * config, connectors, sender, outbox, NATS API, intake, HTTP — each built from
 * what is above it, nothing reaching forward. Used by main.ts, the test harness
 * and the one-machine runner.
 * @module
 */
import { jetstream } from '@nats-io/jetstream';
import {
  type AccessTokenProvider,
  builtInConnectors,
  type ConnectorRegistry,
  createGraphRuntime,
  createSmtpTokenProvider,
  GRAPH_RUNTIME,
} from '@verzend/connectors';
import {
  BadEnvironmentError,
  BlobStore,
  ensureStreams,
  KeyRing,
  KvBlobOwners,
  type Logger,
  natsReadiness,
  OutboundGuard,
  openBucket,
  openSharedBlobStore,
  openSharedBucket,
  type RunningService,
  rateLimitFromEnv,
  replicatedCasIsAtomic,
  type SpanExporter,
  startService,
  storeLayoutFromEnv,
  Telemetry,
  verifierFromEnv,
  type WireContext,
  type Wired,
} from '@verzend/shared';
import { ConfigClient } from './accounts/config-client';
import { SecretOpener } from './accounts/secret-opener';
import { AccountTester } from './accounts/test-account';
import { ActivityCounters } from './activity/counters';
import { createApp, VERSION } from './app';
import { MemoryHandoff } from './emails/handoff';
import { EmailRecords, type TransitionObserver } from './emails/records';
import type { Env } from './env';
import { startIntake } from './intake';
import { ConnectFlow } from './oauth/connect-flow';
import { KvSignInStateStore } from './oauth/state-store';
import { NatsUserTokenStore } from './oauth/user-token-store';
import { EmailActions } from './outbox/actions';
import { IdempotencyStore } from './outbox/idempotency';
import { KnownBlobs } from './outbox/known-blobs';
import { Outbox } from './outbox/outbox';
import type { OutboxPort } from './outbox/port';
import { OutboxPublisher } from './outbox/publisher';
import { RetentionSweeper, touchAfterMs } from './retention';
import { startDispatcherApi } from './rpc/api';
import { BodyCache } from './sender/message';
import { DispatchMetrics } from './sender/metrics';
import { startSender } from './sender/start';
import { type StatusRelays, startStatusRelays } from './status';
import { ConfigWebhookTargets, startWebhooks } from './webhooks';

/** Options beyond the environment. */
export interface StartOptions {
  logger?: Logger;
  /** OAuth access tokens for XOAUTH2/Graph (default: the account's static `accessToken` secret). */
  getAccessToken?: AccessTokenProvider;
  /** The connectors to install (default: the built-in ones). */
  connectors?: ConnectorRegistry;
  /** Where spans go instead of the `OTEL_*` choice (tests: an in-memory exporter). */
  spanExporter?: SpanExporter;
  /** Told of every written change of an email record (the hook for status events). */
  onTransition?: readonly TransitionObserver[];
}

/** A running dispatcher; `outbox` is the single way into the outbox inside this process. */
export interface DispatcherService extends RunningService {
  outbox: OutboxPort;
}

/** Starts the dispatcher service and resolves once it serves HTTP and NATS. */
export function startDispatcherService(
  env: Env,
  opts: StartOptions = {},
): Promise<DispatcherService> {
  return startService<{ outbox: OutboxPort }>({
    name: 'dispatcher',
    version: VERSION,
    env,
    logger: opts.logger,
    spanExporter: opts.spanExporter,
    // Every email costs several KV/JetStream requests: stack capture per request shows up in profiles.
    nats: { noAsyncTraces: true },
    wire: (ctx) => wireDispatcher(env, opts, ctx),
  });
}

/** Builds the dispatcher's parts, downhill: stores, config, connectors, sender, outbox, intake, HTTP. */
async function wireDispatcher(
  env: Env,
  opts: StartOptions,
  { nc, logger, registry, tracing, onStop, onStopping }: WireContext,
): Promise<Wired<{ outbox: OutboxPort }>> {
  if (env.NODE_ENV === 'production' && env.RETENTION_BLOB_GRACE_S < 3_600) {
    throw new BadEnvironmentError([
      { path: 'RETENTION_BLOB_GRACE_S', message: 'at least 3600 when NODE_ENV=production' },
    ]);
  }
  const layout = storeLayoutFromEnv(env);
  if (layout.replicas > 1 && !replicatedCasIsAtomic(nc)) {
    logger.warn(
      { server: nc.info?.version },
      'this nats-server does not check compare-and-set atomically on replicated streams: the throttle bucket keeps one replica (upgrade to 2.10 or later)',
    );
  }
  const jsm = await ensureStreams(nc, layout);
  const js = jetstream(nc);
  const [emailsKv, rateKv, idempotencyKv, objects, oauthStates, ownersKv, activityKv] =
    await Promise.all([
      openBucket(nc, 'emails', layout),
      // The throttle's exactness rests on one compare-and-set winner: on servers whose replicated
      // streams do not guarantee that, its bucket keeps one replica (see replicatedCasIsAtomic).
      openBucket(nc, 'ratelimit', replicatedCasIsAtomic(nc) ? layout : { ...layout, replicas: 1 }),
      openBucket(nc, 'idempotency', layout),
      openSharedBlobStore(nc, layout),
      openBucket(nc, 'oauthStates', layout),
      openSharedBucket(nc, 'blobOwners', layout),
      openBucket(nc, 'activity', layout),
    ]);
  // Blobs in use are touched at a quarter of the sweeper's grace period (ADR-0026).
  const touchAfter = touchAfterMs(env.RETENTION_BLOB_GRACE_S * 1000);
  const blobStore = new BlobStore(objects, undefined, { touchAfterMs: touchAfter });
  // This replica's sender takes what its outbox just wrote from here (ADR-0027).
  const handoff = new MemoryHandoff();
  const blobs = new KnownBlobs(
    blobStore,
    new KvBlobOwners(ownersKv),
    handoff,
    undefined,
    touchAfter,
  );
  const telemetry = new Telemetry({ service: 'dispatcher', logger, registry, nc });
  const secrets = new SecretOpener(KeyRing.parse(env.SECRETS_KEYS));
  // The one config client of the service: the sender, the API and the intake ask through it,
  // and a config change notice drops the company's answers at once (ADR-0004).
  const installable = opts.connectors ?? builtInConnectors;
  const config = new ConfigClient(nc, secrets, {
    connectors: installable,
    ttlMs: env.CONFIG_CACHE_TTL_MS,
    timeoutMs: env.INTAKE_CONFIG_TIMEOUT_MS,
  });
  onStop(config.watchChanges());
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
  const outbound = new OutboundGuard({
    allow: env.OUTBOUND_ALLOW,
    denyPrivate: env.OUTBOUND_DENY_PRIVATE,
  });
  const connectors = installable.install({
    logger,
    telemetry,
    blobs: blobStore,
    captureDir: env.CAPTURE_DIR,
    sendTimeoutMs: env.SEND_TIMEOUT_MS,
    getAccessToken,
    outbound,
    smtpMaxConnections: env.SMTP_MAX_CONNECTIONS,
    runtimes: new Map([[GRAPH_RUNTIME, graph]]),
  });
  onStop(() => connectors.close());
  // The hook point of every status change (status events subscribe here).
  // Sent and failed per account per day, summed in memory and written once a second.
  const activity = new ActivityCounters(activityKv, logger);
  onStop(() => activity.stop());
  const onTransition: TransitionObserver[] = [
    (change) => activity.record(change.before ?? undefined, change.after),
    ...(opts.onTransition ?? []),
  ];
  const records = new EmailRecords(emailsKv, { handoff, onTransition });

  // The status relays start once the intake's event records exist (below), but stop after the
  // senders, so the last changes are announced before the connection goes.
  let status: StatusRelays | undefined;
  onStop(() => status?.stop());
  // The sender before the outbox: the outbox tells it of each email it queued.
  const sender = await startSender({
    env,
    nc,
    js,
    jsm,
    rateKv,
    records,
    config,
    connectors,
    blobs: blobStore,
    bodies: new BodyCache(blobStore, handoff),
    telemetry,
    metrics: new DispatchMetrics(registry, env.METRICS_MAX_ACCOUNTS),
    logger,
    tracing,
    onStop,
  });
  const outbox = new Outbox({
    records,
    blobs,
    config,
    connectors,
    publisher: new OutboxPublisher(js, tracing),
    telemetry,
    logger,
    onQueued: sender.notify,
  });
  const api = await startDispatcherApi(nc, {
    outbox,
    tester: new AccountTester(config, connectors, telemetry, logger),
    logger,
    tracing,
  });
  onStop(() => api.stop());
  const eventsKv = await openBucket(nc, 'events', layout);
  const intake = await startIntake({
    nc,
    js,
    jsm,
    kv: eventsKv,
    // Through the known set: the outbox then need not ask whether the filled document it attaches exists.
    blobs,
    config,
    outbox,
    telemetry,
    logger,
    registry,
    tracing,
    settings: {
      enabled: env.INTAKE_ENABLED,
      concurrency: env.INTAKE_CONCURRENCY,
      maxAttempts: env.INTAKE_MAX_ATTEMPTS,
      outageRetryMs: env.INTAKE_OUTAGE_RETRY_S * 1000,
      retryBaseMs: env.INTAKE_RETRY_BASE_MS,
      retryMaxMs: env.INTAKE_RETRY_MAX_MS,
      ackWaitMs: env.INTAKE_ACK_WAIT_MS,
      renderTimeoutMs: env.INTAKE_RENDER_TIMEOUT_MS,
    },
  });
  // Stopped first: events in flight finish into the outbox before the senders stop.
  onStop(() => intake.stop());
  onStopping(() => intake.halt());
  if (env.STATUS_RELAY_ENABLED) {
    status = await startStatusRelays({ js, jsm, events: intake.store, logger, registry });
  }
  // Webhooks deliver from the status stream (ADR-0024); stopped before the intake.
  const webhookTargets = new ConfigWebhookTargets(nc, secrets, env.CONFIG_CACHE_TTL_MS);
  onStop(webhookTargets.watchChanges());
  const webhooks = startWebhooks({
    js,
    jsm,
    kv: await openBucket(nc, 'webhookDeliveries', layout),
    targets: webhookTargets,
    guard: outbound,
    telemetry,
    logger,
    settings: {
      enabled: env.WEBHOOKS_ENABLED,
      concurrency: env.WEBHOOK_CONCURRENCY,
      schedule: env.WEBHOOK_RETRY_SCHEDULE,
      timeoutMs: env.WEBHOOK_TIMEOUT_MS,
      disableAfter: env.WEBHOOK_DISABLE_AFTER,
    },
  });
  onStop(() => webhooks.stop());
  if (env.RETENTION_ENABLED) {
    const sweeper = new RetentionSweeper(
      {
        nc,
        js,
        jsm,
        emails: emailsKv,
        events: eventsKv,
        lockKv: await openBucket(nc, 'retention', layout),
        blobs: blobStore,
        captureDir: env.CAPTURE_DIR,
        logger,
      },
      {
        intervalMs: env.RETENTION_INTERVAL_S * 1000,
        blobIntervalMs: env.RETENTION_BLOB_INTERVAL_S * 1000,
        graceMs: env.RETENTION_BLOB_GRACE_S * 1000,
        batch: env.RETENTION_BATCH,
        eventsMinDays: env.NATS_EVENTS_MAX_AGE_D,
        holder: env.DISPATCHER_ID,
      },
    );
    sweeper.start();
    // Stopped first: a sweep in progress ends before the intake and the senders stop.
    onStop(() => sweeper.stop());
  }

  const app = createApp({
    logger,
    registry,
    verifyToken: verifierFromEnv(env),
    rateLimit: await rateLimitFromEnv(env, nc, logger),
    readiness: [natsReadiness(nc)],
    tracing,
    routes: {
      emails: {
        outbox,
        actions: new EmailActions(records, outbox, config),
        records,
        blobs,
        idempotency: new IdempotencyStore(idempotencyKv),
      },
      throttle: {
        limiter: sender.limiter,
        config,
        accounts: config,
        windowMs: env.RATE_WINDOW_MS,
      },
      activity: { activity },
      events: { events: intake.api },
      webhooks: { webhooks: webhooks.api },
      oauth: {
        flow: new ConnectFlow({
          providers: (cloud) => graph.forCloud(cloud).tokens,
          states: new KvSignInStateStore(oauthStates),
          ttlSeconds: env.OAUTH_STATE_TTL_S,
        }),
        store: graph.tokens.store,
        account: (company, accountId) => config.resolveAccount(company, { accountId }),
        accounts: config,
        graph,
        redirectUri: env.OAUTH_REDIRECT_URI,
        forget: (company, accountId, userId) => {
          for (const cloud of ['global', 'us-government', 'china'] as const) {
            graph.forCloud(cloud).tokens.forgetUser({ company, accountId, userId });
          }
        },
      },
    },
  });
  return { app, details: { sender: env.SENDER_ENABLED }, extra: { outbox } };
}
