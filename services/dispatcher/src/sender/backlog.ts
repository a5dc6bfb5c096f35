/**
 * The outbox backlog gauges, rebuilt from each scan of the stream's per-subject
 * counts: the accounts with the deepest queues (at most `METRICS_MAX_ACCOUNTS`)
 * get their depth, their consumer's lag and the age of the oldest message on
 * their subject; the rest are summed into one `other` depth row.
 *
 * `other` carries no lag and no age. Either would take one request per account
 * it stands for (NATS 2.9 has no batched get across subjects), so its cost would
 * grow with the tenants it exists to bound; the unlabelled
 * `verzend_outbox_oldest_age_seconds` (the whole stream's oldest) is an upper
 * bound for the age of every account, `other` included.
 * @module
 */
import type { JetStreamManager, SeqMsgRequest } from '@nats-io/jetstream';
import { type Logger, OTHER_LABEL, Streams, topN } from '@verzend/shared';
import { consumerName } from './consumers';
import type { DispatchMetrics } from './metrics';

/** One account's outbox subject, as the stream's per-subject counts show it. */
export interface OutboxQueue {
  company: string;
  account: string;
  /** `verzend.outbox.<company>.<account>` */
  subject: string;
  /** Messages on the subject: queued, in flight, delayed retries, scheduled. */
  depth: number;
}

/** The look-ups behind a named account's gauges (JetStream in production, a fake in tests). */
export interface BacklogSource {
  /** Messages not yet delivered to the account's consumer; throws when it has none. */
  lag(queue: OutboxQueue): Promise<number>;
  /** When the oldest message on the account's subject was stored (ms since epoch); `undefined` when none is left. */
  oldest(queue: OutboxQueue): Promise<number | undefined>;
}

/**
 * The backlog look-ups on the outbox stream: a consumer-info request for the lag, and one
 * `STREAM.MSG.GET` with `next_by_subj` from the start of the stream for the oldest message (on
 * NATS 2.9; a direct get would need `allow_direct` on the stream, which the outbox does not set).
 */
export function jetStreamBacklog(jsm: JetStreamManager): BacklogSource {
  return {
    async lag(q) {
      const info = await jsm.consumers.info(
        Streams.outbox.name,
        consumerName(q.company, q.account),
      );
      return info.num_pending;
    },
    async oldest(q) {
      // The server takes `next_by_subj` on this API; the client's request type does not list it.
      const query: SeqMsgRequest & { next_by_subj: string } = { seq: 0, next_by_subj: q.subject };
      const msg = await jsm.streams.getMessage(Streams.outbox.name, query);
      return msg ? msg.time.getTime() : undefined;
    },
  };
}

/**
 * Rebuilds the per-account backlog gauges from one scan: the deepest queues by name, with
 * their lag and oldest age, and the rest as one `other` depth row, so the series never grow
 * with accounts. An account whose age could not be read has no age series until a later scan
 * reads it (absent, not wrong); one whose messages all went since the scan has age 0.
 * @param now the clock the ages are measured with (ms since epoch)
 */
export async function updateBacklog(
  metrics: DispatchMetrics,
  queues: readonly OutboxQueue[],
  source: BacklogSource,
  logger: Logger,
  now: () => number = Date.now,
): Promise<void> {
  const { top, rest } = topN(
    queues.map((q) => ({ key: q, value: q.depth })),
    metrics.maxAccounts,
  );
  let unread = 0;
  let firstError: unknown;
  const [lags, oldest] = await Promise.all([
    Promise.all(
      // No consumer (yet, or removed while idle): nothing of the queue was delivered.
      top.map(({ key }) => source.lag(key).catch(() => key.depth)),
    ),
    Promise.all(
      top.map(({ key }) =>
        key.depth > 0
          ? source.oldest(key).catch((err: unknown) => {
              unread++;
              firstError ??= err;
              return null;
            })
          : undefined,
      ),
    ),
  ]);
  if (unread > 0) {
    logger.debug(
      { err: firstError, accounts: unread },
      'could not read the oldest outbox message of some accounts; their age is left out',
    );
  }
  const at = now();
  const { queueDepth, consumerLag, accountOldestAgeSeconds } = metrics;
  queueDepth.reset();
  consumerLag.reset();
  accountOldestAgeSeconds.reset();
  top.forEach(({ key }, i) => {
    const labels = { company: key.company, account: key.account };
    queueDepth.set(labels, key.depth);
    consumerLag.set(labels, lags[i] ?? 0);
    const stored = oldest[i];
    if (stored !== null) {
      accountOldestAgeSeconds.set(
        labels,
        stored === undefined ? 0 : Math.max(0, (at - stored) / 1000),
      );
    }
  });
  if (rest.count > 0) {
    queueDepth.set({ company: OTHER_LABEL, account: OTHER_LABEL }, rest.sum);
  }
}
