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
  AckPolicy,
  DeliverPolicy,
  type JetStreamClient,
  type JetStreamManager,
  type JsMsg,
} from '@nats-io/jetstream';
import type { Logger } from '@verzend/shared';

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
  consumer: { readonly stream: string; readonly durable: string; readonly filter: string };
  /** Announces one write; resolves once it is durable elsewhere. Throw to have it read again. */
  handle: (write: RecordWrite) => Promise<void>;
  /** Writes handled at once by this replica (their publishes go out in stream order). */
  window: number;
  /** Time the server waits for an ack before another relay gets the write. */
  ackWaitMs: number;
}

const NANOS_PER_MS = 1_000_000;

/** Creates or updates the relay's durable consumer (idempotent; every replica does it at start). */
export async function ensureRelayConsumer(
  jsm: JetStreamManager,
  consumer: KvRelayOptions['consumer'],
  ackWaitMs: number,
  window: number,
): Promise<void> {
  const { stream, durable, filter } = consumer;
  const limits = {
    ack_wait: ackWaitMs * NANOS_PER_MS,
    max_deliver: -1,
    max_ack_pending: Math.max(1_000, window * 4),
  };
  try {
    await jsm.consumers.info(stream, durable);
    await jsm.consumers.update(stream, durable, limits);
  } catch {
    await jsm.consumers.add(stream, {
      durable_name: durable,
      ack_policy: AckPolicy.Explicit,
      filter_subject: filter,
      // From the writes after the first start on: the records keep the state before it.
      deliver_policy: DeliverPolicy.New,
      ...limits,
    });
  }
}

/** Runs one relay loop until {@link KvRelay.stop}. */
export class KvRelay {
  readonly #o: KvRelayOptions;
  readonly #inFlight = new Set<Promise<void>>();
  #running = false;
  #loop: Promise<void> | undefined;
  #slotFreed: (() => void) | undefined;

  constructor(opts: KvRelayOptions) {
    this.#o = opts;
  }

  async start(): Promise<void> {
    await ensureRelayConsumer(this.#o.jsm, this.#o.consumer, this.#o.ackWaitMs, this.#o.window);
    this.#running = true;
    this.#loop = this.#run();
  }

  /** Stops pulling (at most a second) and waits for the writes in hand to be announced. */
  async stop(): Promise<void> {
    this.#running = false;
    this.#slotFreed?.();
    await this.#loop;
    await Promise.allSettled([...this.#inFlight]);
  }

  async #run(): Promise<void> {
    const { js, logger, consumer: which, window } = this.#o;
    let consumer: Awaited<ReturnType<JetStreamClient['consumers']['get']>> | undefined;
    while (this.#running) {
      try {
        if (this.#inFlight.size >= window) {
          await new Promise<void>((resolve) => {
            this.#slotFreed = resolve;
          });
          continue;
        }
        consumer ??= await js.consumers.get(which.stream, which.durable);
        const batch = await consumer.fetch({
          max_messages: window - this.#inFlight.size,
          // Short, because stop waits for the pull to end.
          expires: 1_000,
        });
        for await (const msg of batch) {
          if (!this.#running) {
            msg.nak();
            continue;
          }
          this.#spawn(msg);
        }
      } catch (err) {
        if (!this.#running) {
          break;
        }
        consumer = undefined;
        logger.warn({ err, durable: which.durable }, 'status relay pull failed; trying again');
        await new Promise((r) => setTimeout(r, 500));
      }
    }
  }

  #spawn(msg: JsMsg): void {
    const task = this.#handle(msg).finally(() => {
      this.#inFlight.delete(task);
      const wake = this.#slotFreed;
      this.#slotFreed = undefined;
      wake?.();
    });
    this.#inFlight.add(task);
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
