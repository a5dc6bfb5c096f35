/**
 * One durable pull consumer per account on the outbox work queue (filter =
 * that account's subject). Every replica pulls from the same consumer, so an
 * account's email is shared out, and a throttled account's consumer simply is
 * not pulled from — it never blocks another account's (no head-of-line blocking).
 * @module
 */
import type { Consumer, JetStreamClient, JetStreamManager } from '@nats-io/jetstream';
import { ensureDurable, Streams, Subjects } from '@verzend/shared';

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
  open(company: string, accountId: string): Promise<Consumer> {
    const ref = {
      stream: Streams.outbox.name,
      durable: consumerName(company, accountId),
      filter: Subjects.outbox(company, accountId),
    };
    // Attempts are counted on the email record (per account max attempts), not by JetStream.
    return ensureDurable(this.#js, this.#jsm, ref, {
      ackWaitMs: this.#ackWaitMs,
      maxAckPending: 10_000,
      // The server removes consumers of accounts that stopped sending; the next email recreates it.
      inactiveMs: this.#inactiveMs,
    });
  }
}
