/**
 * Webhooks for integrations that speak HTTP (ADR-0024): a company's endpoints
 * (config service), the deliveries made to them (dispatcher) and the NATS
 * look-ups between the two. Signing follows the Standard Webhooks
 * specification; the signing secret (`whsec_` + base64) is write-only: it is
 * shown once, in the answer that made it, and stored sealed.
 * @module
 */
import { z } from 'zod';
import { SecretEnvelope } from '../secrets/key-ring';
import { CompanyId, HeaderText, Id } from './common';
import { StatusKind } from './status';

/** A Standard Webhooks signing secret: `whsec_` + base64 of 24 to 64 random bytes. */
export const WebhookSecret = z
  .string()
  .regex(/^whsec_[A-Za-z0-9+/]+={0,2}$/, 'must be "whsec_" followed by base64')
  .refine(
    (v) => {
      const n = Buffer.from(v.slice('whsec_'.length), 'base64').length;
      return n >= 24 && n <= 64;
    },
    { message: 'must encode 24 to 64 bytes' },
  )
  .meta({ example: 'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw' });

/** A status kind an endpoint subscribes to (`email.sent`, `event.failed`…), or `*` for all. */
export const WebhookKind = z.union([z.literal('*'), StatusKind]).meta({ example: 'email.sent' });

/** An endpoint's URL: http(s), no credentials in it, at most 2,048 characters. */
export const WebhookUrl = z
  .url({ protocol: /^https?$/ })
  .max(2048)
  .refine((v) => !/^[a-z]+:\/\/[^/]*@/i.test(v), {
    message: 'must not carry a user name or password',
  })
  .meta({ example: 'https://erp.contoso.example/hooks/verzend' });

const fields = {
  url: WebhookUrl,
  /** Status kinds to deliver; `["*"]` (the default) is every kind. */
  kinds: z.array(WebhookKind).min(1).max(32).default(['*']),
  enabled: z.boolean().default(true),
  description: HeaderText(500).default(''),
};

/** Create request. Without `secret` the server makes one (returned once). */
export const WebhookEndpointCreate = z
  .object({ ...fields, secret: WebhookSecret.optional() })
  .strict()
  .meta({
    id: 'WebhookEndpointCreate',
    example: {
      url: 'https://erp.contoso.example/hooks/verzend',
      kinds: ['email.sent', 'email.failed'],
      description: 'Sent and failed emails to the ERP',
    },
  });
export type WebhookEndpointCreate = z.infer<typeof WebhookEndpointCreate>;

/** Update request (partial). Enabling an endpoint clears its `disabledReason`. */
export const WebhookEndpointUpdate = z
  .object({
    url: fields.url.optional(),
    kinds: z.array(WebhookKind).min(1).max(32).optional(),
    enabled: z.boolean().optional(),
    description: HeaderText(500).optional(),
  })
  .strict()
  .meta({ id: 'WebhookEndpointUpdate' });
export type WebhookEndpointUpdate = z.infer<typeof WebhookEndpointUpdate>;

/** An endpoint as the API returns it (never the secret). */
export const WebhookEndpoint = z
  .object({
    id: Id,
    company: z.string(),
    url: z.string(),
    kinds: z.array(z.string()),
    enabled: z.boolean(),
    description: z.string(),
    /** Why the endpoint was disabled automatically (null when enabled or disabled by a user). */
    disabledReason: z.string().nullable(),
    /** When the signing secret was made or last rotated. */
    secretCreatedAt: z.string(),
    version: z.number().int().nonnegative(),
    createdAt: z.string(),
    updatedAt: z.string(),
  })
  .meta({ id: 'WebhookEndpoint' });
export type WebhookEndpoint = z.infer<typeof WebhookEndpoint>;

/** The answer to create and rotate: the endpoint and, this once, its signing secret. */
export const WebhookEndpointWithSecret = WebhookEndpoint.extend({ secret: WebhookSecret }).meta({
  id: 'WebhookEndpointWithSecret',
});
export type WebhookEndpointWithSecret = z.infer<typeof WebhookEndpointWithSecret>;

/** Rotate request: a given secret, or none for a new random one. */
export const WebhookSecretRotate = z
  .object({ secret: WebhookSecret.optional() })
  .strict()
  .meta({ id: 'WebhookSecretRotate' });

/** True when an endpoint subscribed to `kinds` wants a status of `kind`. */
export function webhookWants(kinds: readonly string[], kind: string): boolean {
  return kinds.includes('*') || kinds.includes(kind);
}

// ---------------------------------------------------------------- deliveries (dispatcher)

/** Where a delivery stands. */
export const WebhookDeliveryStatus = z.enum(['pending', 'succeeded', 'failed', 'cancelled']);
export type WebhookDeliveryStatus = z.infer<typeof WebhookDeliveryStatus>;

/** One HTTP attempt of a delivery. */
export const WebhookAttempt = z.object({
  attempt: z.number().int().positive(),
  at: z.string(),
  /** The receiver's HTTP status; null when there was no answer (time-out, refused connection). */
  responseCode: z.number().int().nullable(),
  durationMs: z.number().int().nonnegative(),
  succeeded: z.boolean(),
  /** Why it failed, when it did (time-out, connection refused, non-2xx…). */
  error: z.string().nullable(),
  /** The start of the receiver's answer body (at most 256 characters). */
  responseExcerpt: z.string().nullable(),
});
export type WebhookAttempt = z.infer<typeof WebhookAttempt>;

/** A delivery of one status change (or a test ping) to one endpoint, with its attempts. */
export const WebhookDelivery = z
  .object({
    id: Id,
    company: z.string(),
    endpointId: Id,
    /** `webhook-id`: the status change's id, the same on every attempt and every "send again". */
    webhookId: z.string(),
    /** The status kind, or `webhook.ping`. */
    type: z.string(),
    status: WebhookDeliveryStatus,
    /** Attempts made so far (the last ones, at most 20). */
    attempts: z.array(WebhookAttempt),
    /** The number of the first attempt of the current round (1, or where the last "send again" began): the retry schedule counts from it. */
    roundStartAttempt: z.number().int().positive(),
    /** When the next attempt is due (pending deliveries). */
    nextAttemptAt: z.string().nullable(),
    createdAt: z.string(),
    updatedAt: z.string(),
    /** The JSON body sent. */
    payload: z.record(z.string(), z.unknown()),
  })
  .meta({ id: 'WebhookDelivery' });
export type WebhookDelivery = z.infer<typeof WebhookDelivery>;

// ---------------------------------------------------------------- NATS (dispatcher ↔ config)

/** Request of `verzend.rpc.config.secret.webhook-endpoints` (one id, or all of a company). */
export const WebhookEndpointsRequest = z.object({ company: CompanyId, id: Id.optional() });

/** An endpoint with its sealed signing secret (bound to `SecretKeys.webhookSecret`). */
export const SealedWebhookEndpoint = z.object({
  endpoint: WebhookEndpoint,
  secret: SecretEnvelope,
});
export type SealedWebhookEndpoint = z.infer<typeof SealedWebhookEndpoint>;

/** Answer: the company's endpoints (every one, enabled or not), with sealed secrets. */
export const WebhookEndpointsResponse = z.object({ endpoints: z.array(SealedWebhookEndpoint) });

/** Request of `verzend.rpc.config.webhook-disable`: the dispatcher disables a failing endpoint. */
export const WebhookDisableRequest = z.object({
  company: CompanyId,
  id: Id,
  reason: z.string().min(1).max(500),
});
export const WebhookDisableResponse = z.object({ disabled: z.boolean() });
