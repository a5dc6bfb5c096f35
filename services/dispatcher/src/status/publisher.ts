/**
 * Publishes status changes on `verzend.status.<company>.<kind>` (stream
 * `VERZEND_STATUS`) with `Nats-Msg-Id` `<company>.<id>`, and counts them.
 * @module
 */
import type { JetStreamClient } from '@nats-io/jetstream';
import {
  Counter,
  type Registry,
  type StatusUpdate,
  Subjects,
  statusMessageId,
} from '@verzend/shared';

/** Where status changes go (the stream below; tests may collect them). */
export interface StatusSink {
  /** Resolves once the change is stored; a change stored before is not stored twice. */
  publish(update: StatusUpdate): Promise<void>;
}

/** {@link StatusSink} on the JetStream status stream. */
export class StatusPublisher implements StatusSink {
  readonly #js: JetStreamClient;
  readonly #published: Counter<'kind'> | undefined;
  readonly #timeoutMs: number;

  constructor(js: JetStreamClient, registry?: Registry, timeoutMs = 5_000) {
    this.#js = js;
    this.#timeoutMs = timeoutMs;
    this.#published = registry
      ? new Counter({
          name: 'verzend_status_published_total',
          help: 'Status changes published on VERZEND_STATUS, by kind (duplicates the stream dropped included).',
          labelNames: ['kind'],
          registers: [registry],
        })
      : undefined;
  }

  async publish(update: StatusUpdate): Promise<void> {
    await this.#js.publish(Subjects.status(update.company, update.kind), JSON.stringify(update), {
      msgID: statusMessageId(update.company, update.id),
      timeout: this.#timeoutMs,
    });
    this.#published?.inc({ kind: update.kind });
  }
}
