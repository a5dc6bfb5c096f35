/**
 * The durable pull consumer on the posting-event stream, consumed with the
 * shared {@link PullLoop}: it pulls only as many messages as it has free
 * processing slots, so a posting run of 5,000 invoices costs `concurrency`
 * events of memory, not 5,000 (ADR-0012).
 * Replicas share the durable consumer, so each event goes to one of them.
 * @module
 */
import type { JetStreamClient, JetStreamManager, JsMsg } from '@nats-io/jetstream';
import {
  Consumers,
  ensureDurable,
  forRequest,
  type Logger,
  PullLoop,
  SpanKind,
  Tracing,
} from '@verzend/shared';
import { type Delivery, type HandlerDeps, handleDelivery } from './handler';

/** Options of {@link IntakeConsumer}. */
export interface IntakeConsumerOptions extends HandlerDeps {
  js: JetStreamClient;
  jsm: JetStreamManager;
  logger: Logger;
  /** Events processed at the same time by this replica. */
  concurrency: number;
  /** Time the server waits for an ack before redelivering; processing sends heartbeats meanwhile. */
  ackWaitMs: number;
  /** Consumer spans per event, continuing the publisher's trace (absent: off). */
  tracing?: Tracing | undefined;
}

/** Runs the intake loop until {@link IntakeConsumer.stop}. */
export class IntakeConsumer {
  readonly #opts: IntakeConsumerOptions;
  #loop: PullLoop | undefined;

  constructor(opts: IntakeConsumerOptions) {
    this.#opts = opts;
  }

  /** Ensures the durable consumer and starts pulling. */
  async start(): Promise<void> {
    const { js, jsm, logger, concurrency, ackWaitMs } = this.#opts;
    // Created or updated by every replica at start; redeliveries are counted on the event
    // record (transient failures are retried with backoff).
    const open = () =>
      ensureDurable(js, jsm, Consumers.intake, { ackWaitMs, maxAckPending: 10_000 });
    await open();
    this.#loop = new PullLoop({
      // Asked again after a failed pull: a consumer lost with a NATS restart is made again.
      consumer: open,
      handle: (msg) => this.#traced(msg),
      capacity: concurrency,
      // Short, because stop waits for the pull to end.
      pullExpiresMs: 1_000,
      ackWaitMs,
      heartbeatMinMs: 1_000,
      logger,
      what: 'the posting-event intake',
    });
    this.#loop.start();
  }

  /** Stops pulling at once; {@link stop} then waits for the events in hand. */
  halt(): void {
    this.#loop?.halt();
  }

  /**
   * Stops pulling (the pull under way runs out, at most a second; what it still
   * brings is handed back at once) and waits for the events in flight to be
   * recorded and acked.
   */
  async stop(): Promise<void> {
    await this.#loop?.stop();
  }

  #traced(msg: JsMsg): Promise<void> {
    const tracing = this.#opts.tracing ?? Tracing.off;
    return tracing.receive(
      msg.headers,
      'intake event',
      {
        kind: SpanKind.CONSUMER,
        attributes: {
          'messaging.system': 'nats',
          'messaging.destination.name': msg.subject,
          'messaging.message.id': msg.headers?.get('Nats-Msg-Id') ?? '',
          'verzend.delivery': msg.info.deliveryCount,
        },
      },
      (_span, requestId) => this.#handle(msg, requestId),
    );
  }

  async #handle(msg: JsMsg, requestId: string): Promise<void> {
    const { telemetry } = this.#opts;
    // Every line and telemetry event of this event's handling carries its request id.
    const logger = forRequest(this.#opts.logger, requestId);
    const deps: HandlerDeps = {
      ...this.#opts,
      logger,
      telemetry: { emit: (event, dims) => telemetry.emit(event, dims, requestId) },
    };
    // Acks go over a connection that may be closing; an unacked event is redelivered.
    const safely = (what: string, fn: () => void) => {
      try {
        fn();
      } catch (err) {
        logger.debug({ err, seq: msg.seq }, `could not ${what} a posting event`);
      }
    };
    const delivery: Delivery = {
      subject: msg.subject,
      seq: msg.seq,
      deliveryCount: msg.info.deliveryCount,
      msgId: msg.headers?.get('Nats-Msg-Id') || undefined,
      requestId,
    };
    try {
      const disposition = await handleDelivery(msg.data, delivery, deps);
      switch (disposition.action) {
        case 'ack':
          safely('ack', () => msg.ack());
          break;
        case 'nak':
          safely('nak', () => msg.nak(disposition.delayMs));
          break;
        case 'term':
          // No reason text: nats-server 2.9 does not accept one with +TERM.
          safely('terminate', () => msg.term());
          break;
      }
    } catch (err) {
      // The record could not be read or written: leave the event in the stream for later.
      logger.warn(
        { err, seq: msg.seq },
        'could not record a posting event; it will be redelivered',
      );
      safely('nak', () => msg.nak(5_000));
    }
  }
}
