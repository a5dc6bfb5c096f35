/**
 * How an attempt ends, on record (step 5 of
 * docs/adr/0007-outbox-on-jetstream-and-crash-safety.md): Sent, then ack; a
 * transient error retried later (the record says when, the message is nakked
 * with the backoff); or Failed for good (ack) — deciding by the error's `retry`
 * alone. Metrics and telemetry follow each record.
 * @module
 */
import type { JsMsg } from '@nats-io/jetstream';
import type { Account, SendResult } from '@verzend/connectors';
import {
  type AppError,
  type Attempt,
  backoffMs,
  type Telemetry,
  toAppError,
} from '@verzend/shared';
import type { AttemptError } from '../emails/lifecycle';
import type { EmailRecords, VersionedEmail } from '../emails/records';
import { retryDelayMs } from './backoff';
import type { DispatchMetrics } from './metrics';

/** The outbox message being settled, with the request id of the work it carries (ADR-0030). */
export interface Delivery {
  msg: JsMsg;
  requestId: string;
}

/** What {@link Outcomes} needs. */
export interface OutcomeDeps {
  records: EmailRecords;
  telemetry: Telemetry;
  metrics: DispatchMetrics;
  baseBackoffMs: number;
  maxBackoffMs: number;
}

/** Retries a write that must not be lost for a few seconds (NATS reconnects take about one). */
async function persist<T>(write: () => Promise<T>, tries = 8): Promise<T> {
  for (let i = 1; ; i++) {
    try {
      return await write();
    } catch (err) {
      if (i >= tries || toAppError(err).code === 'NOT_FOUND') {
        throw err;
      }
      await new Promise((r) => setTimeout(r, backoffMs(i, { baseMs: 200, maxMs: 2_000 })));
    }
  }
}

/** Records the end of attempts and settles their messages. */
export class Outcomes {
  readonly #d: OutcomeDeps;

  constructor(deps: OutcomeDeps) {
    this.#d = deps;
  }

  /** Records Sent, then acks (step 5). */
  async sent(
    { msg, requestId }: Delivery,
    processing: VersionedEmail,
    attemptNo: number,
    result: SendResult,
  ): Promise<void> {
    const now = new Date().toISOString();
    // The provider has the email: losing this write would send it again after redelivery,
    // so a NATS hiccup (reconnect, leader change) is ridden out rather than given up on.
    const done = await persist(() =>
      this.#d.records.transition(
        processing.value.company,
        processing.value.id,
        {
          type: 'sent',
          attempt: attemptNo,
          providerStatus: result.providerStatus,
          providerMessageId: result.providerMessageId,
          response: result.response ?? null,
        },
        { start: processing, at: now },
      ),
    );
    // Step 5: ack only once the record says Sent (a lost ack only causes a redelivery that is dropped).
    msg.ack();
    const rec = done.value;
    const labels = {
      ...this.#d.metrics.account(rec.company, rec.accountId),
      connector: rec.connector,
    };
    this.#d.metrics.sends.inc({ ...labels, outcome: 'sent' });
    const queuedAt = [...rec.history].reverse().find((h) => h.status === 'queued')?.at;
    if (queuedAt) {
      this.#d.metrics.acceptToSentSeconds.observe(
        this.#d.metrics.account(rec.company, rec.accountId),
        (Date.parse(now) - Date.parse(queuedAt)) / 1000,
      );
    }
    this.#d.telemetry.emit(
      'email-sent',
      {
        company: rec.company,
        emailId: rec.id,
        accountId: rec.accountId,
        connector: rec.connector,
        attempt: attemptNo,
        providerStatus: result.providerStatus,
      },
      requestId,
    );
  }

  /** Records a failed attempt: retried later (nak with backoff) or failed for good (ack). */
  async failedAttempt(
    delivery: Delivery,
    processing: VersionedEmail,
    attemptNo: number,
    account: Account,
    error: AppError,
  ): Promise<void> {
    const rec = processing.value;
    const providerStatus =
      'providerStatus' in error && typeof error.providerStatus === 'number'
        ? error.providerStatus
        : null;
    const attemptError: AttemptError = { message: error.message, code: error.code, providerStatus };
    const firstAttempt = rec.dispatch?.firstAttempt ?? 1;
    const attemptsThisDispatch = attemptNo - firstAttempt + 1;
    const labels = {
      ...this.#d.metrics.account(rec.company, rec.accountId),
      connector: rec.connector,
    };
    if (error.retry && attemptsThisDispatch < account.maxAttempts) {
      const delay = retryDelayMs(
        attemptsThisDispatch,
        { baseMs: this.#d.baseBackoffMs, maxMs: this.#d.maxBackoffMs },
        error.retryAfterSeconds,
      );
      const next = new Date(Date.now() + delay).toISOString();
      await this.#d.records.transition(
        rec.company,
        rec.id,
        { type: 'retry', attempt: attemptNo, error: attemptError, nextAttemptAt: next },
        { start: processing },
      );
      delivery.msg.nak(delay);
      this.#d.metrics.sends.inc({ ...labels, outcome: 'transient-error' });
      this.#d.telemetry.emit(
        'email-retried',
        {
          company: rec.company,
          emailId: rec.id,
          accountId: rec.accountId,
          connector: rec.connector,
          attempt: attemptNo,
          errorCode: error.code,
          providerStatus,
          retryInMs: delay,
        },
        delivery.requestId,
      );
      return;
    }
    const exhausted = error.retry;
    if (exhausted) {
      this.#d.telemetry.emit(
        'max-attempts-reached',
        {
          company: rec.company,
          emailId: rec.id,
          accountId: rec.accountId,
          connector: rec.connector,
          attempts: attemptsThisDispatch,
          maxAttempts: account.maxAttempts,
        },
        delivery.requestId,
      );
    }
    const reason = exhausted
      ? `Gave up after ${attemptsThisDispatch} attempts: ${error.message}`
      : error.message;
    this.#d.metrics.sends.inc({
      ...labels,
      outcome: exhausted ? 'transient-error' : 'permanent-error',
    });
    await this.fail(
      delivery,
      processing,
      attemptNo,
      error,
      reason,
      exhausted ? 'transient-error' : 'permanent-error',
      providerStatus,
    );
  }

  /** Records the email as failed for good and acks its message. */
  async fail(
    { msg, requestId }: Delivery,
    from: VersionedEmail,
    attemptNo: number | null,
    error: AppError,
    reason: string,
    outcome: Attempt['outcome'] = 'permanent-error',
    providerStatus: number | null = null,
  ): Promise<void> {
    const rec = from.value;
    // `from` may be older than the record (a re-read after a lost race): the lifecycle
    // never fails an email that was finished or re-queued meanwhile.
    const done = await this.#d.records.transition(
      rec.company,
      rec.id,
      {
        type: 'fail',
        generation: rec.dispatch?.generation ?? 1,
        attempt: attemptNo,
        outcome,
        error: { message: error.message, code: error.code, providerStatus },
        reason,
      },
      { start: from },
    );
    msg.ack();
    if (done.refusal) {
      return;
    }
    this.#d.telemetry.emit(
      'email-failed',
      {
        company: rec.company,
        emailId: rec.id,
        accountId: rec.accountId,
        connector: rec.connector,
        errorCode: error.code,
        providerStatus,
        reason: reason.slice(0, 500),
      },
      requestId,
    );
  }
}
