/**
 * Telemetry: one call writes a structured log event, publishes it on
 * `verzend.telemetry.<company>.<event>` (captured by the telemetry stream) and
 * counts it in Prometheus. Event names and ids are stable: dashboards and
 * alerts depend on them.
 * @module
 */
import type { NatsConnection } from '@nats-io/nats-core';
import type { Logger } from './logger';
import { Counter, type Registry } from './metrics';
import { Subjects } from './subjects';

/** The catalogue: event name → stable id and level. */
export const TelemetryEvents = {
  'email-queued': { id: 'VZ-0001', level: 'info' },
  'email-sent': { id: 'VZ-0002', level: 'info' },
  'email-failed': { id: 'VZ-0003', level: 'warn' },
  'email-retried': { id: 'VZ-0004', level: 'info' },
  'email-throttled': { id: 'VZ-0005', level: 'debug' },
  'max-attempts-reached': { id: 'VZ-0006', level: 'warn' },
  'smtp-connect-succeeded': { id: 'VZ-0010', level: 'debug' },
  'smtp-connect-failed': { id: 'VZ-0011', level: 'warn' },
  'smtp-auth-succeeded': { id: 'VZ-0012', level: 'debug' },
  'smtp-auth-failed': { id: 'VZ-0013', level: 'warn' },
  'graph-request-throttled': { id: 'VZ-0020', level: 'info' },
  'graph-upload-session': { id: 'VZ-0021', level: 'debug' },
  'oauth-token-refreshed': { id: 'VZ-0022', level: 'debug' },
  'oauth-token-failed': { id: 'VZ-0023', level: 'warn' },
  'config-changed': { id: 'VZ-0030', level: 'info' },
  'secret-key-rotated': { id: 'VZ-0031', level: 'info' },
  'render-completed': { id: 'VZ-0040', level: 'debug' },
  'render-failed': { id: 'VZ-0041', level: 'warn' },
  'layout-rejected': { id: 'VZ-0042', level: 'info' },
  'event-received': { id: 'VZ-0050', level: 'debug' },
  'event-processed': { id: 'VZ-0051', level: 'info' },
  'event-skipped': { id: 'VZ-0052', level: 'info' },
  'event-failed': { id: 'VZ-0053', level: 'warn' },
  'view-policy-applied': { id: 'VZ-0060', level: 'debug' },
  'webhook-delivered': { id: 'VZ-0070', level: 'debug' },
  'webhook-delivery-failed': { id: 'VZ-0071', level: 'warn' },
  'webhook-endpoint-disabled': { id: 'VZ-0072', level: 'warn' },
} as const;
export type TelemetryEventName = keyof typeof TelemetryEvents;

/** Dimensions of an event. `company` is required (it is part of the subject). Never put secrets here. */
export interface TelemetryDims {
  company: string;
  [key: string]: string | number | boolean | undefined | null;
}

/** The JSON published on NATS. */
export interface TelemetryMessage extends TelemetryDims {
  event: TelemetryEventName;
  eventId: string;
  service: string;
  time: string;
}

/** Emits telemetry events. */
export class Telemetry {
  readonly #counter: Counter<'event'>;
  readonly #nc: NatsConnection | undefined;
  readonly #logger: Logger;
  readonly #service: string;

  constructor(opts: { service: string; logger: Logger; registry: Registry; nc?: NatsConnection }) {
    this.#service = opts.service;
    this.#logger = opts.logger;
    this.#nc = opts.nc;
    this.#counter = new Counter({
      name: 'verzend_telemetry_events_total',
      help: 'Telemetry events emitted, by event name.',
      labelNames: ['event'],
      registers: [opts.registry],
    });
  }

  /**
   * Emits one event: a log line (level from the catalogue), a NATS message, a counter increment.
   * Publishing is fire-and-forget: telemetry must never fail the work it describes.
   * @param requestId the request id of the work it describes, for the log line.
   */
  emit(event: TelemetryEventName, dims: TelemetryDims, requestId?: string): void {
    const { id, level } = TelemetryEvents[event];
    const message: TelemetryMessage = {
      ...dims,
      event,
      eventId: id,
      service: this.#service,
      time: new Date().toISOString(),
    };
    this.#logger[level](
      requestId === undefined
        ? { telemetry: message }
        : { telemetry: message, request_id: requestId },
      event,
    );
    this.#counter.inc({ event });
    if (this.#nc && !this.#nc.isClosed()) {
      try {
        this.#nc.publish(Subjects.telemetry(dims.company, event), JSON.stringify(message));
      } catch (err) {
        this.#logger.debug({ err }, 'telemetry publish failed');
      }
    }
  }
}
