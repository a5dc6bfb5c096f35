/**
 * An account's sending loop in one replica: a few lanes (as many as the
 * account's concurrency limit) each pulling one message at a time from the
 * account's consumer and delivering it. Lanes stop after a quiet period; the
 * supervisor starts them again when work appears.
 * @module
 */
import type { Consumer } from '@nats-io/jetstream';
import type { Logger } from '@verzend/shared';
import type { Deliverer } from './deliver';

/** Options of {@link AccountLoop}. */
export interface AccountLoopOptions {
  lanes: number;
  idleMs: number;
  /** How long one pull waits for a message. */
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
  #lanes: Promise<void>[] = [];
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

  /** Starts the lanes; `onExit` runs once every lane has stopped. */
  start(onExit: () => void): void {
    this.#lanes = Array.from({ length: Math.max(1, this.#opts.lanes) }, () => this.#lane());
    this.#done = Promise.all(this.#lanes).then(() => onExit());
  }

  /** Work just arrived: keeps the lanes from going idle. */
  poke(): void {
    this.#lastWork = Date.now();
  }

  get stopped(): boolean {
    return this.#controller.signal.aborted;
  }

  async #lane(): Promise<void> {
    const signal = this.#controller.signal;
    while (!signal.aborted) {
      let msg: Awaited<ReturnType<Consumer['next']>>;
      try {
        msg = await this.#consumer.next({ expires: this.#opts.pullExpiresMs });
      } catch (err) {
        if (signal.aborted) {
          return;
        }
        this.#logger.debug({ err, accountId: this.accountId }, 'outbox pull failed; retrying');
        await new Promise((r) => setTimeout(r, 500));
        if (Date.now() - this.#lastWork > this.#opts.idleMs) {
          return;
        }
        continue;
      }
      if (!msg) {
        if (Date.now() - this.#lastWork > this.#opts.idleMs) {
          return;
        }
        continue;
      }
      if (signal.aborted) {
        msg.nak();
        return;
      }
      this.#lastWork = Date.now();
      await this.#deliverer.handle(msg, signal);
      this.#lastWork = Date.now();
    }
  }

  /** Stops pulling; resolves when in-flight deliveries have finished. */
  async stop(): Promise<void> {
    this.#controller.abort();
    await this.#done;
  }
}
