/**
 * A pull loop on a durable JetStream consumer that handles at most
 * `concurrency` messages at a time (the intake's pattern, ADR-0012): it pulls
 * only as many as it has free slots, so a burst costs `concurrency` messages of
 * memory. Until the consumer can be made (its stream not there yet, NATS
 * restarting) it tries again every `retryMs`.
 * @module
 */
import type { Consumer, JsMsg } from '@nats-io/jetstream';
import type { Logger } from '@verzend/shared';

/** Options of {@link PullLoop}. */
export interface PullLoopOptions {
  name: string;
  /** Creates or updates the durable consumer and returns it. */
  open: () => Promise<Consumer>;
  handle: (msg: JsMsg) => Promise<void>;
  concurrency: number;
  logger: Logger;
  retryMs?: number;
}

/** Runs until {@link PullLoop.stop}. */
export class PullLoop {
  readonly #opts: PullLoopOptions;
  readonly #inFlight = new Set<Promise<void>>();
  #running = false;
  #loop: Promise<void> | undefined;
  #wake: (() => void) | undefined;

  constructor(opts: PullLoopOptions) {
    this.#opts = opts;
  }

  /** Starts pulling (in the background). */
  start(): void {
    this.#running = true;
    this.#loop = this.#run();
  }

  /** Stops pulling (the pull under way runs out within a second) and waits for what is in flight. */
  async stop(): Promise<void> {
    this.#running = false;
    this.#wake?.();
    await this.#loop;
    await Promise.allSettled([...this.#inFlight]);
  }

  #sleep(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const t = setTimeout(resolve, ms);
      this.#wake = () => {
        clearTimeout(t);
        resolve();
      };
    });
  }

  async #run(): Promise<void> {
    const { logger, concurrency, name } = this.#opts;
    let consumer: Consumer | undefined;
    while (this.#running) {
      try {
        if (this.#inFlight.size >= concurrency) {
          await new Promise<void>((resolve) => {
            this.#wake = resolve;
          });
          continue;
        }
        consumer ??= await this.#opts.open();
        const batch = await consumer.fetch({
          max_messages: concurrency - this.#inFlight.size,
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
        logger.debug({ err, loop: name }, 'pull failed; trying again shortly');
        await this.#sleep(this.#opts.retryMs ?? 1_000);
      }
    }
  }

  #spawn(msg: JsMsg): void {
    const task = this.#opts
      .handle(msg)
      .catch((err: unknown) => {
        this.#opts.logger.warn({ err, loop: this.#opts.name }, 'message handling failed');
        try {
          msg.nak(5_000);
        } catch {
          // The connection is closing: the message is redelivered after its ack wait.
        }
      })
      .finally(() => {
        this.#inFlight.delete(task);
        const wake = this.#wake;
        this.#wake = undefined;
        wake?.();
      });
    this.#inFlight.add(task);
  }
}
