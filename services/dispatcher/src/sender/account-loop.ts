/**
 * An account's sending loop in one replica: the shared {@link PullLoop} over
 * the account's consumer with `lanes` places (the account's concurrency
 * limit). One pull request serves a whole batch under load (with a backlog it
 * waits for a quarter of the lanes to be free), and nothing is pulled that
 * could not start now. The loop stops after a quiet period; the supervisor
 * starts it again when work appears.
 * @module
 */
import type { Consumer } from '@nats-io/jetstream';
import { type Logger, PullLoop } from '@verzend/shared';
import type { Deliverer } from './deliver';

/** Options of {@link AccountLoop}. */
export interface AccountLoopOptions {
  lanes: number;
  idleMs: number;
  /** How long one pull waits for messages. */
  pullExpiresMs: number;
  /** The outbox consumers' ack wait (heartbeats go out every third of it). */
  ackWaitMs: number;
  /** Places of the account this replica may get now (held by no other replica); asked before each pull. */
  room?: (() => number | undefined) | undefined;
}

/** The sending loop of one account in this replica. */
export class AccountLoop {
  readonly company: string;
  readonly accountId: string;
  readonly #loop: PullLoop;

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
    const lanes = Math.max(1, opts.lanes);
    this.#loop = new PullLoop({
      consumer: async () => consumer,
      handle: (msg, signal) => deliverer.handle(msg, signal),
      capacity: lanes,
      ...(opts.room ? { room: opts.room } : {}),
      // With a backlog, pull once a quarter of the lanes is free rather than for every lane
      // that frees: one pull request then serves several sends and the lanes stay nearly full.
      batchMin: Math.max(1, Math.ceil(lanes / 4)),
      pullExpiresMs: opts.pullExpiresMs,
      ackWaitMs: opts.ackWaitMs,
      idleMs: opts.idleMs,
      logger: logger.child({ accountId }),
      what: 'the outbox',
    });
  }

  /** Starts the loop; `onExit` runs once it has stopped and its deliveries finished. */
  start(onExit: () => void): void {
    this.#loop.start(onExit);
  }

  /** Work just arrived: keeps the loop from going idle. */
  poke(): void {
    this.#loop.poke();
  }

  get stopped(): boolean {
    return this.#loop.stopped;
  }

  /** Stops pulling; resolves when in-flight deliveries have finished. */
  async stop(): Promise<void> {
    await this.#loop.stop();
  }
}
