/**
 * Status changes of emails and posting events, as the dispatcher publishes them
 * on the JetStream stream `VERZEND_STATUS`, one message per change on
 * `verzend.status.<company>.<kind>` (so `verzend.status.cronus.email.sent`),
 * with `Nats-Msg-Id` = `<company>.<id>`. ERP integrations consume the stream
 * (their credential reads only their company's subjects), and webhooks deliver
 * the same payload over HTTP with `id` as `webhook-id` (docs/events.md,
 * ADR-0023).
 * @module
 */
import { z } from 'zod';

/**
 * What changed. `email.*` follow the email record (`GET /v1/emails/{id}`), `event.*` the
 * posting-event record (`GET /v1/events/{id}`):
 * - `email.queued` — in the outbox, waiting for its account (also after "send again");
 * - `email.sending` — an attempt started (`attempt`);
 * - `email.retrying` — an attempt failed transiently and another is scheduled (`error`);
 * - `email.sent` — the provider accepted it (`messageId`, `providerMessageId`);
 * - `email.failed` — given up (`error`): needs a person;
 * - `email.cancelled` — cancelled by a user before it was sent;
 * - `email.draft` — a draft for a person to complete and send;
 * - `event.received` — a posting event was accepted;
 * - `event.rendered` — its body and documents are rendered;
 * - `event.queued` / `event.draft` — its email (`emailId`) is in the outbox / a draft;
 * - `event.sent` — its email was sent (`messageId`, `providerMessageId`);
 * - `event.failed` — the event or its email failed (`error`);
 * - `event.skipped` — the customer's sending profile does not email documents (`error.text` says why).
 */
export const StatusKind = z.enum([
  'email.queued',
  'email.sending',
  'email.retrying',
  'email.sent',
  'email.failed',
  'email.cancelled',
  'email.draft',
  'event.received',
  'event.rendered',
  'event.queued',
  'event.sent',
  'event.failed',
  'event.skipped',
  'event.draft',
]);
export type StatusKind = z.infer<typeof StatusKind>;

/** A reason: a stable error code (ADR-0002, or the provider's classification) and its text. */
export const StatusError = z.object({
  code: z.string(),
  text: z.string(),
});
export type StatusError = z.infer<typeof StatusError>;

/** One status change: the payload of a `verzend.status.<company>.<kind>` message. */
export const StatusUpdate = z
  .object({
    /**
     * Stable per change: `<emailId>:<n>` (the n-th change of the email) or
     * `<eventId>:<kind>:<n>`. The same change published twice carries the same id, so
     * receivers de-duplicate on it (delivery is at least once); the stream's own
     * de-duplication uses `<company>.<id>` as `Nats-Msg-Id`.
     */
    id: z.string(),
    kind: StatusKind,
    company: z.string(),
    /** When the change happened (ISO 8601). */
    at: z.string(),
    /** The posting event (for `event.*`, and `email.*` of an email made from one). */
    eventId: z.string().optional(),
    documentType: z.string().optional(),
    documentNo: z.string().optional(),
    emailId: z.string().optional(),
    /** The account the email is sent through. */
    accountId: z.string().optional(),
    /** Number of the delivery attempt (`email.sending`, `email.retrying`, `email.sent`, `email.failed`). */
    attempt: z.number().int().optional(),
    /** RFC 5322 Message-ID of the email (fixed when it is queued). */
    messageId: z.string().optional(),
    /** The provider's id for the sent message (SMTP queue id, Graph message id) when it gave one. */
    providerMessageId: z.string().optional(),
    /** Why: for `*.failed`, `email.retrying`, `email.cancelled` and `event.skipped`. */
    error: StatusError.optional(),
  })
  .meta({
    id: 'StatusUpdate',
    example: {
      id: '0mwya2cs68a60557c573c63c6:3',
      kind: 'email.sent',
      company: 'cronus',
      at: '2026-11-27T09:00:01.412Z',
      eventId: 'SI-103045-1',
      documentType: 'sales-invoice',
      documentNo: '103045',
      emailId: '0mwya2cs68a60557c573c63c6',
      accountId: 'sales',
      attempt: 1,
      messageId: '<0mwya2cs68a60557c573c63c6@cronus.verzend>',
      providerMessageId: '250 2.0.0 Ok: queued as 4Xk2',
    },
  });
export type StatusUpdate = z.infer<typeof StatusUpdate>;
