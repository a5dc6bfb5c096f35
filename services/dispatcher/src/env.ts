/**
 * The dispatcher service's environment: the only place that reads `process.env`.
 * @module
 */
import { hostname } from 'node:os';
import {
  baseEnv,
  envBoolean,
  envPort,
  NationalCloud,
  outboundEnv,
  parseEnv,
  secretsKeysEnv,
} from '@verzend/shared';
import { z } from 'zod';
import { retryScheduleEnv } from './webhooks/schedule';

const ms = (fallback: number, min = 1) => z.coerce.number().int().min(min).default(fallback);

export const zEnv = baseEnv.extend({
  PORT: envPort(8083),
  /**
   * The same key list as the config service's: the dispatcher opens the sealed
   * secrets config hands it and seals the user tokens it stores (ADR-0018).
   */
  SECRETS_KEYS: secretsKeysEnv,
  /** The outbound target guard: OUTBOUND_ALLOW (addresses/CIDRs, `loopback`) and OUTBOUND_DENY_PRIVATE. */
  ...outboundEnv,
  /** JetStream replicas for buckets/streams (3 in a production cluster). */
  NATS_REPLICAS: z.coerce.number().int().min(1).max(5).default(1),
  /** Folder where the capture connector writes `.eml` files. */
  CAPTURE_DIR: z.string().min(1).default('.data/captured'),
  /** Name of this replica in attempt logs and lease holders (default: host and pid); unique per live replica. */
  DISPATCHER_ID: z
    .string()
    .regex(/^[A-Za-z0-9_.-]{1,64}$/)
    .default(`${hostname().slice(0, 40)}-${process.pid}`),
  /** Run the sending loops (off: API-only replica that accepts but never sends). */
  SENDER_ENABLED: envBoolean(true),
  /** Length of the rate-limit window; 60000 = per minute as configured on accounts. */
  RATE_WINDOW_MS: ms(60_000, 100),
  /** How long a delivered outbox message may stay unacknowledged before redelivery. */
  ACK_WAIT_MS: ms(30_000, 500),
  /** First retry delay of a transient failure (doubles per attempt, with jitter). */
  BASE_BACKOFF_MS: ms(30_000, 10),
  /** Cap of the retry delay. */
  MAX_BACKOFF_MS: ms(15 * 60_000, 10),
  /** A provider call taking longer is aborted and retried. */
  SEND_TIMEOUT_MS: ms(120_000, 100),
  /**
   * Life of a send slot (throttle lease) after its grant or last renewal; holders renew every
   * fifth of it, so a crashed replica's slots come free within 1.25 × this (10 s by default),
   * and NATS may be unreachable this long without a live send losing its slot.
   * DISPATCHER_ID must be unique among live replicas: a replica ends its own name's stale leases.
   */
  THROTTLE_LEASE_MS: ms(8_000, 500),
  /** How long resolved accounts, view policies and scenario attachments are cached. */
  CONFIG_CACHE_TTL_MS: ms(5_000, 0),
  /** How long an account's sending loop waits without work before it stops. */
  IDLE_LOOP_MS: ms(30_000, 100),
  /** How often each replica rescans the outbox for accounts with waiting email. */
  RESCAN_INTERVAL_MS: ms(5_000, 100),
  /**
   * Accounts with their own `company`/`account` series in /metrics: the first this many seen by
   * the send counters and histograms, the deepest queues in the backlog gauges; the rest are `other`.
   */
  METRICS_MAX_ACCOUNTS: z.coerce.number().int().min(0).max(10_000).default(50),
  /**
   * Run the status relays in this replica: every email and event record change is announced on
   * VERZEND_STATUS, and event records follow their emails (ADR-0023). Replicas share the work.
   */
  STATUS_RELAY_ENABLED: envBoolean(true),
  /** Run the posting-event consumer in this replica (the /v1/events API is always served). */
  INTAKE_ENABLED: envBoolean(true),
  /** Posting events processed at the same time per replica (bounds the intake's memory). */
  INTAKE_CONCURRENCY: z.coerce.number().int().min(1).max(256).default(16),
  /** Deliveries of an event before a transient failure (renderer down) is recorded as failed. */
  INTAKE_MAX_ATTEMPTS: z.coerce.number().int().min(1).max(50).default(5),
  /**
   * Seconds after its receipt that an event whose processing met an outage (NATS, the renderer
   * or config unavailable or not answering) is still retried once its attempts are spent
   * (0: attempts alone decide). An outage is not the event's fault.
   */
  INTAKE_OUTAGE_RETRY_S: z.coerce.number().int().min(0).max(604_800).default(3_600),
  /** First retry delay of a transient intake failure (doubles per attempt, with jitter). */
  INTAKE_RETRY_BASE_MS: ms(2_000, 10),
  /** Cap of the intake's retry delay. */
  INTAKE_RETRY_MAX_MS: ms(60_000, 10),
  /**
   * How long a delivered event may stay unacknowledged (heartbeats extend it while processing,
   * so this bounds only a delivery, ack or nak lost with a NATS node or a dead dispatcher).
   */
  INTAKE_ACK_WAIT_MS: ms(10_000, 1_000),
  /** Timeout of one render request. */
  INTAKE_RENDER_TIMEOUT_MS: ms(30_000, 100),
  /** Timeout of one configuration look-up. */
  INTAKE_CONFIG_TIMEOUT_MS: ms(5_000, 100),
  /** Run the webhook fan-out and sender in this replica (the webhook routes are always served). */
  WEBHOOKS_ENABLED: envBoolean(true),
  /**
   * Delay before each webhook attempt, comma-separated (`250ms`, `5s`, `5m`, `2h`); the
   * default is the Standard Webhooks schedule: immediately, 5 s, 5 min, 30 min, 2 h, 5 h, 10 h, 10 h.
   */
  WEBHOOK_RETRY_SCHEDULE: retryScheduleEnv,
  /** A receiver that has not answered within this long has failed the attempt. */
  WEBHOOK_TIMEOUT_MS: ms(15_000, 100),
  /** Webhook attempts in flight at the same time per replica. */
  WEBHOOK_CONCURRENCY: z.coerce.number().int().min(1).max(256).default(16),
  /** An endpoint whose last this-many deliveries all failed after every retry is disabled (0: never). */
  WEBHOOK_DISABLE_AFTER: z.coerce.number().int().min(0).max(10_000).default(10),
  /** Run the retention sweeper in this replica (one replica sweeps at a time; see docs/operations.md). */
  RETENTION_ENABLED: envBoolean(true),
  /** Time between retention runs (emails, event records, captures, telemetry). */
  RETENTION_INTERVAL_S: z.coerce.number().int().min(1).max(86_400).default(3_600),
  /** Time between blob mark-and-sweeps (ADR-0026). */
  RETENTION_BLOB_INTERVAL_S: z.coerce
    .number()
    .int()
    .min(1)
    .max(7 * 86_400)
    .default(21_600),
  /**
   * Grace period of an unreferenced blob: one stored, uploaded or used less than this long
   * ago is never deleted (ADR-0026). At least an hour in production.
   */
  RETENTION_BLOB_GRACE_S: z.coerce
    .number()
    .int()
    .min(1)
    .max(30 * 86_400)
    .default(86_400),
  /** Deletions per retention run, all kinds together (bounds each run's work). */
  RETENTION_BATCH: z.coerce.number().int().min(1).max(100_000).default(1_000),
  /** National cloud of this installation: presets for the Graph URL, Graph resource and authority below. */
  MICROSOFT_CLOUD: NationalCloud.default('global'),
  /** Microsoft Graph base URL, e.g. a proxy in front of Graph; default: the cloud's. */
  GRAPH_BASE_URL: z.url().optional(),
  /** The Graph resource scopes are asked for (e.g. https://graph.microsoft.com); default: the cloud's, whatever host GRAPH_BASE_URL names. */
  GRAPH_RESOURCE: z.url().optional(),
  /** Microsoft identity platform authority (token and authorize endpoints under `/{tenant}/oauth2/v2.0/`); default: the cloud's. */
  OAUTH_AUTHORITY: z.url().optional(),
  /** Public URL of `/oauth/callback` for Microsoft 365 (delegated) and SMTP accounts; default: the request's origin. */
  OAUTH_REDIRECT_URI: z.url().optional(),
  /** How long a started sign-in may take before its state expires (bucket TTL caps it at 15 min). */
  OAUTH_STATE_TTL_S: z.coerce.number().int().min(60).max(900).default(600),
  /**
   * SMTP connections per account in this replica, and so the most sends of one SMTP account
   * this replica runs at once (the account's concurrency limit, which holds across replicas,
   * caps it). More replicas add connections; an account's limit still holds.
   */
  SMTP_MAX_CONNECTIONS: z.coerce.number().int().min(1).max(100).default(10),
  /** Graph requests in flight per mailbox in this replica (Exchange Online allows 4). */
  GRAPH_MAX_CONCURRENT_PER_MAILBOX: z.coerce.number().int().min(1).max(16).default(4),
  /** Retry-After up to this many seconds is waited out inside one send; longer ones go back to the outbox backoff. */
  GRAPH_INLINE_RETRY_MAX_S: z.coerce.number().int().min(0).max(120).default(10),
  /** Upload-session chunk size: a multiple of 327680 (320 KiB), at most 4194304. */
  GRAPH_UPLOAD_CHUNK_BYTES: z.coerce
    .number()
    .int()
    .refine((n) => n > 0 && n % 327_680 === 0 && n <= 4_194_304, {
      message: 'must be a multiple of 327680 (320 KiB) and at most 4194304',
    })
    .default(3_276_800),
});
export type Env = z.infer<typeof zEnv>;

/** Parses the environment (throws BadEnvironmentError listing every problem). */
export function readEnv(source: Record<string, string | undefined> = process.env): Env {
  return parseEnv(zEnv, source);
}
