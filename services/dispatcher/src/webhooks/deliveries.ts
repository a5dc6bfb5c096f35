/**
 * The webhook delivery log (`verzend_webhook_deliveries`, ADR-0024): one record
 * per delivery of a status change to an endpoint, key
 * `<company>.<endpointId>.d.<deliveryId>`, with its last attempts (status,
 * response code, duration, a short excerpt of the answer). Delivery ids sort
 * by time, so a page is the newest first. The bucket forgets a record 7 days
 * after its last change; an endpoint's health (consecutive failed deliveries)
 * sits beside them at `<company>.<endpointId>.health`.
 * @module
 */
import { createHash, randomBytes } from 'node:crypto';
import type { KV } from '@nats-io/kv';
import {
  assertToken,
  isCasConflict,
  listKeys,
  type WebhookAttempt,
  type WebhookDelivery,
} from '@verzend/shared';
import { decodeCursor, encodeCursor } from '../paging/cursor';

/** Attempts kept on a record (the newest). */
export const MAX_ATTEMPTS_KEPT = 20;

const encoder = new TextEncoder();
const ID_TIME_WIDTH = 9;

/**
 * A delivery id: the time (base 36, fixed width, so ids sort by time) and 12
 * characters that are a hash of `seed` when given — the same status change to
 * the same endpoint gets the same id, however often it is fanned out — or random.
 */
export function deliveryId(at: Date, seed?: string): string {
  const time = Math.max(0, at.getTime()).toString(36).padStart(ID_TIME_WIDTH, '0');
  const tail =
    seed === undefined
      ? randomBytes(9).toString('base64url')
      : createHash('sha256').update(seed).digest('base64url').slice(0, 12);
  return `${time}${tail}`;
}

const c = (company: string) => assertToken(company, 'company');
const e = (endpointId: string) => assertToken(endpointId, 'endpoint id');

/** Keys of the delivery bucket. */
export const DeliveryKeys = {
  delivery: (company: string, endpointId: string, id: string) =>
    `${c(company)}.${e(endpointId)}.d.${assertToken(id, 'delivery id')}`,
  deliveries: (company: string, endpointId: string) => `${c(company)}.${e(endpointId)}.d.`,
  health: (company: string, endpointId: string) => `${c(company)}.${e(endpointId)}.health`,
} as const;

/** An endpoint's run of failed deliveries (reset by any success). */
export interface EndpointHealth {
  consecutiveFailures: number;
  /** When the first failure of the current run was recorded. */
  failingSince: string | null;
}

/** Reads and writes delivery records and endpoint health. */
export class DeliveryLog {
  readonly #kv: KV;

  constructor(kv: KV) {
    this.#kv = kv;
  }

  async #read<T>(key: string): Promise<{ value: T; revision: number } | null> {
    const entry = await this.#kv.get(key);
    if (entry?.operation !== 'PUT' || entry.length === 0) {
      return null;
    }
    return { value: entry.json<T>(), revision: entry.revision };
  }

  /** One delivery of the company's endpoint, or null (another company's id is simply not found). */
  async get(company: string, endpointId: string, id: string): Promise<WebhookDelivery | null> {
    return (
      (await this.#read<WebhookDelivery>(DeliveryKeys.delivery(company, endpointId, id)))?.value ??
      null
    );
  }

  /** Records a new delivery unless it is recorded already (a fan-out done twice). */
  async create(delivery: WebhookDelivery): Promise<void> {
    const key = DeliveryKeys.delivery(delivery.company, delivery.endpointId, delivery.id);
    try {
      await this.#kv.create(key, encoder.encode(JSON.stringify(delivery)));
    } catch (err) {
      if (!isCasConflict(err)) {
        throw err;
      }
    }
  }

  /**
   * Changes a delivery with compare-and-set (re-read and re-applied on a race);
   * `change` gets the current record, or null when there is none yet.
   */
  async change(
    key: { company: string; endpointId: string; id: string },
    change: (current: WebhookDelivery | null) => WebhookDelivery,
  ): Promise<WebhookDelivery> {
    const k = DeliveryKeys.delivery(key.company, key.endpointId, key.id);
    for (;;) {
      const current = await this.#read<WebhookDelivery>(k);
      const next = change(current?.value ?? null);
      try {
        const data = encoder.encode(JSON.stringify(next));
        if (current) {
          await this.#kv.update(k, data, current.revision);
        } else {
          await this.#kv.create(k, data);
        }
        return next;
      } catch (err) {
        if (!isCasConflict(err)) {
          throw err;
        }
      }
    }
  }

  /**
   * A page of an endpoint's deliveries, newest first, after `cursor` (the previous page's).
   * @throws ValidationError for a cursor this API did not issue.
   */
  async page(
    company: string,
    endpointId: string,
    limit: number,
    cursor?: string,
  ): Promise<{ items: WebhookDelivery[]; nextCursor: string | null }> {
    const prefix = DeliveryKeys.deliveries(company, endpointId);
    const ids = (await listKeys(this.#kv, `${prefix}>`))
      .map((key) => key.slice(prefix.length))
      .sort()
      .reverse();
    const after = cursor ? decodeCursor(cursor) : undefined;
    const start = after === undefined ? 0 : ids.findIndex((id) => id < after);
    const slice = start < 0 ? [] : ids.slice(start, start + limit);
    const items = (await Promise.all(slice.map((id) => this.get(company, endpointId, id)))).filter(
      (d): d is WebhookDelivery => d !== null,
    );
    const last = slice.at(-1);
    const more = start >= 0 && start + limit < ids.length;
    return { items, nextCursor: more && last ? encodeCursor(last) : null };
  }

  /**
   * Counts a finished delivery into the endpoint's health: a success ends the
   * run of failures, a failure lengthens it. Returns the health after the change.
   */
  async recordOutcome(
    company: string,
    endpointId: string,
    succeeded: boolean,
    at = new Date(),
  ): Promise<EndpointHealth> {
    const key = DeliveryKeys.health(company, endpointId);
    for (;;) {
      const current = await this.#read<EndpointHealth>(key);
      const before = current?.value ?? { consecutiveFailures: 0, failingSince: null };
      if (succeeded && before.consecutiveFailures === 0 && current) {
        return before;
      }
      const next: EndpointHealth = succeeded
        ? { consecutiveFailures: 0, failingSince: null }
        : {
            consecutiveFailures: before.consecutiveFailures + 1,
            failingSince: before.failingSince ?? at.toISOString(),
          };
      try {
        const data = encoder.encode(JSON.stringify(next));
        if (current) {
          await this.#kv.update(key, data, current.revision);
        } else {
          await this.#kv.create(key, data);
        }
        return next;
      } catch (err) {
        if (!isCasConflict(err)) {
          throw err;
        }
      }
    }
  }
}

/** Appends an attempt to a record, keeping the newest {@link MAX_ATTEMPTS_KEPT}. */
export function withAttempt(attempts: WebhookAttempt[], attempt: WebhookAttempt): WebhookAttempt[] {
  return [...attempts, attempt].slice(-MAX_ATTEMPTS_KEPT);
}
