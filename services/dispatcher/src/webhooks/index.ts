/**
 * Webhooks (ADR-0024): the fan-out from the status stream, the sender on the
 * webhook work queue, and what the HTTP routes ask — the delivery log, "send
 * again" and the test ping. Every call names the caller's company, and every
 * endpoint and delivery is looked up in it.
 * @module
 */
import { randomUUID } from 'node:crypto';
import type { JetStreamClient, JetStreamManager } from '@nats-io/jetstream';
import type { KV } from '@nats-io/kv';
import {
  ConflictError,
  type Logger,
  NotFoundError,
  type OutboundGuard,
  PullLoop,
  type Telemetry,
  type WebhookDelivery,
} from '@verzend/shared';
import { DeliveryLog, deliveryId } from './deliveries';
import { FANOUT_ACK_WAIT_MS, fanOut, openFanoutConsumer } from './fanout';
import { postWebhook } from './http-post';
import { attempt, openSenderConsumer, type SenderSettings, senderAckWaitMs } from './sender';
import type { WebhookTarget, WebhookTargetSource } from './targets';
import { queueWork, webhookBody } from './work';

/** Settings of {@link startWebhooks}. */
export interface WebhookSettings extends SenderSettings {
  /** Run the fan-out and the sender in this replica (the routes are always served). */
  enabled: boolean;
  /** Attempts made at the same time by this replica. */
  concurrency: number;
}

/** What webhooks need. */
export interface WebhookDeps {
  js: JetStreamClient;
  jsm: JetStreamManager;
  kv: KV;
  targets: WebhookTargetSource;
  guard: OutboundGuard;
  telemetry: Telemetry;
  logger: Logger;
  settings: WebhookSettings;
}

/** What the webhook routes call. */
export interface WebhookApi {
  /** A page of an endpoint's deliveries, newest first. */
  deliveries(
    company: string,
    endpointId: string,
    limit: number,
    cursor?: string,
  ): Promise<{ items: WebhookDelivery[]; nextCursor: string | null }>;
  /** One delivery. */
  delivery(company: string, endpointId: string, id: string): Promise<WebhookDelivery>;
  /** Queues a finished delivery again (same webhook-id, the schedule starts over). */
  resend(company: string, endpointId: string, id: string): Promise<WebhookDelivery>;
  /** Posts a `webhook.ping` to the endpoint now, once, and returns the recorded delivery. */
  ping(company: string, endpointId: string): Promise<WebhookDelivery>;
}

/** Running webhooks. */
export interface RunningWebhooks {
  api: WebhookApi;
  stop(): Promise<void>;
}

/** Starts the fan-out and the sender (when enabled) and returns the routes' API. */
export function startWebhooks(deps: WebhookDeps): RunningWebhooks {
  const log = new DeliveryLog(deps.kv);
  const loops: PullLoop[] = [];
  if (deps.settings.enabled) {
    const fanoutDeps = { ...deps, log };
    const senderDeps = { ...deps, log };
    // Both on the shared loop: a pull asks only for free places, messages in hand are kept
    // alive, and a consumer that cannot be made yet (no stream, NATS restarting) is asked
    // for again after `retryMs`.
    loops.push(
      new PullLoop({
        consumer: () => openFanoutConsumer(fanoutDeps),
        handle: (msg) => fanOut(msg, fanoutDeps),
        capacity: 16,
        // Short, because stop waits for the pull to end.
        pullExpiresMs: 1_000,
        ackWaitMs: FANOUT_ACK_WAIT_MS,
        retryMs: 1_000,
        logger: deps.logger,
        what: 'the webhook fan-out',
      }),
      new PullLoop({
        consumer: () => openSenderConsumer(senderDeps),
        handle: (msg) => attempt(msg, senderDeps),
        capacity: deps.settings.concurrency,
        pullExpiresMs: 1_000,
        ackWaitMs: senderAckWaitMs(deps.settings),
        retryMs: 1_000,
        logger: deps.logger,
        what: 'the webhook sender',
      }),
    );
    for (const loop of loops) {
      loop.start();
    }
  }

  const endpoint = async (company: string, id: string): Promise<WebhookTarget> => {
    const target = await deps.targets.one(company, id);
    if (!target) {
      throw new NotFoundError(`No webhook endpoint ${id}.`, { extra: { field: 'endpointId' } });
    }
    return target;
  };
  const delivery = async (company: string, endpointId: string, id: string) => {
    const found = await log.get(company, endpointId, id);
    if (!found) {
      throw new NotFoundError(`No delivery ${id} of this endpoint.`, {
        extra: { field: 'deliveryId' },
      });
    }
    return found;
  };

  const api: WebhookApi = {
    async deliveries(company, endpointId, limit, cursor) {
      await endpoint(company, endpointId);
      return log.page(company, endpointId, limit, cursor);
    },
    async delivery(company, endpointId, id) {
      await endpoint(company, endpointId);
      return delivery(company, endpointId, id);
    },
    async resend(company, endpointId, id) {
      const target = await endpoint(company, endpointId);
      const d = await delivery(company, endpointId, id);
      if (!target.endpoint.enabled) {
        throw new ConflictError('The endpoint is disabled; enable it before sending again.');
      }
      if (d.status === 'pending') {
        throw new ConflictError('The delivery is still being attempted.');
      }
      if (d.type === 'webhook.ping') {
        throw new ConflictError('A test ping is not sent again; send a new one.');
      }
      const updated = await log.change({ company, endpointId, id }, (cur) => ({
        ...(cur ?? d),
        status: 'pending',
        roundStartAttempt: ((cur ?? d).attempts.at(-1)?.attempt ?? 0) + 1,
        nextAttemptAt: new Date().toISOString(),
        updatedAt: new Date().toISOString(),
      }));
      await queueWork(deps.js, {
        deliveryId: id,
        company,
        endpointId,
        webhookId: d.webhookId,
        type: d.type,
        payload: d.payload,
        // A new message id for every "send again" (the stream de-duplicates by it).
        resend: Date.now(),
      });
      return updated;
    },
    async ping(company, endpointId) {
      const target = await endpoint(company, endpointId);
      const now = new Date();
      const webhookId = `ping_${randomUUID()}`;
      const payload = webhookBody('webhook.ping', now.toISOString(), {
        company,
        endpointId,
        message: 'A test ping from Verzend.',
      });
      const result = await postWebhook(
        {
          url: target.endpoint.url,
          secret: target.secret,
          webhookId,
          body: JSON.stringify(payload),
        },
        { guard: deps.guard, timeoutMs: deps.settings.timeoutMs, attempt: 1 },
      );
      const record: WebhookDelivery = {
        id: deliveryId(now),
        company,
        endpointId,
        webhookId,
        type: 'webhook.ping',
        status: result.succeeded ? 'succeeded' : 'failed',
        attempts: [result],
        roundStartAttempt: 1,
        nextAttemptAt: null,
        createdAt: now.toISOString(),
        updatedAt: new Date().toISOString(),
        payload,
      };
      await log.create(record);
      return record;
    },
  };

  return {
    api,
    async stop() {
      await Promise.all(loops.map((l) => l.stop()));
    },
  };
}

export { ConfigWebhookTargets, type WebhookTarget, type WebhookTargetSource } from './targets';
