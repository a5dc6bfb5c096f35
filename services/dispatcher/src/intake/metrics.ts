/**
 * Prometheus metrics of the intake: events by outcome and the time each
 * pipeline stage takes (the benchmark prints these as stage timings).
 * @module
 */
import { Counter, Histogram, type Registry } from '@verzend/shared';
import type { Stage } from './pipeline';

/** Outcomes counted per event. */
export type IntakeResult =
  | 'queued'
  | 'draft'
  | 'skipped'
  | 'failed'
  | 'retried'
  | 'duplicate'
  | 'invalid';

/** The intake's metrics, registered on the service's registry. */
export class IntakeMetrics {
  readonly #events: Counter<'result'>;
  readonly #stages: Histogram<'stage'>;

  constructor(registry: Registry) {
    this.#events = new Counter({
      name: 'verzend_intake_events_total',
      help: 'Posting events handled by the intake, by result.',
      labelNames: ['result'],
      registers: [registry],
    });
    this.#stages = new Histogram({
      name: 'verzend_intake_stage_seconds',
      help: 'Time per intake stage (profile, selection, render, enqueue, record, total).',
      labelNames: ['stage'],
      buckets: [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
      registers: [registry],
    });
  }

  /** Counts one handled event. */
  count(result: IntakeResult): void {
    this.#events.inc({ result });
  }

  /** Records stage durations in milliseconds. */
  observe(timings: Partial<Record<Stage | 'record' | 'total', number>>): void {
    for (const [stage, ms] of Object.entries(timings)) {
      if (typeof ms === 'number') {
        this.#stages.observe({ stage }, ms / 1000);
      }
    }
  }
}
