/**
 * Puts outbox pointers on JetStream. The message id (`<emailId>.<generation>`)
 * makes a re-publish of the same dispatch a no-op within the stream's
 * duplicate window, and the generation header lets the sender drop a stale
 * pointer of an earlier dispatch (e.g. cancel → send again).
 * @module
 */
import type { JetStreamClient } from '@nats-io/jetstream';
import { headers } from '@nats-io/nats-core';
import {
  type EmailRecord,
  NATS_RETRY_AFTER_S,
  type OutboxMessage,
  Subjects,
  Tracing,
  toAppError,
  UnavailableError,
} from '@verzend/shared';
import { GENERATION_HEADER } from '../emails/ids';

/** Where a pointer landed. */
export interface PublishedPointer {
  seq: number;
  /** JetStream already had a message with this id (within the duplicate window). */
  duplicate: boolean;
}

/** Publishes outbox pointers. */
export class OutboxPublisher {
  readonly #js: JetStreamClient;
  readonly #tracing: Tracing;

  /** @param tracing carries the trace of the accepting work to the sender. */
  constructor(js: JetStreamClient, tracing: Tracing = Tracing.off) {
    this.#js = js;
    this.#tracing = tracing;
  }

  /**
   * Publishes the pointer of the record's current dispatch; resolves once JetStream stored it.
   * @param opts.after a stream sequence to make the message id unique: re-publishes a pointer
   *   whose first copy (at that sequence) may already have been consumed, which the duplicate
   *   window would otherwise swallow.
   * @param opts.requestId the request id of the accepting work, for the sender's log lines.
   * @returns the stream sequence, and whether JetStream had that message id already.
   */
  async publish(
    record: EmailRecord,
    opts: { after?: number; requestId?: string } = {},
  ): Promise<PublishedPointer> {
    const { after, requestId } = opts;
    const generation = record.dispatch?.generation ?? 1;
    const message: OutboxMessage = {
      company: record.company,
      emailId: record.id,
      accountId: record.accountId,
    };
    const h = headers();
    h.set(GENERATION_HEADER, String(generation));
    this.#tracing.inject(h, requestId);
    try {
      const ack = await this.#js.publish(
        Subjects.outbox(record.company, record.accountId),
        JSON.stringify(message),
        {
          msgID:
            after === undefined
              ? `${record.id}.${generation}`
              : `${record.id}.${generation}.${after}`,
          headers: h,
          timeout: 5_000,
        },
      );
      return { seq: ack.seq, duplicate: ack.duplicate };
    } catch (cause) {
      const known = toAppError(cause);
      if (known.code === 'INSUFFICIENT_STORAGE') {
        throw known;
      }
      throw new UnavailableError(
        'The outbox is not reachable right now; the email was not queued.',
        { cause, retryAfterSeconds: known.retryAfterSeconds ?? NATS_RETRY_AFTER_S },
      );
    }
  }
}
