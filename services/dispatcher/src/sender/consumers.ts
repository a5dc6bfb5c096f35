/**
 * One durable pull consumer per account on the outbox work queue (filter =
 * that account's subject). Every replica pulls from the same consumer, so an
 * account's email is shared out, and a throttled account's consumer simply is
 * not pulled from — it never blocks another account's (no head-of-line blocking).
 * @module
 */
import {
  AckPolicy,
  type Consumer,
  DeliverPolicy,
  type JetStreamClient,
  type JetStreamManager,
} from '@nats-io/jetstream';
import { Streams, Subjects } from '@verzend/shared';

const NS = 1_000_000;

/** The durable consumer name of an account (tokens are already subject-safe). */
export function consumerName(company: string, accountId: string): string {
  return `outbox_${company}_${accountId}`;
}

/** Creates (idempotently) and opens per-account consumers. */
export class OutboxConsumers {
  readonly #jsm: JetStreamManager;
  readonly #js: JetStreamClient;
  readonly #ackWaitMs: number;
  readonly #inactiveMs: number;

  constructor(
    js: JetStreamClient,
    jsm: JetStreamManager,
    opts: { ackWaitMs: number; inactiveMs: number },
  ) {
    this.#js = js;
    this.#jsm = jsm;
    this.#ackWaitMs = opts.ackWaitMs;
    this.#inactiveMs = opts.inactiveMs;
  }

  /** Ensures the account's consumer exists and returns it. */
  async open(company: string, accountId: string): Promise<Consumer> {
    const name = consumerName(company, accountId);
    const config = {
      durable_name: name,
      filter_subject: Subjects.outbox(company, accountId),
      ack_policy: AckPolicy.Explicit,
      deliver_policy: DeliverPolicy.All,
      ack_wait: this.#ackWaitMs * NS,
      // Attempts are counted on the email record (per account max attempts), not by JetStream.
      max_deliver: -1,
      max_ack_pending: 10_000,
      // The server removes consumers of accounts that stopped sending; the next email recreates it.
      inactive_threshold: this.#inactiveMs * NS,
    };
    let info: Awaited<ReturnType<JetStreamManager['consumers']['info']>>;
    try {
      info = await this.#jsm.consumers.info(Streams.outbox.name, name);
      if (info.config.ack_wait !== config.ack_wait) {
        info = await this.#jsm.consumers.update(Streams.outbox.name, name, {
          ack_wait: config.ack_wait,
        });
      }
    } catch {
      info = await this.#jsm.consumers.add(Streams.outbox.name, config);
    }
    return this.#js.consumers.getConsumerFromInfo(info);
  }
}
