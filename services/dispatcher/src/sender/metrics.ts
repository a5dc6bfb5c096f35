/**
 * The dispatcher's Prometheus series: sends by outcome, send latency and
 * accept→sent latency per account, queue depth per account, throttle waits.
 * @module
 */
import { Counter, Gauge, Histogram, type Registry } from '@verzend/shared';

/** Prometheus series of the sending side. */
export class DispatchMetrics {
  readonly sends: Counter<'company' | 'account' | 'connector' | 'outcome'>;
  readonly sendSeconds: Histogram<'company' | 'account' | 'connector'>;
  readonly acceptToSentSeconds: Histogram<'company' | 'account'>;
  readonly queueDepth: Gauge<'company' | 'account'>;
  readonly throttleWaitSeconds: Histogram<'company' | 'account' | 'reason'>;

  constructor(registry: Registry) {
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
      help: 'Emails waiting in the outbox (including in flight and delayed retries), per account.',
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
}
