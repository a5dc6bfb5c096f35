/**
 * The ERP "document posted" event: published on
 * `verzend.events.<company>.<documentType>.posted` with
 * `Nats-Msg-Id` = `<company>.<eventId>`, or POSTed to `/v1/events`.
 * @module
 */
import { z } from 'zod';
import { LicenceTypes } from '../auth';
import { BlobRef, EmailAddress, HeaderText, Id, RelatedRecord } from './common';
import { ReportUsage } from './setup';

/** Document types an ERP posts. */
export const DocumentType = z.enum([
  'sales-quote',
  'sales-order',
  'sales-invoice',
  'sales-credit-memo',
  'reminder',
  'finance-charge',
  'customer-statement',
  'purchase-quote',
  'purchase-order',
  'vendor-remittance',
  'service-invoice',
]);
export type DocumentType = z.infer<typeof DocumentType>;

/** The customer (or vendor) the document is for. */
export const EventCustomer = z.object({
  no: z.string().min(1).max(20),
  name: HeaderText(250),
  emails: z.array(EmailAddress).max(50).default([]),
  sendingProfile: z.string().max(20).optional(),
  language: z.string().max(35).optional(),
});

/** The report dataset: header, lines, totals. Free-form beyond the fields Verzend reads. */
export const ReportDataset = z
  .object({
    currency: z
      .string()
      .regex(/^[A-Z]{3}$/)
      .optional(),
    language: z.string().max(35).optional(),
    /** Open amount (for the payment link). */
    amountDue: z.number().optional(),
    /** The company's name as printed on the document (used in the email subject). */
    companyName: z.string().max(250).optional(),
  })
  .catchall(z.unknown());

/**
 * The ERP's electronic document (e.g. a PEPPOL BIS Billing 3.0 UBL invoice): Verzend checks it is
 * well-formed XML with the declared root element and attaches it; it never produces one.
 */
export const EDocument = z
  .object({
    /** The ERP's format id (BC "Electronic Document Format" code), e.g. "PEPPOL BIS3". */
    format: z.string().min(1).max(20),
    /** Local name of the root element the XML must have, e.g. "Invoice" or "CreditNote". */
    rootElement: z
      .string()
      .regex(/^[A-Za-z_][A-Za-z0-9_.-]*$/)
      .max(100),
    /** Namespace the root element must have, when the format fixes one. */
    namespace: z.string().max(300).optional(),
    /** The XML inline (≤ 700 KB) … */
    xml: z.string().min(1).max(700_000).optional(),
    /** … or in the object store (larger documents). */
    blob: BlobRef.optional(),
  })
  .refine((d) => (d.xml === undefined) !== (d.blob === undefined), {
    message: 'give the XML inline (xml) or as an object-store reference (blob), not both',
    path: ['xml'],
  })
  .meta({ id: 'EDocument' });
export type EDocument = z.infer<typeof EDocument>;

/** The posted-document event. */
export const DocumentPostedEvent = z
  .object({
    eventId: Id,
    company: z.string().regex(/^[A-Za-z0-9_-]{1,64}$/),
    documentType: DocumentType,
    documentNo: z.string().min(1).max(20),
    reportUsage: ReportUsage.optional(),
    dataset: ReportDataset.optional(),
    datasetBlob: BlobRef.optional(),
    customer: EventCustomer,
    relatedRecords: z.array(RelatedRecord).max(100).default([]),
    /**
     * Who posted the document: the owner of the email. Over HTTP it must be the
     * caller unless the token has `email-integration` (then the caller names the
     * user and, optionally, the user's licence). Events published over NATS come
     * from the company's ERP credential and are integration events by nature.
     */
    postingUser: z.object({
      id: z.string().min(1).max(128),
      email: EmailAddress.optional(),
      name: z.string().max(250).optional(),
      /** The user's licence; sending needs `full`, as in compose (default `full`). */
      licence: z.enum(LicenceTypes).optional(),
    }),
    extraAttachments: z
      .array(
        z.object({ fileName: HeaderText(250), contentType: z.string().max(255), blob: BlobRef }),
      )
      .max(50)
      .default([]),
    /** The electronic document, for sending profiles that attach one. */
    eDocument: EDocument.optional(),
    postedAt: z.iso.datetime({ offset: true }).optional(),
  })
  .refine((e) => e.dataset !== undefined || e.datasetBlob !== undefined, {
    message: 'dataset or datasetBlob is required',
    path: ['dataset'],
  })
  .meta({
    id: 'DocumentPostedEvent',
    example: {
      eventId: 'SI-103045-1',
      company: 'cronus',
      documentType: 'sales-invoice',
      documentNo: '103045',
      reportUsage: 'sales-invoice',
      dataset: {
        currency: 'EUR',
        language: 'en-GB',
        amountDue: 1830.17,
        companyName: 'CRONUS',
        Customer: { No: '10000', Name: 'Adatum Corporation' },
        Lines: [{ No: '1896-S', Description: 'ATHENS Desk', Quantity: 2, Amount: 1298.8 }],
        Totals: { Subtotal: 1512.53, VatAmount: 317.64, Total: 1830.17 },
      },
      customer: {
        no: '10000',
        name: 'Adatum Corporation',
        emails: ['robert.townes@adatum.example.com'],
        sendingProfile: 'EMAIL',
        language: 'en-GB',
      },
      relatedRecords: [],
      postingUser: { id: 'anna', email: 'anna@cronus.example.com', name: 'Anna Lindqvist' },
      extraAttachments: [],
    },
  });
export type DocumentPostedEvent = z.infer<typeof DocumentPostedEvent>;

/**
 * What happened to an event: `received` → `processing` → `rendered` → `queued` → `sent`, or
 * `failed`, `skipped`, `draft`. `queued` and `draft` follow the email: `sent` when it is sent,
 * `failed` when it fails or is cancelled, `queued` again when it is sent again (ADR-0023).
 */
export const EventStatus = z.enum([
  'received',
  'processing',
  'rendered',
  'queued',
  'sent',
  'draft',
  'skipped',
  'failed',
]);
export type EventStatus = z.infer<typeof EventStatus>;

/** The record kept per event (KV `verzend_event_records`, key `<company>.<eventId>`). */
export const EventRecord = z
  .object({
    eventId: Id,
    company: z.string(),
    documentType: DocumentType,
    documentNo: z.string(),
    status: EventStatus,
    reason: z.string().nullable(),
    errorCode: z.string().nullable(),
    emailId: z.string().nullable(),
    attempts: z.number().int(),
    receivedAt: z.string(),
    updatedAt: z.string(),
    /** Scenario the email was sent under (from the document type or report usage). */
    scenario: z.string().nullable().optional(),
    /** Report usage whose selection was used. */
    usage: z.string().nullable().optional(),
    /** Document sending profile applied (null: none set up, emailed with default settings). */
    sendingProfile: z.string().nullable().optional(),
    /** Subject of the email or draft. */
    subject: z.string().nullable().optional(),
    /** Render warnings the layout designer can act on. */
    warnings: z.array(z.string()).optional(),
    /** When an automatic retry of a transient failure is due. */
    nextAttemptAt: z.string().nullable().optional(),
    /** RFC 5322 Message-ID of the email (from when it is queued). */
    messageId: z.string().nullable().optional(),
    /** The provider's id for the sent message, once sent (SMTP reply, Graph message id). */
    providerMessageId: z.string().nullable().optional(),
    /** When the email was sent. */
    sentAt: z.string().nullable().optional(),
    /** The last error of the event or its email: a stable code and its text (null once sent). */
    lastError: z.object({ code: z.string(), text: z.string() }).nullable().optional(),
  })
  .meta({
    id: 'EventRecord',
    example: {
      eventId: 'SI-103045-1',
      company: 'cronus',
      documentType: 'sales-invoice',
      documentNo: '103045',
      status: 'sent',
      reason: null,
      errorCode: null,
      emailId: '0mwya2cs68a60557c573c63c6',
      attempts: 1,
      receivedAt: '2026-11-27T09:00:00.120Z',
      updatedAt: '2026-11-27T09:00:01.431Z',
      scenario: 'sales-invoice',
      usage: 'sales-invoice',
      sendingProfile: 'EMAIL',
      subject: 'Invoice 103045 from CRONUS',
      warnings: [],
      nextAttemptAt: null,
      messageId: '<0mwya2cs68a60557c573c63c6@cronus.verzend>',
      providerMessageId: '250 2.0.0 Ok: queued as 4Xk2',
      sentAt: '2026-11-27T09:00:01.412Z',
      lastError: null,
    },
  });
export type EventRecord = z.infer<typeof EventRecord>;
