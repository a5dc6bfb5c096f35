/**
 * One delivery of a posting event from the stream: validate, de-duplicate
 * and claim through our own record, run the pipeline, record the outcome,
 * and say whether to ack or to redeliver later. Independent of NATS so the
 * rules are unit-tested; {@link ./consumer} applies the decision (ADR-0012).
 * @module
 */
import {
  type AppError,
  backoffMs,
  DocumentPostedEvent,
  eventMessageId,
  type Logger,
  Subjects,
  type TelemetryDims,
  type TelemetryEventName,
  toAppError,
  UnavailableError,
} from '@verzend/shared';
import type { IntakeMetrics } from './metrics';
import type { Outcome } from './pipeline';
import type { EventStore, StoredEvent, VersionedEvent } from './store';

/** What to do with the message. */
export type Disposition =
  | { action: 'ack'; result: 'queued' | 'draft' | 'skipped' | 'failed' | 'duplicate' }
  | { action: 'nak'; delayMs: number; reason: string }
  | { action: 'term'; reason: string };

/** Where and how often this message was delivered. */
export interface Delivery {
  subject: string;
  /** Stream sequence. */
  seq: number;
  /** 1 on the first delivery. */
  deliveryCount: number;
  /** The publisher's `Nats-Msg-Id`, when it set one. */
  msgId?: string | undefined;
  /** The request id the event carries (or one made for it): passed on to the pipeline. */
  requestId?: string;
}

/** Emits telemetry (the shared {@link Telemetry} class fits). */
export interface TelemetrySink {
  emit(event: TelemetryEventName, dims: TelemetryDims, requestId?: string): void;
}

/** Dependencies of {@link handleDelivery}. */
export interface HandlerDeps {
  store: EventStore;
  /** Runs the pipeline; `receivedAt` (first receipt, stable across redeliveries) fixes the email id. */
  process: (
    event: DocumentPostedEvent,
    context: {
      receivedAt: string;
      firstTry: boolean;
      requestId?: string;
      onRendered: () => Promise<void>;
    },
  ) => Promise<Outcome>;
  telemetry: TelemetrySink;
  logger: Logger;
  metrics?: IntakeMetrics;
  /** Deliveries before a transient failure is recorded as failed (≥ 1). */
  maxAttempts: number;
  /**
   * How long after its receipt an event whose processing met an outage (the message bus or
   * a service unavailable or not answering) is still retried once its attempts are spent
   * (default 0: attempts alone decide). An outage says nothing about the event, so it should
   * not fail invoices that a minute's patience would have sent.
   */
  outageRetryMs?: number;
  /** Delay before delivery `attempt + 1`, after `attempt` failed transiently. */
  backoffMs: (attempt: number) => number;
  now?: () => Date;
}

/** Capped exponential backoff with ±20 % jitter, so a crowd of retries does not arrive at once. */
export function exponentialBackoff(baseMs: number, capMs: number): (attempt: number) => number {
  return (attempt) =>
    Math.round(backoffMs(attempt, { baseMs, maxMs: capMs, jitter: { spread: 0.2 } }));
}

/** A failure of the infrastructure rather than of the event: the bus or a service did not answer. */
function isOutage(err: AppError): boolean {
  return err instanceof UnavailableError && (err.code === 'UNAVAILABLE' || err.code === 'TIMEOUT');
}

/** Statuses of a finished event (`sent`: its email followed to sent, ADR-0023). */
const terminal = new Set(['queued', 'sent', 'draft', 'skipped', 'failed']);

function parse(data: Uint8Array): DocumentPostedEvent | string {
  let raw: unknown;
  try {
    raw = JSON.parse(new TextDecoder().decode(data));
  } catch {
    return 'the payload is not JSON';
  }
  const result = DocumentPostedEvent.safeParse(raw);
  if (!result.success) {
    const first = result.error.issues[0];
    return `the payload is not a DocumentPostedEvent (${first ? `${first.path.join('.') || '(root)'}: ${first.message}` : 'invalid'})`;
  }
  return result.data;
}

/** True when a message id is `<company>.<eventId>`, or that with a suffix (a retry's republish). */
export function namesEvent(msgId: string, event: DocumentPostedEvent): boolean {
  const base = eventMessageId(event.company, event.eventId);
  return msgId === base || msgId.startsWith(`${base}.`);
}

/**
 * Claims the event for this delivery. Returns the record and revision to
 * continue with, or null when another delivery owns or already finished it.
 */
async function claim(
  event: DocumentPostedEvent,
  delivery: Delivery,
  store: EventStore,
  now: string,
): Promise<VersionedEvent | null> {
  for (let tries = 0; tries < 5; tries++) {
    const existing = await store.get(event.company, event.eventId);
    if (!existing) {
      const fresh: StoredEvent = {
        eventId: event.eventId,
        company: event.company,
        documentType: event.documentType,
        documentNo: event.documentNo,
        status: 'processing',
        reason: null,
        errorCode: null,
        emailId: null,
        attempts: 1,
        receivedAt: now,
        updatedAt: now,
        claimSeq: delivery.seq,
        sourceSeq: delivery.seq,
      };
      const revision = await store.create(fresh);
      if (revision !== null) {
        return { value: fresh, revision };
      }
      continue;
    }
    const { value } = existing;
    if (terminal.has(value.status)) {
      return null;
    }
    if (
      (value.status === 'processing' || value.status === 'rendered') &&
      value.claimSeq !== null &&
      value.claimSeq !== delivery.seq
    ) {
      // Another message carrying the same event owns it; if its processor dies, that message is redelivered.
      return null;
    }
    const claimed: StoredEvent = {
      ...value,
      status: 'processing',
      attempts: value.attempts + 1,
      claimSeq: delivery.seq,
      sourceSeq: value.sourceSeq ?? delivery.seq,
      updatedAt: now,
    };
    try {
      return { value: claimed, revision: await store.update(claimed, existing.revision) };
    } catch {
      // Lost a race with another delivery; look again.
    }
  }
  return null;
}

/**
 * Writes the owner's final or interim state; re-reads once if the revision moved under it.
 * Returns the record as written, to continue from.
 */
async function record(
  store: EventStore,
  claimed: VersionedEvent,
  next: StoredEvent,
): Promise<VersionedEvent> {
  try {
    return { value: next, revision: await store.update(next, claimed.revision) };
  } catch (err) {
    const current = await store.get(next.company, next.eventId);
    if (!current || current.value.claimSeq !== claimed.value.claimSeq) {
      throw err;
    }
    return { value: next, revision: await store.update(next, current.revision) };
  }
}

/**
 * Handles one delivery.
 * Never throws for a bad event or a failed pipeline: those are recorded. It
 * throws (→ redelivery) only when the record itself cannot be read or written.
 */
export async function handleDelivery(
  data: Uint8Array,
  delivery: Delivery,
  deps: HandlerDeps,
): Promise<Disposition> {
  const now = () => (deps.now ? deps.now() : new Date()).toISOString();
  const started = performance.now();
  const parsed = parse(data);
  if (typeof parsed === 'string') {
    deps.metrics?.count('invalid');
    deps.logger.warn({ subject: delivery.subject, seq: delivery.seq }, `dropping event: ${parsed}`);
    return { action: 'term', reason: parsed };
  }
  const event = parsed;
  // Publish permissions are per company subject: an event must not claim another company.
  if (delivery.subject !== Subjects.event(event.company, event.documentType)) {
    deps.metrics?.count('invalid');
    deps.logger.warn(
      { subject: delivery.subject, seq: delivery.seq },
      'dropping event: its company or document type does not match the subject',
    );
    return { action: 'term', reason: 'the event does not match its subject' };
  }
  // The stream de-duplicates on the message id: one that does not name this company's event
  // could make the stream drop another company's event (docs/events.md, "Message ids").
  if (delivery.msgId !== undefined && !namesEvent(delivery.msgId, event)) {
    deps.metrics?.count('invalid');
    deps.logger.warn(
      { subject: delivery.subject, seq: delivery.seq, company: event.company },
      'dropping event: its Nats-Msg-Id is not <company>.<eventId>',
    );
    return { action: 'term', reason: 'the message id does not name the company and event id' };
  }
  const dims = {
    company: event.company,
    eventId: event.eventId,
    documentType: event.documentType,
    documentNo: event.documentNo,
  };

  const first = await claim(event, delivery, deps.store, now());
  if (!first) {
    deps.metrics?.count('duplicate');
    deps.logger.debug({ ...dims, seq: delivery.seq }, 'duplicate event acknowledged');
    return { action: 'ack', result: 'duplicate' };
  }
  let claimed: VersionedEvent = first;
  if (claimed.value.attempts === 1) {
    deps.telemetry.emit('event-received', dims);
  }

  let outcome: Outcome;
  try {
    outcome = await deps.process(event, {
      receivedAt: first.value.receivedAt,
      firstTry: first.value.attempts === 1,
      ...(delivery.requestId ? { requestId: delivery.requestId } : {}),
      // Rendered is on record (and announced) before the email is queued.
      onRendered: async () => {
        claimed = await record(deps.store, claimed, {
          ...claimed.value,
          status: 'rendered',
          updatedAt: now(),
        });
      },
    });
  } catch (err) {
    // Errors nobody named (a dropped connection, a KV hiccup) come back retryable from toAppError.
    const appErr = toAppError(err);
    const transient = appErr.retry;
    const reason = appErr.message;
    const attemptsLeft = delivery.deliveryCount < deps.maxAttempts;
    const outageUntil = Date.parse(first.value.receivedAt) + (deps.outageRetryMs ?? 0);
    const riding = !attemptsLeft && isOutage(appErr) && Date.now() < outageUntil;
    if (transient && (attemptsLeft || riding)) {
      const delayMs = deps.backoffMs(delivery.deliveryCount);
      await record(deps.store, claimed, {
        ...claimed.value,
        reason: attemptsLeft
          ? `Attempt ${delivery.deliveryCount} of ${deps.maxAttempts} failed, retrying: ${reason}`
          : `Attempt ${delivery.deliveryCount} failed during an outage, retrying until ${new Date(outageUntil).toISOString()}: ${reason}`,
        errorCode: appErr.code,
        nextAttemptAt: new Date(Date.now() + delayMs).toISOString(),
        lastError: { code: appErr.code, text: reason },
        updatedAt: now(),
      });
      deps.metrics?.count('retried');
      deps.logger.info({ ...dims, err: appErr, delayMs }, 'event will be retried');
      return { action: 'nak', delayMs, reason };
    }
    await record(deps.store, claimed, {
      ...claimed.value,
      status: 'failed',
      reason,
      errorCode: appErr.code,
      lastError: { code: appErr.code, text: reason },
      claimSeq: null,
      nextAttemptAt: null,
      updatedAt: now(),
    });
    deps.metrics?.count('failed');
    deps.telemetry.emit('event-failed', { ...dims, code: appErr.code, reason });
    return { action: 'ack', result: 'failed' };
  }

  const recordStarted = performance.now();
  await record(deps.store, claimed, {
    ...claimed.value,
    status: outcome.status,
    reason: outcome.reason,
    errorCode: null,
    lastError: null,
    emailId: outcome.emailId,
    messageId: outcome.messageId,
    scenario: outcome.scenario,
    usage: outcome.usage,
    sendingProfile: outcome.sendingProfile,
    subject: outcome.subject,
    warnings: outcome.warnings,
    claimSeq: null,
    nextAttemptAt: null,
    updatedAt: now(),
  });
  deps.metrics?.observe({
    ...outcome.timings,
    record: performance.now() - recordStarted,
    total: performance.now() - started,
  });
  deps.metrics?.count(outcome.status);
  if (outcome.status === 'skipped') {
    deps.telemetry.emit('event-skipped', { ...dims, reason: outcome.reason });
  } else {
    deps.telemetry.emit('event-processed', {
      ...dims,
      status: outcome.status,
      emailId: outcome.emailId,
      scenario: outcome.scenario,
    });
  }
  return { action: 'ack', result: outcome.status };
}
