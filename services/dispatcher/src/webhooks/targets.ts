/**
 * The webhook endpoints of a company as the dispatcher needs them: asked of the
 * config service (`verzend.rpc.config.secret.webhook-endpoints`, sealed
 * secrets opened here, ADR-0018), cached briefly and dropped whenever config
 * announces a change of the company's webhooks.
 * @module
 */
import type { NatsConnection } from '@nats-io/nats-core';
import {
  NotFoundError,
  type RequestOptions,
  Rpc,
  requestJson,
  Subjects,
  WebhookDisableResponse,
  type WebhookEndpoint,
  WebhookEndpointsResponse,
} from '@verzend/shared';
import { LookupCache } from '../accounts/lookup-cache';
import type { SecretOpener } from '../accounts/secret-opener';

/** An endpoint with its signing secret, opened. */
export interface WebhookTarget {
  endpoint: WebhookEndpoint;
  secret: string;
}

/** Where endpoints come from (a port: unit tests pass a fake). */
export interface WebhookTargetSource {
  /** Every endpoint of a company (enabled or not), cached briefly. */
  forCompany(company: string): Promise<WebhookTarget[]>;
  /** One endpoint, fresh; null when the company has no such endpoint. */
  one(company: string, id: string): Promise<WebhookTarget | null>;
  /** Disables an endpoint that keeps failing; true when this call disabled it. */
  disable(company: string, id: string, reason: string): Promise<boolean>;
}

/** {@link WebhookTargetSource} over the config service's NATS API. */
export class ConfigWebhookTargets implements WebhookTargetSource {
  readonly #nc: NatsConnection;
  readonly #secrets: SecretOpener;
  readonly #cache: LookupCache<WebhookTarget[]>;
  readonly #opts: RequestOptions = { timeoutMs: 5_000 };

  constructor(nc: NatsConnection, secrets: SecretOpener, ttlMs: number) {
    this.#nc = nc;
    this.#secrets = secrets;
    this.#cache = new LookupCache({ ttlMs, maxEntries: 10_000 });
  }

  async #load(company: string, id?: string): Promise<WebhookTarget[]> {
    const reply = await requestJson(
      this.#nc,
      Rpc.configWebhookEndpoints,
      { company, ...(id ? { id } : {}) },
      WebhookEndpointsResponse,
      this.#opts,
    );
    return reply.endpoints
      .filter((e) => e.endpoint.company === company)
      .map((e) => ({
        endpoint: e.endpoint,
        secret: this.#secrets.webhookSecret(company, e.endpoint.id, e.secret),
      }));
  }

  forCompany(company: string): Promise<WebhookTarget[]> {
    return this.#cache.get(company, () => this.#load(company));
  }

  async one(company: string, id: string): Promise<WebhookTarget | null> {
    try {
      return (await this.#load(company, id))[0] ?? null;
    } catch (err) {
      if (err instanceof NotFoundError) {
        return null;
      }
      throw err;
    }
  }

  async disable(company: string, id: string, reason: string): Promise<boolean> {
    const reply = await requestJson(
      this.#nc,
      Rpc.configWebhookDisable,
      { company, id, reason },
      WebhookDisableResponse,
      this.#opts,
    );
    this.#cache.invalidate(company);
    return reply.disabled;
  }

  /** Drops a company's cached endpoints when config announces a webhook change; returns the unsubscribe. */
  watchChanges(): () => void {
    const sub = this.#nc.subscribe(Subjects.configChangedAny, {
      callback: (err, msg) => {
        const [, , , company, kind] = msg?.subject.split('.') ?? [];
        if (!err && company && kind === 'webhook') {
          this.#cache.invalidate(company);
        }
      },
    });
    return () => sub.unsubscribe();
  }
}
