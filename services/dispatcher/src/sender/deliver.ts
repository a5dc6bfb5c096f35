/**
 * Delivers one outbox message: the crash-safe send sequence of
 * docs/adr/0007-outbox-on-jetstream-and-crash-safety.md.
 *
 * 1. Read the record; drop stale pointers (other generation, already final).
 * 2. Wait for a global slot (rate, concurrency, daily quota); the consuming loop heartbeats
 *    the message throughout.
 * 3. Record the attempt as in-flight (Processing) BEFORE calling the provider;
 *    a previous in-flight attempt found here was interrupted by a crash.
 * 4. Call the connector (timeout, heartbeats): `send-timeout.ts`.
 * 5. Record Sent, then ack; or record the error and retry (nak with backoff)
 *    or fail for good (ack), deciding by the error's `retry` alone: `outcome.ts`.
 *
 * Whether an attempt on record is still running (so a redelivered copy waits) is
 * `live-attempts.ts`.
 * @module
 */
import type { JsMsg } from '@nats-io/jetstream';
import type { Account, InstalledConnectors, SendResult } from '@verzend/connectors';
import {
  type AccountSecrets,
  type AppError,
  type BlobStore,
  DeliveryError,
  type EmailRecord,
  isCasConflict,
  type Logger,
  type OutboxMessage,
  SpanKind,
  type Telemetry,
  Tracing,
  toAppError,
} from '@verzend/shared';
import type { ConfigLookups } from '../accounts/config-client';
import { failIfTestCompany } from '../accounts/test-company';
import { GENERATION_HEADER } from '../emails/ids';
import { type EmailEvent, stale } from '../emails/lifecycle';
import type { EmailRecords, TransitionResult, VersionedEmail } from '../emails/records';
import type { Limiter, Slot } from '../throttle/limiter';
import type { SlotLimits } from '../throttle/slot-state';
import { LiveAttempts } from './live-attempts';
import { type BodyCache, outgoingMessage } from './message';
import type { DispatchMetrics } from './metrics';
import { type Delivery, Outcomes } from './outcome';
import { sendWithin } from './send-timeout';

/** Dependencies of {@link Deliverer}. */
export interface DelivererDeps {
  records: EmailRecords;
  config: ConfigLookups;
  connectors: InstalledConnectors;
  limiter: Limiter;
  /** Attachments are streamed from here. */
  blobs: BlobStore;
  bodies: BodyCache;
  telemetry: Telemetry;
  metrics: DispatchMetrics;
  logger: Logger;
  dispatcherId: string;
  ackWaitMs: number;
  sendTimeoutMs: number;
  baseBackoffMs: number;
  maxBackoffMs: number;
  /** Spans per delivery (throttle wait, provider call), continuing the trace of the email's acceptance. */
  tracing?: Tracing;
}

/** How long a pointer may wait for its record to be written. */
const ORPHAN_GRACE_MS = 30_000;

export { stale };

/** Limits of an account as the throttle reads them (window = the configured rate window). */
export function slotLimits(account: Account): SlotLimits {
  return {
    ratePerWindow: account.rateLimitPerMinute,
    concurrency: account.concurrencyLimit,
    dailyRecipientQuota: account.dailyRecipientQuota,
  };
}

/** Sends outbox messages. One instance per replica, shared by every account loop. */
export class Deliverer {
  readonly #d: DelivererDeps;
  readonly #tracing: Tracing;
  readonly #outcomes: Outcomes;
  readonly #live: LiveAttempts;
  readonly #versions = new Map<string, number>();

  constructor(deps: DelivererDeps) {
    this.#d = deps;
    this.#tracing = deps.tracing ?? Tracing.off;
    this.#outcomes = new Outcomes(deps);
    this.#live = new LiveAttempts(deps.limiter, deps.dispatcherId);
  }

  /** Handles one message. Never throws: every path acks, naks or terms. */
  handle(msg: JsMsg, signal: AbortSignal): Promise<void> {
    return this.#tracing.receive(
      msg.headers,
      'outbox deliver',
      {
        kind: SpanKind.CONSUMER,
        attributes: {
          'messaging.system': 'nats',
          'messaging.destination.name': msg.subject,
          'verzend.delivery': msg.info.deliveryCount,
        },
      },
      (_span, requestId) => this.#handleMessage(msg, signal, requestId),
    );
  }

  async #handleMessage(msg: JsMsg, signal: AbortSignal, requestId: string): Promise<void> {
    let pointer: OutboxMessage;
    try {
      pointer = msg.json<OutboxMessage>();
    } catch {
      msg.term('not an outbox message');
      return;
    }
    const generation = Number(msg.headers?.get(GENERATION_HEADER) ?? '1');
    // The consuming loop (PullLoop) keeps the message alive with heartbeats meanwhile.
    try {
      await this.#handle({ msg, requestId }, pointer, generation, signal);
    } catch (err) {
      // Infrastructure trouble (NATS down mid-way, config unreachable): let JetStream redeliver.
      this.#d.logger.warn(
        { err, emailId: pointer.emailId, request_id: requestId },
        'delivery interrupted; will retry',
      );
      msg.nak(1_000);
    }
  }

  /** True when the pointer goes on to the throttle: current dispatch, due now. */
  #proceeds(rec: EmailRecord, generation: number, seq: number): boolean {
    const due = Date.parse(rec.nextAttemptAt ?? rec.notBefore ?? '') || 0;
    return !stale(rec, generation, seq) && !(rec.status === 'queued' && due > Date.now() + 50);
  }

  async #handle(
    delivery: Delivery,
    pointer: OutboxMessage,
    generation: number,
    signal: AbortSignal,
  ): Promise<void> {
    const { msg, requestId } = delivery;
    const { records } = this.#d;
    const start = await records.findToSend(pointer.company, pointer.emailId);
    // Only a write would notice a stale copy; dropping or delaying must not rest on one.
    const found: VersionedEmail | null =
      start?.cached && !this.#proceeds(start.value, generation, msg.seq)
        ? await records.find(pointer.company, pointer.emailId)
        : start;
    if (!found) {
      // The pointer is written before the record: give the accepting replica a moment.
      // Older than the grace period, the accept failed or crashed midway: nothing to send.
      const ageMs = Date.now() - Number(msg.info.timestampNanos) / 1_000_000;
      if (ageMs < ORPHAN_GRACE_MS) {
        msg.nak(100);
      } else {
        msg.term('no email record');
      }
      return;
    }
    const rec = found.value;
    if (stale(rec, generation, msg.seq)) {
      msg.ack();
      return;
    }
    const due = Date.parse(rec.nextAttemptAt ?? rec.notBefore ?? '') || 0;
    if (rec.status === 'queued' && due > Date.now() + 50) {
      msg.nak(due - Date.now());
      return;
    }
    this.#d.bodies.warm(rec);
    if (await this.#live.running(rec)) {
      // A redelivery of a message whose send is still running (its sender paused past the ack
      // wait): sending again would duplicate it. Look again later; the live send acks it.
      msg.nak(this.#d.ackWaitMs);
      return;
    }

    let resolved: { account: Account; secrets: AccountSecrets };
    try {
      resolved = await this.#d.config.resolveAccount(rec.company, { accountId: rec.accountId });
    } catch (err) {
      const e = toAppError(err);
      if (e.retry) {
        msg.nak(2_000);
        return;
      }
      await this.#outcomes.fail(
        delivery,
        found,
        null,
        e,
        `The account can no longer be used: ${e.message}`,
      );
      return;
    }
    const { account, secrets } = resolved;
    const seen = this.#versions.get(account.id);
    if (seen !== undefined && seen !== account.version) {
      await this.#d.connectors.release(account.id);
    }
    this.#versions.set(account.id, account.version);

    const limits = slotLimits(account);
    const recipients = rec.to.length + rec.cc.length + rec.bcc.length;
    if (limits.dailyRecipientQuota > 0 && recipients > limits.dailyRecipientQuota) {
      await this.#outcomes.fail(
        delivery,
        found,
        null,
        new DeliveryError(
          'TOO_MANY_RECIPIENTS',
          `More recipients than the account's daily quota (${limits.dailyRecipientQuota}).`,
          { retry: false },
        ),
        `The email has ${recipients} recipients, more than the account's daily quota of ${limits.dailyRecipientQuota}.`,
      );
      return;
    }
    let throttledReported = false;
    const granted = await this.#tracing.span('throttle', {}, () =>
      this.#d.limiter.acquire(
        rec.company,
        account.id,
        limits,
        recipients,
        signal,
        (reason, retryAt) => {
          if (!throttledReported) {
            throttledReported = true;
            this.#d.telemetry.emit(
              'email-throttled',
              {
                company: rec.company,
                emailId: rec.id,
                accountId: account.id,
                connector: account.settings.connector,
                reason,
                retryAt: new Date(retryAt).toISOString(),
              },
              requestId,
            );
          }
        },
      ),
    );
    if (!granted || granted === 'hand-over') {
      // Shutting down, or other replicas hold every place of the account: they take it from the queue.
      msg.nak();
      return;
    }
    if (granted.waited) {
      this.#d.metrics.throttleWaitSeconds.observe(
        { ...this.#d.metrics.account(rec.company, account.id), reason: granted.waited.reason },
        granted.waited.waitedMs / 1000,
      );
    }
    await this.#sendWithSlot(delivery, found, generation, account, secrets, granted.slot);
  }

  /**
   * Records the attempt as in-flight. The record was read before the throttle wait; if it changed
   * meanwhile, another handler (a redelivered copy, this replica's or another's) may have started
   * this very email while this one waited, and deciding again on the new record would send it a
   * second time. So a lost race re-reads and re-checks: stale → ack; an attempt still running
   * elsewhere → nak for later (the live send acks it); otherwise try again. `undefined` when the
   * message was settled here.
   */
  async #startAttempt(
    msg: JsMsg,
    found: VersionedEmail,
    generation: number,
  ): Promise<TransitionResult | undefined> {
    const { records } = this.#d;
    const { company, id } = found.value;
    const event: EmailEvent = {
      type: 'start-attempt',
      generation,
      pointerSeq: msg.seq,
      dispatcherId: this.#d.dispatcherId,
    };
    let start: VersionedEmail | null = found;
    for (let tries = 0; ; tries++) {
      try {
        return await records.transition(company, id, event, { start, once: true });
      } catch (err) {
        if (!isCasConflict(err) || tries >= 20) {
          throw err;
        }
      }
      start = await records.find(company, id);
      if (!start || stale(start.value, generation, msg.seq)) {
        msg.ack();
        return undefined;
      }
      if (await this.#live.running(start.value, 1)) {
        msg.nak(this.#d.ackWaitMs);
        return undefined;
      }
    }
  }

  async #sendWithSlot(
    delivery: Delivery,
    found: VersionedEmail,
    generation: number,
    account: Account,
    secrets: AccountSecrets,
    slot: Slot,
  ): Promise<void> {
    const { msg } = delivery;
    const { limiter } = this.#d;
    let counted = false;
    const leave = this.#live.enter(found.value.company, found.value.id);
    try {
      // Step 3: the attempt is on record before the provider sees anything.
      // Starts from the record read before the wait: one write when nothing changed meanwhile.
      const processing = await this.#startAttempt(msg, found, generation);
      if (!processing) {
        return;
      }
      if (processing.refusal) {
        msg.ack();
        return;
      }
      const rec = processing.value;
      const attemptNo = rec.attempts.length;
      const message = await outgoingMessage(rec, attemptNo, this.#d.bodies, this.#d.blobs);
      const connector = this.#d.connectors.get(account.settings.connector);
      const guard = failIfTestCompany(this.#d.config, rec.company, connector);
      const began = performance.now();
      let result: SendResult | undefined;
      let failure: AppError | undefined;
      try {
        await guard;
        counted = true;
        result = await sendWithin(this.#d.sendTimeoutMs, (signal) =>
          this.#tracing.span(
            `${account.settings.connector} send`,
            {
              kind: SpanKind.CLIENT,
              attributes: {
                'verzend.connector': account.settings.connector,
                'verzend.email_id': rec.id,
                'verzend.attempt': attemptNo,
              },
            },
            () =>
              connector.send(message, {
                account,
                secrets,
                logger: this.#d.logger,
                telemetry: this.#d.telemetry,
                signal,
              }),
          ),
        );
      } catch (err) {
        failure = toAppError(err);
      }
      const seconds = (performance.now() - began) / 1000;
      this.#d.metrics.sendSeconds.observe(
        {
          ...this.#d.metrics.account(rec.company, account.id),
          connector: account.settings.connector,
        },
        seconds,
      );
      if (result) {
        await this.#outcomes.sent(delivery, processing, attemptNo, result);
      } else if (failure) {
        await this.#outcomes.failedAttempt(delivery, processing, attemptNo, account, failure);
      }
    } finally {
      leave();
      // Never fails: a release NATS refuses now is retried by the limiter until it goes through.
      await limiter.release(slot, counted);
    }
  }
}
