/**
 * The message on the webhook work queue (`verzend.webhooks.<company>.<endpointId>`):
 * one delivery waiting for its next attempt. It carries what an attempt needs
 * except the secret (fetched sealed from config at each attempt, so a rotated
 * secret applies at once) and stays in the stream until the delivery succeeds
 * or is given up: retries are naks with a delay, so they survive a restart.
 * @module
 */
import type { JetStreamClient } from '@nats-io/jetstream';
import { Subjects, type WebhookDelivery } from '@verzend/shared';
import { z } from 'zod';

/** One delivery to make. */
export const WebhookWork = z.object({
  deliveryId: z.string(),
  company: z.string(),
  endpointId: z.string(),
  webhookId: z.string(),
  type: z.string(),
  payload: z.record(z.string(), z.unknown()),
  /** 0 for the first delivery, n for the n-th "send again". */
  resend: z.number().int().nonnegative().default(0),
});
export type WebhookWork = z.infer<typeof WebhookWork>;

/** The body a status change is delivered as: Standard Webhooks' `{ type, timestamp, data }`. */
export function webhookBody(type: string, timestamp: string, data: Record<string, unknown>) {
  return { type, timestamp, data };
}

/**
 * Queues a delivery. The message id makes a repeat of the same publish (a
 * fan-out redone after a crash) a no-op within the stream's day-long window.
 */
export async function queueWork(js: JetStreamClient, work: WebhookWork): Promise<void> {
  await js.publish(Subjects.webhook(work.company, work.endpointId), JSON.stringify(work), {
    msgID: `${work.company}.${work.endpointId}.${work.deliveryId}.${work.resend}`,
  });
}

/**
 * The pending record of a queued delivery: written by the fan-out before it queues the work,
 * and made again by the sender for a delivery whose record is gone (the log forgets after 7 days).
 */
export function fromWork(work: WebhookWork): WebhookDelivery {
  const time = new Date().toISOString();
  return {
    id: work.deliveryId,
    company: work.company,
    endpointId: work.endpointId,
    webhookId: work.webhookId,
    type: work.type,
    status: 'pending',
    attempts: [],
    roundStartAttempt: 1,
    nextAttemptAt: time,
    createdAt: time,
    updatedAt: time,
    payload: work.payload,
  };
}
