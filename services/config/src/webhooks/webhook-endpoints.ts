/**
 * A company's webhook endpoints (ADR-0024): URL, the status kinds wanted,
 * enabled flag, description, and a Standard Webhooks signing secret
 * (`whsec_` + base64) that is write-only — made here when not given, returned
 * once (at creation and rotation), stored sealed in the secrets bucket like
 * account secrets (ADR-0003) and handed only to the dispatcher, which opens it
 * to sign deliveries (ADR-0018).
 * @module
 */
import { randomBytes, randomUUID } from 'node:crypto';
import {
  NotFoundError,
  type Principal,
  type SealedWebhookEndpoint,
  SecretKeys,
  ValidationError,
  type Versioned,
  type WebhookEndpoint,
  type WebhookEndpointCreate,
  type WebhookEndpointUpdate,
  type WebhookEndpointWithSecret,
} from '@verzend/shared';
import { audit } from '../audit';
import type { ConfigContext } from '../context';
import { ConfigKeys } from '../store/keys';

/** At most this many endpoints per company (each status change is delivered to each). */
export const MAX_ENDPOINTS_PER_COMPANY = 20;

/** A new Standard Webhooks secret: `whsec_` + base64 of 32 random bytes. */
export function newWebhookSecret(): string {
  return `whsec_${randomBytes(32).toString('base64')}`;
}

const now = () => new Date().toISOString();

/** Webhook endpoint operations of one config service instance. */
export class WebhookEndpoints {
  readonly #ctx: ConfigContext;

  constructor(ctx: ConfigContext) {
    this.#ctx = ctx;
  }

  #checkUrl(url: string): void {
    const refusal = this.#ctx.outbound.webhookUrlRefusal(url);
    if (refusal) {
      throw new ValidationError(`The webhook URL cannot be used: ${refusal}.`, {
        errors: [{ path: 'url', message: refusal }],
      });
    }
  }

  async #stored(company: string, id: string): Promise<Versioned<WebhookEndpoint>> {
    const doc = await this.#ctx.config.get<WebhookEndpoint>(ConfigKeys.webhook(company, id));
    if (!doc) {
      throw new NotFoundError(`No webhook endpoint ${id}.`, { extra: { field: 'id' } });
    }
    return doc;
  }

  async #seal(company: string, id: string, secret: string): Promise<void> {
    const key = SecretKeys.webhookSecret(company, id);
    await this.#ctx.secrets.putEnvelope(key, this.#ctx.secrets.seal(secret, key));
  }

  /** Every endpoint of a company, oldest first. */
  async list(company: string): Promise<WebhookEndpoint[]> {
    const docs = await this.#ctx.config.list<WebhookEndpoint>(ConfigKeys.webhookPrefix(company));
    return docs.map((d) => d.value).sort((a, b) => a.createdAt.localeCompare(b.createdAt));
  }

  /** One endpoint. @throws {NotFoundError} also for another company's id. */
  async get(company: string, id: string): Promise<WebhookEndpoint> {
    return (await this.#stored(company, id)).value;
  }

  /**
   * Adds an endpoint; the answer carries its signing secret, the only time it is shown.
   * @throws {ValidationError} for a URL the outbound guard refuses or over the per-company limit.
   */
  async create(actor: Principal, input: WebhookEndpointCreate): Promise<WebhookEndpointWithSecret> {
    const company = actor.company;
    this.#checkUrl(input.url);
    const existing = await this.#ctx.config.keys(ConfigKeys.webhookPrefix(company));
    if (existing.length >= MAX_ENDPOINTS_PER_COMPANY) {
      throw new ValidationError(
        `A company has at most ${MAX_ENDPOINTS_PER_COMPANY} webhook endpoints.`,
      );
    }
    const id = randomUUID();
    const secret = input.secret ?? newWebhookSecret();
    const time = now();
    const stored: WebhookEndpoint = {
      id,
      company,
      url: input.url,
      kinds: [...new Set(input.kinds)],
      enabled: input.enabled,
      description: input.description,
      disabledReason: null,
      secretCreatedAt: time,
      version: 1,
      createdAt: time,
      updatedAt: time,
    };
    try {
      await this.#seal(company, id, secret);
      await this.#ctx.config.create(ConfigKeys.webhook(company, id), stored, {
        message: 'A webhook endpoint with this id exists.',
      });
    } catch (err) {
      await this.#ctx.secrets.deleteKey(SecretKeys.webhookSecret(company, id)).catch(() => {});
      throw err;
    }
    audit(this.#ctx, actor, { kind: 'webhook', action: 'created', id, detail: 'secret set' });
    return { ...stored, secret };
  }

  /** Changes an endpoint; enabling it clears the reason it was disabled for. */
  async update(
    actor: Principal,
    id: string,
    patch: WebhookEndpointUpdate,
  ): Promise<WebhookEndpoint> {
    const company = actor.company;
    const current = await this.#stored(company, id);
    if (patch.url !== undefined) {
      this.#checkUrl(patch.url);
    }
    const next: WebhookEndpoint = {
      ...current.value,
      ...Object.fromEntries(Object.entries(patch).filter(([, v]) => v !== undefined)),
      ...(patch.kinds ? { kinds: [...new Set(patch.kinds)] } : {}),
      ...(patch.enabled === true ? { disabledReason: null } : {}),
      version: current.value.version + 1,
      updatedAt: now(),
    };
    await this.#ctx.config.update(
      ConfigKeys.webhook(company, id),
      next,
      current.revision,
      'The webhook endpoint',
    );
    audit(this.#ctx, actor, { kind: 'webhook', action: 'updated', id });
    return next;
  }

  /** Replaces the signing secret (given, or a new random one) and returns it, this once. */
  async rotateSecret(
    actor: Principal,
    id: string,
    secret: string | undefined,
  ): Promise<WebhookEndpointWithSecret> {
    const company = actor.company;
    const current = await this.#stored(company, id);
    const value = secret ?? newWebhookSecret();
    const time = now();
    const next: WebhookEndpoint = {
      ...current.value,
      secretCreatedAt: time,
      version: current.value.version + 1,
      updatedAt: time,
    };
    await this.#seal(company, id, value);
    await this.#ctx.config.update(
      ConfigKeys.webhook(company, id),
      next,
      current.revision,
      'The webhook endpoint',
    );
    audit(this.#ctx, actor, { kind: 'webhook', action: 'secrets-updated', id, detail: 'secret' });
    return { ...next, secret: value };
  }

  /** Deletes an endpoint and its secret; deliveries still waiting for it are cancelled. */
  async delete(actor: Principal, id: string): Promise<void> {
    const company = actor.company;
    await this.#stored(company, id);
    await this.#ctx.config.delete(ConfigKeys.webhook(company, id));
    await this.#ctx.secrets.deleteKey(SecretKeys.webhookSecret(company, id));
    audit(this.#ctx, actor, { kind: 'webhook', action: 'deleted', id });
  }

  /**
   * Disables an endpoint that keeps failing (asked by the dispatcher) and records
   * why; the audit trail names the system as the actor. False when it was already
   * disabled or is gone.
   */
  async disable(company: string, id: string, reason: string): Promise<boolean> {
    const current = await this.#ctx.config.get<WebhookEndpoint>(ConfigKeys.webhook(company, id));
    if (!current?.value.enabled) {
      return false;
    }
    const next: WebhookEndpoint = {
      ...current.value,
      enabled: false,
      disabledReason: reason,
      version: current.value.version + 1,
      updatedAt: now(),
    };
    await this.#ctx.config.update(
      ConfigKeys.webhook(company, id),
      next,
      current.revision,
      'The webhook endpoint',
    );
    audit(
      this.#ctx,
      { userId: 'system', company },
      { kind: 'webhook', action: 'updated', id, detail: `disabled: ${reason}` },
      company,
    );
    return true;
  }

  /** A company's endpoints (or one) with their sealed secrets, for the dispatcher. */
  async sealed(company: string, id?: string): Promise<SealedWebhookEndpoint[]> {
    const endpoints = id === undefined ? await this.list(company) : [await this.get(company, id)];
    const out: SealedWebhookEndpoint[] = [];
    for (const endpoint of endpoints) {
      const secret = await this.#ctx.secrets.envelope(
        SecretKeys.webhookSecret(company, endpoint.id),
      );
      if (secret) {
        out.push({ endpoint, secret });
      }
    }
    return out;
  }
}
