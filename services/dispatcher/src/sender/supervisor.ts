/**
 * Finds accounts with waiting email and keeps one {@link AccountLoop} per such
 * account running in this replica. Work is discovered three ways: this
 * replica's own enqueues (instant), a plain subscription to the outbox
 * subjects (other replicas' enqueues, instant), and a periodic scan of the
 * stream's per-subject counts (everything else: restarts, missed notices).
 * The scan also feeds the backlog gauges (`backlog.ts`).
 * @module
 */
import type { JetStreamManager } from '@nats-io/jetstream';
import type { NatsConnection, Subscription } from '@nats-io/nats-core';
import { type Logger, Streams } from '@verzend/shared';
import { AccountLoop, type AccountLoopOptions } from './account-loop';
import { type BacklogSource, jetStreamBacklog, type OutboxQueue, updateBacklog } from './backlog';
import type { OutboxConsumers } from './consumers';
import type { Deliverer } from './deliver';
import type { DispatchMetrics } from './metrics';

/** Options of {@link Supervisor}. */
export interface SupervisorOptions {
  idleMs: number;
  rescanMs: number;
  pullExpiresMs: number;
  /** The outbox consumers' ack wait (messages being sent are extended every third of it). */
  ackWaitMs: number;
  /** Lanes per account loop (the account's concurrency limit, looked up lazily). */
  lanesFor: (company: string, accountId: string) => Promise<number>;
  /** Places of the account this replica may get now (see {@link AccountLoopOptions.room}). */
  roomFor?: (company: string, accountId: string) => number | undefined;
}

/** Keeps per-account loops running where there is work. */
export class Supervisor {
  readonly #nc: NatsConnection;
  readonly #jsm: JetStreamManager;
  readonly #consumers: OutboxConsumers;
  readonly #deliverer: Deliverer;
  readonly #metrics: DispatchMetrics;
  readonly #logger: Logger;
  readonly #opts: SupervisorOptions;
  readonly #backlog: BacklogSource;
  readonly #loops = new Map<string, AccountLoop>();
  readonly #starting = new Map<string, Promise<void>>();
  #sub: Subscription | undefined;
  #timer: NodeJS.Timeout | undefined;
  #stopped = false;

  constructor(
    nc: NatsConnection,
    jsm: JetStreamManager,
    consumers: OutboxConsumers,
    deliverer: Deliverer,
    metrics: DispatchMetrics,
    logger: Logger,
    opts: SupervisorOptions,
  ) {
    this.#nc = nc;
    this.#jsm = jsm;
    this.#consumers = consumers;
    this.#deliverer = deliverer;
    this.#metrics = metrics;
    this.#logger = logger;
    this.#opts = opts;
    this.#backlog = jetStreamBacklog(jsm);
  }

  /** Starts listening and scanning. */
  async start(): Promise<void> {
    const prefix = Streams.outbox.subjects[0].replace(/>$/, '');
    this.#sub = this.#nc.subscribe(Streams.outbox.subjects[0], {
      callback: (err, msg) => {
        if (err) {
          return;
        }
        const [company, accountId] = msg.subject.slice(prefix.length).split('.');
        if (company && accountId) {
          this.notify(company, accountId);
        }
      },
    });
    await this.rescan();
    const tick = () => {
      this.#timer = setTimeout(() => {
        void this.rescan().finally(() => {
          if (!this.#stopped) {
            tick();
          }
        });
      }, this.#opts.rescanMs);
    };
    tick();
  }

  /** Work for an account: make sure its loop runs. */
  notify(company: string, accountId: string): void {
    if (this.#stopped) {
      return;
    }
    const key = `${company}.${accountId}`;
    const loop = this.#loops.get(key);
    if (loop && !loop.stopped) {
      loop.poke();
      return;
    }
    if (this.#starting.has(key)) {
      return;
    }
    const starting = this.#startLoop(company, accountId, key)
      .catch((err: unknown) => {
        this.#logger.warn(
          { err, company, accountId },
          'could not start the sending loop; the next scan retries',
        );
      })
      .finally(() => this.#starting.delete(key));
    this.#starting.set(key, starting);
  }

  async #startLoop(company: string, accountId: string, key: string): Promise<void> {
    const [consumer, lanes] = await Promise.all([
      this.#consumers.open(company, accountId),
      this.#opts.lanesFor(company, accountId).catch(() => 1),
    ]);
    if (this.#stopped) {
      return;
    }
    const loop = new AccountLoop(company, accountId, consumer, this.#deliverer, this.#logger, {
      lanes,
      idleMs: this.#opts.idleMs,
      pullExpiresMs: this.#opts.pullExpiresMs,
      ackWaitMs: this.#opts.ackWaitMs,
      room: () => this.#opts.roomFor?.(company, accountId),
    });
    this.#loops.set(key, loop);
    loop.start(() => {
      if (this.#loops.get(key) === loop) {
        this.#loops.delete(key);
      }
    });
  }

  /** Scans the outbox stream for subjects with messages; starts loops and updates the backlog gauges. */
  async rescan(): Promise<void> {
    if (this.#stopped) {
      return;
    }
    try {
      const info = await this.#jsm.streams.info(Streams.outbox.name, { subjects_filter: '>' });
      const subjects = info.state.subjects ?? {};
      const prefix = Streams.outbox.subjects[0].replace(/>$/, '');
      const queues: OutboxQueue[] = [];
      for (const [subject, count] of Object.entries(subjects)) {
        const [company, accountId] = subject.slice(prefix.length).split('.');
        if (!company || !accountId) {
          continue;
        }
        queues.push({ company, account: accountId, subject, depth: count });
        if (count > 0) {
          this.notify(company, accountId);
        }
      }
      const first = Date.parse(info.state.first_ts);
      this.#metrics.oldestAgeSeconds.set(
        info.state.messages > 0 && first > 0 ? Math.max(0, (Date.now() - first) / 1000) : 0,
      );
      await updateBacklog(this.#metrics, queues, this.#backlog, this.#logger);
    } catch (err) {
      this.#logger.debug({ err }, 'outbox scan failed; retrying at the next interval');
    }
  }

  /** Number of accounts with a running loop (for tests and /readyz detail). */
  get activeAccounts(): number {
    return this.#loops.size;
  }

  /** Stops every loop, letting in-flight deliveries finish. */
  async stop(): Promise<void> {
    this.#stopped = true;
    clearTimeout(this.#timer);
    this.#sub?.unsubscribe();
    await Promise.allSettled([...this.#starting.values()]);
    await Promise.allSettled([...this.#loops.values()].map((l) => l.stop()));
    this.#loops.clear();
  }
}
