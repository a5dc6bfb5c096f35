/**
 * The status-change contract the webhooks deliver from (stream `VERZEND_STATUS`,
 * subjects `verzend.status.<company>.<kind>`).
 *
 * TO BE REPLACED: a local copy of the shared contract
 * (`packages/shared/src/contracts/status.ts`) until that lands; then import
 * `StatusChange` and the stream names from `@verzend/shared` and delete this file.
 * @module
 */
import { z } from 'zod';

/** The kinds of status change. */
export const STATUS_KINDS = [
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
] as const;

/** One status change, as published on the status stream. */
export const StatusChange = z
  .object({
    /** Stable per change: the webhook-id of its deliveries. */
    id: z.string().min(1).max(200),
    kind: z.string(),
    company: z.string(),
    at: z.string(),
    eventId: z.string().optional(),
    documentType: z.string().optional(),
    documentNo: z.string().optional(),
    emailId: z.string().optional(),
    accountId: z.string().optional(),
    attempt: z.number().int().optional(),
    messageId: z.string().optional(),
    providerMessageId: z.string().optional(),
    error: z.object({ code: z.string(), text: z.string() }).optional(),
  })
  .loose();
export type StatusChange = z.infer<typeof StatusChange>;

/** The status stream. */
export const StatusStream = { name: 'VERZEND_STATUS', subjects: ['verzend.status.>'] } as const;

/** The subject of a status change. */
export const statusSubject = (company: string, kind: string) => `verzend.status.${company}.${kind}`;
