/**
 * Every NATS subject, stream, consumer, bucket and service name in one place.
 * Services never spell a subject themselves; they call these.
 * Tokens that come from data (company ids, account ids) are validated by
 * {@link assertToken} so a hostile id can never widen a subscription.
 * @module
 */

/** Service names and versions for the `@nats-io/services` framework. Endpoint names never contain dots. */
export const Services = {
  config: { name: 'verzend-config', version: '0.1.0', queue: 'verzend-config' },
  renderer: { name: 'verzend-renderer', version: '0.1.0', queue: 'verzend-renderer' },
  dispatcher: { name: 'verzend-dispatcher', version: '0.1.0', queue: 'verzend-dispatcher' },
} as const;

/**
 * Each service's reply-subject prefix (the nats.js `inboxPrefix`): replies to its
 * requests, JetStream API answers, publish acks and consumer deliveries all
 * arrive under it, and the shipped permissions let only that service's user
 * subscribe there. An ERP integration uses {@link erpInbox} of its company.
 */
export const Inboxes = {
  config: '_INBOX_config',
  renderer: '_INBOX_renderer',
  dispatcher: '_INBOX_dispatcher',
} as const;

/**
 * The durable consumer on {@link Streams.status} that a company's ERP credential may
 * create and read (`erp-<company>`; its filter must stay inside the company's subjects).
 */
export const erpStatusConsumer = (company: string) => `erp-${assertToken(company, 'company')}`;

/** The reply prefix of a company's ERP credential (`_INBOX_erp_<company>`). */
export const erpInbox = (company: string) => `_INBOX_erp_${assertToken(company, 'company')}`;

/** Request/reply subjects (all answered by a queue group, so replicas share load). */
export const Rpc = {
  /** config: scenario → account resolution, with sealed secrets (dispatcher only, enforced by server permissions; ADR-0018). */
  configResolveAccount: 'verzend.rpc.config.secret.resolve-account',
  /** config: one account with its secrets (dispatcher only). */
  configAccountWithSecrets: 'verzend.rpc.config.secret.account',
  /** config: store or refresh a user's delegated OAuth token set (dispatcher only). */
  configStoreUserToken: 'verzend.rpc.config.secret.store-user-token',
  configGetUserToken: 'verzend.rpc.config.secret.user-token',
  configReportSelection: 'verzend.rpc.config.report-selection',
  configSendingProfile: 'verzend.rpc.config.sending-profile',
  configLayout: 'verzend.rpc.config.layout',
  configPaymentSettings: 'verzend.rpc.config.payment-settings',
  configScenarioAttachments: 'verzend.rpc.config.scenario-attachments',
  configCompany: 'verzend.rpc.config.company',
  configViewPolicy: 'verzend.rpc.config.view-policy',
  /** config: a company's accounts without secrets (the dispatcher's company-wide account views). */
  configAccounts: 'verzend.rpc.config.accounts',
  /** config: a company's webhook endpoints with their sealed signing secrets (dispatcher only; ADR-0024). */
  configWebhookEndpoints: 'verzend.rpc.config.secret.webhook-endpoints',
  /** config: disable an endpoint that keeps failing (asked by the dispatcher). */
  configWebhookDisable: 'verzend.rpc.config.webhook-disable',
  /** config: a company's retention settings (the dispatcher's sweeper). */
  configRetention: 'verzend.rpc.config.retention',
  /** config: every blob hash the configuration references (the blob sweeper's marks, ADR-0026). */
  configBlobRefs: 'verzend.rpc.config.blob-refs',
  /** renderer: render a layout with data. */
  renderRender: 'verzend.rpc.renderer.render',
  /** renderer: validate a layout (used by config on upload). */
  renderValidate: 'verzend.rpc.renderer.validate',
  /** dispatcher: connectivity check of an account (asked by config). */
  dispatcherTestAccount: 'verzend.rpc.dispatcher.test-account',
  /** dispatcher: accept an email into the outbox (used by intake, tests and tools). */
  dispatcherEnqueue: 'verzend.rpc.dispatcher.enqueue',
} as const;
export type RpcSubject = (typeof Rpc)[keyof typeof Rpc];

/** JetStream streams. */
export const Streams = {
  /** ERP "document posted" events. Subjects `verzend.events.<company>.<documentType>.posted`. */
  events: { name: 'VERZEND_EVENTS', subjects: ['verzend.events.>'] },
  /** The outbox work queue. Subjects `verzend.outbox.<company>.<accountId>`. */
  outbox: { name: 'VERZEND_OUTBOX', subjects: ['verzend.outbox.>'] },
  /** Telemetry events. Subjects `verzend.telemetry.<company>.<event>`. */
  telemetry: { name: 'VERZEND_TELEMETRY', subjects: ['verzend.telemetry.>'] },
  /**
   * Status changes of emails and posting events (ADR-0023). Subjects
   * `verzend.status.<company>.<kind>`, where a kind is two tokens (`email.sent`).
   */
  status: { name: 'VERZEND_STATUS', subjects: ['verzend.status.>'] },
  /** Webhook deliveries waiting for an attempt (work queue). Subjects `verzend.webhooks.<company>.<endpointId>`. */
  webhooks: { name: 'VERZEND_WEBHOOKS', subjects: ['verzend.webhooks.>'] },
} as const;

/** Durable JetStream consumers. */
export const Consumers = {
  /** The dispatcher's posting-event intake on {@link Streams.events} (shared by its replicas). */
  intake: { stream: Streams.events.name, durable: 'verzend-intake', filter: 'verzend.events.>' },
  /** The dispatcher's status relay over the email records' own stream (every write of a record). */
  statusEmails: {
    stream: 'KV_verzend_emails',
    durable: 'verzend-status-emails',
    filter: '$KV.verzend_emails.>',
  },
  /** The dispatcher's status relay over the event records' own stream. */
  statusEvents: {
    stream: 'KV_verzend_event_records',
    durable: 'verzend-status-events',
    filter: '$KV.verzend_event_records.>',
  },
  /** The webhook fan-out on the status stream: one delivery per status change and matching endpoint. */
  webhookFanout: {
    stream: Streams.status.name,
    durable: 'verzend-webhook-fanout',
    filter: 'verzend.status.>',
  },
  /** The webhook senders on {@link Streams.webhooks} (shared by the dispatcher's replicas). */
  webhookSender: {
    stream: Streams.webhooks.name,
    durable: 'verzend-webhook-sender',
    filter: 'verzend.webhooks.>',
  },
} as const;

/** KV buckets. Keys start with the company id, so one company's keys never match another's prefix. */
export const Buckets = {
  /** Configuration per company: `<company>.<kind>.<id>`. Watched by services to refresh caches. */
  config: 'verzend_config',
  /** Encrypted secrets: `<company>.<owner kind>.<id>.<field>`. */
  secrets: 'verzend_secrets',
  /** Email records (status, metadata, attempts): `<company>.<emailId>`. */
  emails: 'verzend_emails',
  /** Rate-limit and concurrency state per account: `<company>.<accountId>.<kind>`. */
  ratelimit: 'verzend_ratelimit',
  /** Idempotency keys (24 h bucket TTL): `<company>.<scope>.<hash>`. */
  idempotency: 'verzend_idempotency',
  /** Posting-event records (status, reason, email id): `<company>.<eventId>`. */
  events: 'verzend_event_records',
  /** API request counts per token and company, one key per fixed window (1 h bucket TTL): `<scope>.<id>.<window>`. */
  apiLimits: 'verzend_api_limits',
  /** Pending OAuth sign-ins (state → PKCE verifier, account, user), 15 min bucket TTL: `<state>`. */
  oauthStates: 'verzend_oauth_states',
  /** Which company may use which blob (ADR-0021): `<company>.<sha256>` → measured size. */
  blobOwners: 'verzend_blob_owners',
  /** Sent and failed counts per account per day: `<company>.<yyyy-mm>.<accountId>` → its days. */
  activity: 'verzend_activity',
  /**
   * Webhook delivery log (ADR-0024), kept 7 days after the last change:
   * `<company>.<endpointId>.d.<deliveryId>` and `<company>.<endpointId>.health`.
   */
  webhookDeliveries: 'verzend_webhook_deliveries',
  /** The retention sweeper's lease (one replica sweeps at a time): `sweeper`. */
  retention: 'verzend_retention',
} as const;

/** Object stores. Objects are named by their sha-256 (content-addressed). */
export const ObjectStores = {
  /** Word layouts, default attachments, email bodies and attachments, large render results. */
  blobs: 'verzend_blobs',
} as const;

const tokenPattern = /^[A-Za-z0-9_-]{1,64}$/;

/** Throws unless `value` is safe as one subject token / key segment (letters, digits, `_`, `-`, ≤ 64). */
export function assertToken(value: string, what = 'identifier'): string {
  if (!tokenPattern.test(value)) {
    throw new TypeError(`Invalid ${what}: must be 1-64 letters, digits, '_' or '-'.`);
  }
  return value;
}

/**
 * The JetStream message id (`Nats-Msg-Id`) of a posting event:
 * `<company>.<eventId>`, so the events stream de-duplicates per company (two
 * companies' invoice numbers collide naturally). A republish for a retry adds
 * a suffix: `<company>.<eventId>.<suffix>`.
 */
export function eventMessageId(company: string, eventId: string, suffix?: string): string {
  const base = `${assertToken(company, 'company')}.${assertToken(eventId, 'event id')}`;
  return suffix === undefined ? base : `${base}.${suffix}`;
}

/**
 * The JetStream message id of a status change: `<company>.<id>`, so the status
 * stream drops a change published twice (a relay redelivery) within its
 * duplicate window; receivers de-duplicate on `id` beyond it.
 */
export function statusMessageId(company: string, id: string): string {
  return `${assertToken(company, 'company')}.${id}`;
}

const statusKindPattern = /^(email|event)\.[a-z]+$/;

/** Subject builders for data-bearing subjects. */
export const Subjects = {
  event: (company: string, documentType: string) =>
    `verzend.events.${assertToken(company, 'company')}.${assertToken(documentType, 'document type')}.posted`,
  outbox: (company: string, accountId: string) =>
    `verzend.outbox.${assertToken(company, 'company')}.${assertToken(accountId, 'account id')}`,
  telemetry: (company: string, event: string) =>
    `verzend.telemetry.${assertToken(company, 'company')}.${assertToken(event, 'event')}`,
  /** Every telemetry event of one company (retention purges by it). */
  companyTelemetry: (company: string) => `verzend.telemetry.${assertToken(company, 'company')}.>`,
  /** A status change: `verzend.status.<company>.<kind>` (`kind` is `email.sent`, `event.failed`, …). */
  status: (company: string, kind: string) => {
    if (!statusKindPattern.test(kind)) {
      throw new TypeError(`Invalid status kind: ${kind}`);
    }
    return `verzend.status.${assertToken(company, 'company')}.${kind}`;
  },
  /** Every status change of one company (what its ERP credential may read). */
  statusOf: (company: string) => `verzend.status.${assertToken(company, 'company')}.>`,
  /** A webhook delivery waiting for an attempt. */
  webhook: (company: string, endpointId: string) =>
    `verzend.webhooks.${assertToken(company, 'company')}.${assertToken(endpointId, 'endpoint id')}`,
  /** Config change notifications (also visible as KV watches). */
  configChanged: (company: string, kind: string) =>
    `verzend.config.changed.${assertToken(company, 'company')}.${assertToken(kind, 'kind')}`,
  /** Every config change notice (`<company>` is the 4th token), for cache invalidation. */
  configChangedAny: 'verzend.config.changed.*.*',
} as const;
