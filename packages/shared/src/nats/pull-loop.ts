/**
 * The one way a service consumes a JetStream pull consumer: pull only what can
 * start now, keep every message in hand alive with heartbeats, and on stop hand
 * back (nak) what arrives after it so another replica takes it at once.
 *
 * - **Capacity.** At most `capacity` messages are in hand; a pull asks for the
 *   free places only, so a backlog of 5,000 costs `capacity` messages of memory.
 *   With a backlog the loop waits until `batchMin` places are free, so one pull
 *   request serves several messages (a pull costs about as much as a message).
 * - **Heartbeats.** While a message is handled, `working()` is sent every
 *   `ackWaitMs / 3` so the server does not redeliver it; a heartbeat or an ack
 *   on a closing connection is logged, never thrown (the message is then simply
 *   redelivered after the ack wait).
 * - **Stop.** `stop()` aborts the handlers' signal, lets the pull under way run
 *   out (cutting it short would strand messages the server already sent it),
 *   naks what it still brings, and resolves once every handler has finished.
 * - **Idle.** With `idleMs`, the loop ends by itself after that long without work.
 * @module
 */
import type { Consumer, JsMsg } from '@nats-io/jetstream';
import type { Logger } from '../logger';

/** Options of {@link PullLoop}. */
export interface PullLoopOptions {
  /** The consumer to pull from; asked again after a failed pull. */
  consumer: () => Promise<Consumer>;
  /** Handles one message and acks, naks or terms it. Should not throw (a throw naks it). */
  handle: (msg: JsMsg, signal: AbortSignal) => Promise<void>;
  /** Messages in hand at most. */
  capacity: number;
  /**
   * Places this loop may use now, asked before each pull (default: `capacity`). Consumers that
   * share a global limit pull no more than they can start; at least one is always pulled.
   */
  room?: () => number | undefined;
  /** With a backlog, pull only once this many places are free (default 1). */
  batchMin?: number;
  /** How long one pull waits for messages. */
  pullExpiresMs: number;
  /** The consumer's ack wait: heartbeats go out every third of it. */
  ackWaitMs: number;
  /** Shortest heartbeat interval (default 100 ms). */
  heartbeatMinMs?: number;
  /** End the loop after this long without work (default: never). */
  idleMs?: number;
  /** Pause after a failed pull (default 500 ms). */
  retryMs?: number;
  logger: Logger;
  /** Log context (what is consumed). */
  what: string;
}

/** Runs `fn`, logging instead of throwing (acks and heartbeats on a closing connection). */
function safely(logger: Logger, what: string, fn: () => void): void {
  try {
    fn();
  } catch (err) {
    logger.debug({ err }, `could not ${what}`);
  }
}

/** See the module comment. */
export class PullLoop {
  readonly #o: PullLoopOptions;
  readonly #controller = new AbortController();
  readonly #inFlight = new Set<Promise<void>>();
  #lastWork = Date.now();
  #done: Promise<void> | undefined;

  constructor(options: PullLoopOptions) {
    this.#o = options;
  }

  /** Starts pulling; `onExit` runs once the loop ended and its handlers finished. */
  start(onExit?: () => void): void {
    this.#done = this.#run()
      .catch((err: unknown) => this.#o.logger.warn({ err }, `${this.#o.what}: loop failed`))
      .then(() => Promise.allSettled([...this.#inFlight]))
      .then(() => onExit?.());
  }

  /** Work just arrived: keeps an idle loop from ending. */
  poke(): void {
    this.#lastWork = Date.now();
  }

  /** True once stopped. */
  get stopped(): boolean {
    return this.#controller.signal.aborted;
  }

  /** Messages being handled now. */
  get inFlight(): number {
    return this.#inFlight.size;
  }

  /**
   * Begins the stop without waiting: no new pull, handlers' signal aborted. A service
   * with several loops halts them all first, so the pulls under way run out together.
   */
  halt(): void {
    this.#controller.abort();
  }

  /** Stops pulling, hands back what still arrives, and resolves when every handler finished. */
  async stop(): Promise<void> {
    this.halt();
    await this.#done;
  }

  #spawn(msg: JsMsg): void {
    const { logger, ackWaitMs, heartbeatMinMs = 100, what } = this.#o;
    const beat = setInterval(
      () => safely(logger, `extend a message of ${what}`, () => msg.working()),
      Math.max(heartbeatMinMs, Math.floor(ackWaitMs / 3)),
    );
    const task = this.#o
      .handle(msg, this.#controller.signal)
      .catch((err: unknown) => {
        logger.warn({ err, seq: msg.seq }, `${what}: a message failed; it will be redelivered`);
        safely(logger, `nak a message of ${what}`, () => msg.nak(5_000));
      })
      .finally(() => {
        clearInterval(beat);
        this.#inFlight.delete(task);
        this.#lastWork = Date.now();
      });
    this.#inFlight.add(task);
  }

  async #run(): Promise<void> {
    const signal = this.#controller.signal;
    const { capacity, batchMin = 1, pullExpiresMs, idleMs, retryMs = 500, logger, what } = this.#o;
    const stopped = new Promise<void>((resolve) =>
      signal.addEventListener('abort', () => resolve(), { once: true }),
    );
    let consumer: Consumer | undefined;
    let backlog = false;
    while (!signal.aborted) {
      const lanes = Math.max(1, Math.min(capacity, this.#o.room?.() ?? capacity));
      const free = lanes - this.#inFlight.size;
      // Waiting needs something in hand to end the wait; the room may shrink below `batchMin`.
      if (this.#inFlight.size > 0 && (free <= 0 || (backlog && free < Math.min(batchMin, lanes)))) {
        await Promise.race([...this.#inFlight, stopped]);
        continue;
      }
      let received = 0;
      try {
        consumer ??= await this.#o.consumer();
        const batch = await consumer.fetch({ max_messages: free, expires: pullExpiresMs });
        for await (const msg of batch) {
          if (signal.aborted) {
            // Stopping: hand it straight back so another replica takes it now.
            safely(logger, `hand back a message of ${what}`, () => msg.nak());
            continue;
          }
          received++;
          this.#lastWork = Date.now();
          this.#spawn(msg);
        }
      } catch (err) {
        if (signal.aborted) {
          return;
        }
        consumer = undefined;
        logger.debug({ err }, `${what}: pull failed; trying again shortly`);
        await new Promise((r) => setTimeout(r, retryMs));
      }
      // A full batch means more is waiting; a short one that the consumer had drained.
      backlog = received === free && this.#inFlight.size > 0;
      if (
        idleMs !== undefined &&
        received === 0 &&
        this.#inFlight.size === 0 &&
        Date.now() - this.#lastWork > idleMs
      ) {
        return;
      }
    }
  }
}
