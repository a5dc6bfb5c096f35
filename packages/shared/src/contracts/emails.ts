/**
 * Emails: what clients compose, what the outbox carries, and the record kept
 * for the Outbox and Sent Emails views.
 * @module
 */
import { z } from 'zod';
import { BlobRef, HeaderText, Id, Mailbox, RecipientInput, RelatedRecord } from './common';
import { ScenarioCode } from './setup';

/** Exchange Online's cap, applied to every connector: To + Cc + Bcc ≤ 500. */
export const MAX_RECIPIENTS = 500;
/** Total attachment size per email. */
export const MAX_ATTACHMENT_BYTES = 100 * 1024 * 1024;

/** Email statuses. Draft → Queued → Processing → Sent | Failed (→ Queued on retry or "send again"). */
export const EmailStatus = z.enum(['draft', 'queued', 'processing', 'sent', 'failed', 'cancelled']);
export type EmailStatus = z.infer<typeof EmailStatus>;

/** An attachment as stored with an email (content in the blob store). */
export const EmailAttachment = z.object({
  fileName: HeaderText(250),
  contentType: z.string().max(255).default('application/octet-stream'),
  blob: BlobRef,
  /** Set for inline (CID) images referenced from the HTML body. */
  contentId: HeaderText(250).optional(),
  inline: z.boolean().default(false),
});
export type EmailAttachment = z.infer<typeof EmailAttachment>;

const headerName = z
  .string()
  .regex(/^[A-Za-z0-9-]{1,76}$/, 'must be a header field name')
  .refine(
    (n) =>
      /^X-/i.test(n) || ['List-Unsubscribe', 'List-Unsubscribe-Post', 'Auto-Submitted'].includes(n),
    {
      message: 'only X-… headers, List-Unsubscribe(-Post) and Auto-Submitted may be set',
    },
  );

/** The compose request (JSON form; multipart carries the same as a `message` part plus files). */
export const ComposeEmail = z
  .object({
    to: z.array(RecipientInput).default([]),
    cc: z.array(RecipientInput).default([]),
    bcc: z.array(RecipientInput).default([]),
    replyTo: z.array(RecipientInput).max(10).default([]),
    subject: HeaderText(2048),
    html: z
      .string()
      .max(10 * 1024 * 1024)
      .optional(),
    text: z
      .string()
      .max(10 * 1024 * 1024)
      .optional(),
    /** Attachments already in the blob store (uploaded before, or default attachments). */
    attachments: z.array(EmailAttachment).max(250).default([]),
    scenario: ScenarioCode.optional(),
    accountId: Id.optional(),
    relatedRecords: z.array(RelatedRecord).max(100).default([]),
    headers: z.record(headerName, HeaderText(998)).default({}),
    /** Not before (ISO 8601). */
    notBefore: z.iso.datetime({ offset: true }).optional(),
    /** send: queue now; draft: keep as a draft to edit and send later. */
    mode: z.enum(['send', 'draft']).default('send'),
    /** Add the scenario's auto-add default attachments. */
    addDefaultAttachments: z.boolean().default(true),
  })
  .strict()
  .meta({
    id: 'ComposeEmail',
    example: {
      to: ['ap@fabrikam.example'],
      subject: 'Invoice 103045 from CRONUS',
      html: '<p>Dear customer, please find attached…</p>',
      scenario: 'sales-invoice',
      relatedRecords: [
        { recordType: 'sales-invoice', recordId: '103045', relation: 'primary-source' },
      ],
    },
  });
export type ComposeEmail = z.infer<typeof ComposeEmail>;

/** One delivery attempt. */
export const Attempt = z.object({
  number: z.number().int().min(1),
  startedAt: z.string(),
  finishedAt: z.string().nullable(),
  outcome: z.enum([
    'in-flight',
    'sent',
    'transient-error',
    'permanent-error',
    'throttled',
    'interrupted',
  ]),
  error: z.string().max(2048).nullable(),
  errorCode: z.string().max(64).nullable(),
  /** SMTP reply code or Graph HTTP status. */
  providerStatus: z.number().int().nullable(),
  dispatcherId: z.string().max(128).nullable(),
});
export type Attempt = z.infer<typeof Attempt>;

/** A status change, for the audit trail of an email. */
export const StatusChange = z.object({
  status: EmailStatus,
  at: z.string(),
  reason: z.string().max(2048).nullable(),
});

/** The stored email record (KV `verzend_emails`, key `<company>.<id>`). */
export const EmailRecord = z
  .object({
    id: Id,
    company: z.string(),
    status: EmailStatus,
    /** RFC 5322 Message-ID, fixed at enqueue so a resend after a crash is recognisable. */
    messageId: z.string(),
    accountId: Id,
    connector: z.string(),
    scenario: z.string(),
    /** Account address at enqueue (BC "Send From"). */
    sendFrom: z.string(),
    ownerUserId: z.string(),
    ownerEmail: z.string().nullable(),
    from: Mailbox.nullable(),
    to: z.array(Mailbox),
    cc: z.array(Mailbox),
    bcc: z.array(Mailbox),
    replyTo: z.array(Mailbox),
    subject: z.string(),
    /** Body content in the blob store. */
    htmlBody: BlobRef.nullable(),
    textBody: BlobRef.nullable(),
    attachments: z.array(EmailAttachment),
    headers: z.record(z.string(), z.string()),
    relatedRecords: z.array(RelatedRecord),
    notBefore: z.string().nullable(),
    nextAttemptAt: z.string().nullable(),
    attempts: z.array(Attempt),
    history: z.array(StatusChange),
    lastError: z.string().nullable(),
    providerMessageId: z.string().nullable(),
    /** Event that produced it, when it came from a posting event. */
    sourceEventId: z.string().nullable(),
    /**
     * Dispatch generation: bumped each time the email is put on the outbox (enqueue, send
     * again), so a stale outbox pointer of an earlier generation is recognised and dropped;
     * `firstAttempt` is the number of the generation's first attempt (max attempts count from it);
     * `pointerSeq` is the outbox stream sequence of the pointer that claimed this dispatch (set on
     * its first attempt), so a second copy of the same pointer never sends it again.
     */
    dispatch: z
      .object({
        generation: z.number().int().min(0),
        firstAttempt: z.number().int().min(1),
        pointerSeq: z.number().int().min(1).optional(),
      })
      .optional(),
    createdAt: z.string(),
    updatedAt: z.string(),
    sentAt: z.string().nullable(),
  })
  .meta({ id: 'EmailRecord' });
export type EmailRecord = z.infer<typeof EmailRecord>;

/** The outbox work item on JetStream: a pointer to the record (the record holds the state). */
export const OutboxMessage = z.object({
  company: z.string(),
  emailId: Id,
  accountId: Id,
});
export type OutboxMessage = z.infer<typeof OutboxMessage>;
