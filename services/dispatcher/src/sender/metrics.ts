/**
 * The dispatcher's Prometheus series: sends by outcome, send latency and
 * accept→sent latency per account, the outbox backlog (depth, consumer lag and
 * age of the oldest queued email per account; the age of the oldest overall),
 * throttle waits.
 *
 * Per-account labels are bounded (docs/operations.md): the counters and
 * histograms give their own series to the first `maxAccounts` accounts this
 * process sees and count the rest as `company="other",account="other"`; the
 * backlog gauges are rebuilt at every outbox scan from the `maxAccounts`
 * deepest queues plus one `other` depth row (see `backlog.ts`).
 * @module
 */
import { Counter, Gauge, Histogram, LabelCap, OTHER_LABEL, type Registry } from '@verzend/shared';

/** `company` and `account` labels of an account, or `other` past the cap. */
export interface AccountLabels {
  company: string;
  account: string;
}

const OTHER: AccountLabels = { company: OTHER_LABEL, account: OTHER_LABEL };

/** Prometheus series of the sending side. */
export class DispatchMetrics {
  readonly sends: Counter<'company' | 'account' | 'connector' | 'outcome'>;
  readonly sendSeconds: Histogram<'company' | 'account' | 'connector'>;
  readonly acceptToSentSeconds: Histogram<'company' | 'account'>;
  readonly queueDepth: Gauge<'company' | 'account'>;
  readonly consumerLag: Gauge<'company' | 'account'>;
  readonly oldestAgeSeconds: Gauge;
  readonly accountOldestAgeSeconds: Gauge<'company' | 'account'>;
  readonly throttleWaitSeconds: Histogram<'company' | 'account' | 'reason'>;
  /** Accounts with their own series in the backlog gauges (the deepest queues). */
  readonly maxAccounts: number;
  readonly #cap: LabelCap;

  /** @param maxAccounts accounts with their own series (default 50); the rest are `other`. */
  constructor(registry: Registry, maxAccounts = 50) {
    this.maxAccounts = maxAccounts;
    this.#cap = new LabelCap(maxAccounts);
    this.sends = new Counter({
      name: 'verzend_dispatch_sends_total',
      help: 'Send attempts by outcome (sent, transient-error, permanent-error, interrupted).',
      labelNames: ['company', 'account', 'connector', 'outcome'],
      registers: [registry],
    });
    this.sendSeconds = new Histogram({
      name: 'verzend_dispatch_send_duration_seconds',
      help: 'Duration of the provider call per attempt.',
      labelNames: ['company', 'account', 'connector'],
      buckets: [0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60],
      registers: [registry],
    });
    this.acceptToSentSeconds = new Histogram({
      name: 'verzend_dispatch_accept_to_sent_seconds',
      help: 'Time from acceptance (queued) to sent, per account.',
      labelNames: ['company', 'account'],
      buckets: [0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 300, 3600],
      registers: [registry],
    });
    this.queueDepth = new Gauge({
      name: 'verzend_outbox_queue_depth',
      help: 'Emails waiting in the outbox (including in flight and delayed retries), per account: the deepest queues, the rest as other.',
      labelNames: ['company', 'account'],
      registers: [registry],
    });
    this.consumerLag = new Gauge({
      name: 'verzend_outbox_consumer_lag',
      help: "Outbox messages not yet delivered to the account's consumer, for the accounts with the deepest queues.",
      labelNames: ['company', 'account'],
      registers: [registry],
    });
    this.oldestAgeSeconds = new Gauge({
      name: 'verzend_outbox_oldest_age_seconds',
      help: 'Age of the oldest message in the outbox (queued, in flight, delayed retry or scheduled); 0 when empty.',
      registers: [registry],
    });
    this.accountOldestAgeSeconds = new Gauge({
      name: 'verzend_outbox_account_oldest_age_seconds',
      help: "Age of the oldest message on an account's outbox subject, for the accounts with the deepest queues (no other row).",
      labelNames: ['company', 'account'],
      registers: [registry],
    });
    this.throttleWaitSeconds = new Histogram({
      name: 'verzend_dispatch_throttle_wait_seconds',
      help: 'Time an email waited for a rate, concurrency or quota slot.',
      labelNames: ['company', 'account', 'reason'],
      buckets: [0.01, 0.1, 0.5, 1, 5, 15, 30, 60, 300],
      registers: [registry],
    });
  }

  /** The labels of an account in the counters and histograms: its own, or `other` past the cap. */
  account(company: string, account: string): AccountLabels {
    return this.#cap.admit(`${company}\u0000${account}`) ? { company, account } : OTHER;
  }
}
