/**
 * The webhook sender: a durable consumer on the work queue shared by every
 * dispatcher replica. Each message is one attempt: signed, posted through the
 * outbound guard, recorded on the delivery; a 2xx acks it, anything else
 * (non-2xx, time-out, refused connection) naks it with the schedule's next
 * delay — JetStream holds it meanwhile, so retries survive restarts — until the
 * schedule is exhausted and the delivery is marked failed. An endpoint whose
 * last `disableAfter` deliveries all failed is disabled (ADR-0024).
 * @module
 */
import type { Consumer, JetStreamClient, JetStreamManager, JsMsg } from '@nats-io/jetstream';
import {
  Consumers,
  ensureDurable,
  type Logger,
  type OutboundGuard,
  type Telemetry,
  type WebhookAttempt,
  type WebhookDelivery,
} from '@verzend/shared';
import { type DeliveryLog, withAttempt } from './deliveries';
import { postWebhook } from './http-post';
import { nextDelayMs } from './schedule';
import type { WebhookTargetSource } from './targets';
import { fromWork, WebhookWork } from './work';

/** Settings of the sender. */
export interface SenderSettings {
  /** Delay before each attempt (the first is normally 0). */
  schedule: readonly number[];
  timeoutMs: number;
  /** Consecutive failed deliveries that disable an endpoint (0: never). */
  disableAfter: number;
}

/** What the sender needs. */
export interface SenderDeps {
  js: JetStreamClient;
  jsm: JetStreamManager;
  targets: WebhookTargetSource;
  log: DeliveryLog;
  guard: OutboundGuard;
  telemetry: Telemetry;
  logger: Logger;
  settings: SenderSettings;
}

/** Creates or updates the sender's durable consumer. */
export function openSenderConsumer(deps: SenderDeps): Promise<Consumer> {
  return ensureDurable(deps.js, deps.jsm, Consumers.webhookSender, {
    // Longer than one attempt can take, so an attempt in progress is never handed to another replica.
    ackWaitMs: senderAckWaitMs(deps.settings),
    // Deliveries waiting for a retry count as pending: room for many failing endpoints.
    maxAckPending: 20_000,
  });
}

/** The sender consumer's ack wait: an attempt's time-out and room to record it. */
export function senderAckWaitMs(settings: SenderSettings): number {
  return settings.timeoutMs + 30_000;
}

const nextNumber = (d: WebhookDelivery | null) => (d?.attempts.at(-1)?.attempt ?? 0) + 1;

/** Makes one attempt of the delivery a work message names, and acks or naks it. */
export async function attempt(msg: JsMsg, deps: SenderDeps): Promise<void> {
  const parsed = WebhookWork.safeParse(safeJson(msg.data));
  if (!parsed.success) {
    deps.logger.warn({ seq: msg.seq }, 'not a webhook delivery; dropped');
    msg.term();
    return;
  }
  const work = parsed.data;
  const key = { company: work.company, endpointId: work.endpointId, id: work.deliveryId };
  const target = (await deps.targets.forCompany(work.company)).find(
    (t) => t.endpoint.id === work.endpointId,
  );
  if (!target?.endpoint.enabled) {
    await deps.log.change(key, (d) => ({
      ...(d ?? fromWork(work)),
      status: 'cancelled',
      nextAttemptAt: null,
      updatedAt: new Date().toISOString(),
    }));
    msg.ack();
    return;
  }
  const current = await deps.log.get(work.company, work.endpointId, work.deliveryId);
  if (current && current.status !== 'pending') {
    // Finished already (an ack lost in a crash): not sent twice.
    msg.ack();
    return;
  }
  // The place in the schedule counts attempts made, not redeliveries (a config outage naks too);
  // a "send again" starts a new round.
  const number = nextNumber(current);
  const n = number - (current?.roundStartAttempt ?? 1) + 1;
  const result = await postWebhook(
    {
      url: target.endpoint.url,
      secret: target.secret,
      webhookId: work.webhookId,
      body: JSON.stringify(work.payload),
    },
    { guard: deps.guard, timeoutMs: deps.settings.timeoutMs, attempt: number },
  );
  const delay = result.succeeded ? null : nextDelayMs(deps.settings.schedule, n);
  const status = result.succeeded ? 'succeeded' : delay === null ? 'failed' : 'pending';
  await deps.log.change(key, (d) => record(d ?? fromWork(work), result, status, delay));
  if (status === 'pending') {
    msg.nak(delay ?? 0);
    return;
  }
  msg.ack();
  const dims = { company: work.company, endpointId: work.endpointId, deliveryId: work.deliveryId };
  if (status === 'succeeded') {
    deps.telemetry.emit('webhook-delivered', { ...dims, attempts: n });
  } else {
    deps.telemetry.emit('webhook-delivery-failed', {
      ...dims,
      attempts: n,
      error: result.error,
      responseCode: result.responseCode,
    });
  }
  await countOutcome(deps, work.company, work.endpointId, status === 'succeeded');
}

/** Counts a finished delivery into its endpoint's health; disables an endpoint that keeps failing. */
async function countOutcome(
  deps: SenderDeps,
  company: string,
  endpointId: string,
  succeeded: boolean,
): Promise<void> {
  const health = await deps.log.recordOutcome(company, endpointId, succeeded);
  const limit = deps.settings.disableAfter;
  if (succeeded || limit === 0 || health.consecutiveFailures < limit) {
    return;
  }
  const reason = `The last ${health.consecutiveFailures} deliveries failed after every retry (failing since ${health.failingSince}).`;
  if (await deps.targets.disable(company, endpointId, reason)) {
    deps.telemetry.emit('webhook-endpoint-disabled', {
      company,
      endpointId,
      consecutiveFailures: health.consecutiveFailures,
      failingSince: health.failingSince,
      reason,
    });
  }
}

function record(
  d: WebhookDelivery,
  result: WebhookAttempt,
  status: WebhookDelivery['status'],
  delay: number | null,
): WebhookDelivery {
  const now = Date.now();
  return {
    ...d,
    status,
    attempts: withAttempt(d.attempts, result),
    nextAttemptAt: status === 'pending' ? new Date(now + (delay ?? 0)).toISOString() : null,
    updatedAt: new Date(now).toISOString(),
  };
}

function safeJson(data: Uint8Array): unknown {
  try {
    return JSON.parse(new TextDecoder().decode(data));
  } catch {
    return null;
  }
}
