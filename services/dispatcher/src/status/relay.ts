/**
 * A relay from a KV bucket's own stream (every write of every record) to the
 * status stream (ADR-0023). A durable pull consumer that replicas share: a
 * write is acked only once its status change is stored in `VERZEND_STATUS`
 * (and its follow-up done), so a relay that dies mid-way leaves the write to be
 * read again — by this replica after a restart or by another — and the change
 * is published at least once. Nothing on the send path waits for it.
 * @module
 */
import {
  DeliverPolicy,
  type JetStreamClient,
  type JetStreamManager,
  type JsMsg,
} from '@nats-io/jetstream';
import { type DurableRef, ensureDurable, type Logger, PullLoop } from '@verzend/shared';

/** Thrown by a handler that cannot finish yet: the write is read again after `delayMs`. */
export class RelayLater extends Error {
  readonly delayMs: number;
  constructor(reason: string, delayMs: number) {
    super(reason);
    this.name = 'RelayLater';
    this.delayMs = delayMs;
  }
}

/** One record write as the relay hands it on. */
export interface RecordWrite {
  data: Uint8Array;
  /** `$KV.<bucket>.<key>`. */
  subject: string;
  /** 1 on the first delivery. */
  deliveryCount: number;
}

/** Options of {@link KvRelay}. */
export interface KvRelayOptions {
  js: JetStreamClient;
  jsm: JetStreamManager;
  logger: Logger;
  consumer: DurableRef;
  /** Announces one write; resolves once it is durable elsewhere. Throw to have it read again. */
  handle: (write: RecordWrite) => Promise<void>;
  /** Writes handled at once by this replica (their publishes go out in stream order). */
  window: number;
  /** Time the server waits for an ack before another relay gets the write. */
  ackWaitMs: number;
}

/** Runs one relay on the shared {@link PullLoop} until {@link KvRelay.stop}. */
export class KvRelay {
  readonly #o: KvRelayOptions;
  #loop: PullLoop | undefined;

  constructor(opts: KvRelayOptions) {
    this.#o = opts;
  }

  /**
   * Creates or updates the durable consumer (every replica does it at start; a relay that
   * cannot have one fails to start), then pulls.
   */
  async start(): Promise<void> {
    const { js, jsm, logger, consumer, window, ackWaitMs } = this.#o;
    const open = () =>
      ensureDurable(js, jsm, consumer, {
        ackWaitMs,
        maxAckPending: Math.max(1_000, window * 4),
        // From the writes after the first start on: the records keep the state before it.
        deliverPolicy: DeliverPolicy.New,
      });
    await open();
    this.#loop = new PullLoop({
      // Asked again after a failed pull: a consumer lost with a NATS restart is made again.
      consumer: open,
      handle: (msg) => this.#handle(msg),
      capacity: window,
      // Short, because stop waits for the pull to end.
      pullExpiresMs: 1_000,
      ackWaitMs,
      logger,
      what: `the status relay ${consumer.durable}`,
    });
    this.#loop.start();
  }

  /** Stops pulling (at most a second) and waits for the writes in hand to be announced. */
  async stop(): Promise<void> {
    await this.#loop?.stop();
  }

  async #handle(msg: JsMsg): Promise<void> {
    const { logger } = this.#o;
    const settle = (fn: () => void) => {
      try {
        fn();
      } catch (err) {
        // A closing connection: the write is read again after the ack wait.
        logger.debug({ err, seq: msg.seq }, 'status relay could not settle a write');
      }
    };
    const op = msg.headers?.get('KV-Operation');
    if (op === 'DEL' || op === 'PURGE' || msg.data.length === 0) {
      settle(() => msg.ack());
      return;
    }
    try {
      await this.#o.handle({
        data: msg.data,
        subject: msg.subject,
        deliveryCount: msg.info.deliveryCount,
      });
      settle(() => msg.ack());
    } catch (err) {
      if (err instanceof RelayLater) {
        settle(() => msg.nak(err.delayMs));
        return;
      }
      logger.warn({ err, subject: msg.subject }, 'status change not published; trying again');
      settle(() => msg.nak(1_000));
    }
  }
}
