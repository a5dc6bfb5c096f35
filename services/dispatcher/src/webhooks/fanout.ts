/**
 * The webhook fan-out: a durable consumer on the status stream that turns each
 * status change into one delivery per enabled endpoint of its company that
 * wants its kind (and existed when it happened), queued on the webhook work
 * queue and recorded as pending. The status message is acked only after that,
 * so a crash in between repeats the fan-out, which the delivery ids and
 * message ids make harmless.
 * @module
 */
import {
  type Consumer,
  DeliverPolicy,
  type JetStreamClient,
  type JetStreamManager,
  type JsMsg,
} from '@nats-io/jetstream';
import {
  backoffMs,
  Consumers,
  ensureDurable,
  type Logger,
  StatusUpdate,
  webhookWants,
} from '@verzend/shared';
import { type DeliveryLog, deliveryId } from './deliveries';
import type { WebhookTargetSource } from './targets';
import { fromWork, queueWork, webhookBody } from './work';

/** What the fan-out needs. */
export interface FanoutDeps {
  js: JetStreamClient;
  jsm: JetStreamManager;
  targets: WebhookTargetSource;
  log: DeliveryLog;
  logger: Logger;
}

/**
 * The fan-out consumer's ack wait. Heartbeats keep a message in hand alive, so it bounds only a
 * delivery or ack lost with a NATS node or a dead replica.
 */
export const FANOUT_ACK_WAIT_MS = 10_000;

/** Creates or updates the fan-out's durable consumer on the status stream. */
export function openFanoutConsumer(deps: FanoutDeps): Promise<Consumer> {
  return ensureDurable(deps.js, deps.jsm, Consumers.webhookFanout, {
    ackWaitMs: FANOUT_ACK_WAIT_MS,
    maxAckPending: 1_000,
    // Old changes are skipped by endpoint creation time, not by where the consumer starts.
    deliverPolicy: DeliverPolicy.All,
  });
}

/**
 * The company a status message is about, from its subject `verzend.status.<company>.<kind>`
 * (only the status relay publishes there); undefined for any other subject.
 */
export function statusCompany(subject: string): string | undefined {
  const [root, stream, company] = subject.split('.', 3);
  return root === 'verzend' && stream === 'status' && company ? company : undefined;
}

/** Fans one status message out; acks it, or naks it for later when config cannot be asked. */
export async function fanOut(msg: JsMsg, deps: FanoutDeps): Promise<void> {
  const skip = () => {
    deps.logger.warn({ seq: msg.seq, subject: msg.subject }, 'not a status change; skipped');
    msg.term();
  };
  const company = statusCompany(msg.subject);
  if (!company) {
    skip();
    return;
  }
  let targets: Awaited<ReturnType<WebhookTargetSource['forCompany']>>;
  try {
    targets = await deps.targets.forCompany(company);
  } catch (err) {
    const delay = backoffMs(msg.info.deliveryCount, {
      baseMs: 1_000,
      maxMs: 60_000,
      jitter: 'equal',
    });
    deps.logger.warn({ err, company }, 'webhook endpoints not readable; later');
    msg.nak(delay);
    return;
  }
  // Most companies have no endpoint, or none enabled: their changes need not be read at all.
  if (!targets.some(({ endpoint }) => endpoint.enabled)) {
    msg.ack();
    return;
  }
  const parsed = StatusUpdate.safeParse(safeJson(msg.data));
  if (!parsed.success || parsed.data.company !== company) {
    skip();
    return;
  }
  const status = parsed.data;
  const at = new Date(Date.parse(status.at) || Date.now());
  const body = webhookBody(status.kind, at.toISOString(), status);
  for (const { endpoint } of targets) {
    if (
      !endpoint.enabled ||
      !webhookWants(endpoint.kinds, status.kind) ||
      Date.parse(endpoint.createdAt) > at.getTime()
    ) {
      continue;
    }
    const id = deliveryId(at, `${status.id}|${endpoint.id}`);
    const work = {
      deliveryId: id,
      company: status.company,
      endpointId: endpoint.id,
      webhookId: status.id,
      type: status.kind,
      payload: body,
      resend: 0,
    };
    // Recorded before it is queued, so the sender always finds the record it updates.
    await deps.log.create(fromWork(work));
    await queueWork(deps.js, work);
  }
  msg.ack();
}

function safeJson(data: Uint8Array): unknown {
  try {
    return JSON.parse(new TextDecoder().decode(data));
  } catch {
    return null;
  }
}
