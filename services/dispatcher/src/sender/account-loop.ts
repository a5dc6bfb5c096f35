/**
 * An account's sending loop in one replica: it keeps up to `lanes` deliveries
 * (the account's concurrency limit, at most what the connector sends at once in
 * this replica; fewer while other replicas hold the account's places) going,
 * pulling from the account's consumer
 * only as many messages as it has free lanes — one pull request serves a
 * whole batch under load (with a backlog it waits for a quarter of the lanes
 * to be free), and nothing is pulled that could not start now.
 * The loop stops after a quiet period; the supervisor starts it again when
 * work appears.
 * @module
 */
import type { Consumer, JsMsg } from '@nats-io/jetstream';
import type { Logger } from '@verzend/shared';
import type { Deliverer } from './deliver';

/** Options of {@link AccountLoop}. */
export interface AccountLoopOptions {
  lanes: number;
  /**
   * Places of the account this replica may get now (its limit less what other replicas
   * hold; undefined: not known yet). The loop keeps no more deliveries than this going, but
   * always at least one, which finds out when places come free.
   */
  room?: () => number | undefined;
  idleMs: number;
  /** How long one pull waits for messages. */
  pullExpiresMs: number;
}

/** The sending loop of one account in this replica. */
export class AccountLoop {
  readonly company: string;
  readonly accountId: string;
  readonly #consumer: Consumer;
  readonly #deliverer: Deliverer;
  readonly #logger: Logger;
  readonly #opts: AccountLoopOptions;
  readonly #controller = new AbortController();
  readonly #inFlight = new Set<Promise<void>>();
  #lastWork = Date.now();
  #done: Promise<void> = Promise.resolve();

  constructor(
    company: string,
    accountId: string,
    consumer: Consumer,
    deliverer: Deliverer,
    logger: Logger,
    opts: AccountLoopOptions,
  ) {
    this.company = company;
    this.accountId = accountId;
    this.#consumer = consumer;
    this.#deliverer = deliverer;
    this.#logger = logger;
    this.#opts = opts;
  }

  /** Starts the loop; `onExit` runs once it has stopped and its deliveries finished. */
  start(onExit: () => void): void {
    this.#done = this.#run()
      .catch((err: unknown) =>
        this.#logger.warn({ err, accountId: this.accountId }, 'sending loop failed'),
      )
      .then(() => Promise.allSettled([...this.#inFlight]))
      .then(() => onExit());
  }

  /** Work just arrived: keeps the loop from going idle. */
  poke(): void {
    this.#lastWork = Date.now();
  }

  get stopped(): boolean {
    return this.#controller.signal.aborted;
  }

  #deliver(msg: JsMsg): void {
    const p = this.#deliverer.handle(msg, this.#controller.signal).finally(() => {
      this.#inFlight.delete(p);
      this.#lastWork = Date.now();
    });
    this.#inFlight.add(p);
  }

  async #run(): Promise<void> {
    const signal = this.#controller.signal;
    let backlog = false;
    while (!signal.aborted) {
      // Replicas sharing an account share its places: pulling more than this replica can get
      // would only hold messages the others could send (they are given back after a wait).
      const lanes = Math.max(1, Math.min(this.#opts.lanes, this.#opts.room?.() ?? Infinity));
      // With a backlog, pull once a quarter of the lanes is free rather than for every lane
      // that frees: one pull request then serves several sends (a pull costs the server and
      // this process about as much as a message) and the lanes stay nearly full.
      const batchMin = Math.max(1, Math.ceil(lanes / 4));
      const free = lanes - this.#inFlight.size;
      if (free <= 0 || (backlog && free < batchMin)) {
        await Promise.race(this.#inFlight);
        continue;
      }
      let received = 0;
      try {
        const batch = await this.#consumer.fetch({
          max_messages: free,
          expires: this.#opts.pullExpiresMs,
        });
        for await (const msg of batch) {
          if (signal.aborted) {
            msg.nak();
            continue;
          }
          received++;
          this.#lastWork = Date.now();
          this.#deliver(msg);
        }
      } catch (err) {
        if (signal.aborted) {
          return;
        }
        this.#logger.debug({ err, accountId: this.accountId }, 'outbox pull failed; retrying');
        await new Promise((r) => setTimeout(r, 500));
      }
      // A full batch means more is waiting; a short one that the consumer had drained.
      backlog = received === free && this.#inFlight.size > 0;
      if (
        received === 0 &&
        this.#inFlight.size === 0 &&
        Date.now() - this.#lastWork > this.#opts.idleMs
      ) {
        return;
      }
    }
  }

  /** Stops pulling; resolves when in-flight deliveries have finished. */
  async stop(): Promise<void> {
    this.#controller.abort();
    await this.#done;
  }
}
