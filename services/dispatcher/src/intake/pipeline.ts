/**
 * What happens to one posted document, independent of how the event arrived:
 * sending profile → report selection → render → email (or draft, or skip) in
 * the outbox. Pure orchestration over {@link PipelinePorts}; de-duplication,
 * acks and retries are the consumer's job (see ADR-0012).
 * @module
 */
import {
  type BlobRefT,
  type ComposeEmail,
  type Content,
  type DocumentPostedEvent,
  type EmailAttachment,
  NotFoundError,
  type PaymentLinkInput,
  type RelatedRecord,
  type RenderRequest,
  type RenderResult,
  type ReportSelectionEntry,
  type ReportUsage,
  UnprocessableError,
  ValidationError,
} from '@verzend/shared';
import { attachmentPlan, DOCX_CONTENT_TYPE, PDF_CONTENT_TYPE } from './attachment-plan';
import { eDocumentAttachment } from './e-document';
import {
  attachmentFileName,
  buildSubject,
  chooseLanguage,
  defaultBody,
  documentName,
} from './i18n';
import { isPayable, scenarioForUsage, usageForDocumentType } from './mapping';
import type { PipelinePorts } from './ports';

/** Pipeline stages, timed for the stage-timing metrics and the benchmark. */
export type Stage = 'profile' | 'selection' | 'render' | 'enqueue';

/** The result of processing one event. */
export interface Outcome {
  status: 'queued' | 'draft' | 'skipped';
  /** Why it was skipped (null otherwise). */
  reason: string | null;
  emailId: string | null;
  /** RFC 5322 Message-ID of the email or draft (null when skipped). */
  messageId: string | null;
  scenario: string;
  usage: ReportUsage;
  /** Code of the sending profile applied; null when none is set up. */
  sendingProfile: string | null;
  subject: string | null;
  warnings: string[];
  timings: Partial<Record<Stage, number>>;
}

/** A selected layout for one part of the email. */
interface Selected {
  body: ReportSelectionEntry | undefined;
  attachments: ReportSelectionEntry[];
}

function pickEntries(entries: ReportSelectionEntry[], usage: ReportUsage): Selected {
  const sorted = [...entries].sort((a, b) => a.sequence - b.sequence);
  const body = sorted.find((e) => e.useForEmailBody);
  if (body && !body.bodyLayoutId) {
    throw new UnprocessableError(
      'LAYOUT_INVALID',
      `The report selection for ${usage} (sequence ${body.sequence}) uses report ${body.reportId} for the email body but names no body layout.`,
    );
  }
  const attachments = sorted.filter((e) => e.useForEmailAttachment);
  for (const a of attachments) {
    if (!a.attachmentLayoutId) {
      throw new UnprocessableError(
        'LAYOUT_INVALID',
        `The report selection for ${usage} (sequence ${a.sequence}) uses report ${a.reportId} for the attachment but names no attachment layout.`,
      );
    }
  }
  return { body, attachments };
}

async function contentText(
  content: Content | null,
  ports: PipelinePorts,
): Promise<string | undefined> {
  if (content === null) {
    return undefined;
  }
  if ('inline' in content) {
    return content.inline;
  }
  return new TextDecoder().decode(await ports.blobs.getBytes(content.blob.sha256));
}

function warningsOf(result: RenderResult): string[] {
  return result.warnings.map((w) => `${w.code}: ${w.message}`);
}

function relatedRecords(event: DocumentPostedEvent): RelatedRecord[] {
  const records: RelatedRecord[] = [
    { recordType: event.documentType, recordId: event.documentNo, relation: 'primary-source' },
    { recordType: 'customer', recordId: event.customer.no, relation: 'related-entity' },
    { recordType: 'user', recordId: event.postingUser.id, relation: 'related-entity' },
  ];
  const seen = new Set(records.map((r) => `${r.recordType}/${r.recordId}`));
  for (const r of event.relatedRecords) {
    const key = `${r.recordType}/${r.recordId}`;
    if (!seen.has(key)) {
      seen.add(key);
      records.push(r);
    }
  }
  return records.slice(0, 100);
}

/**
 * Processes one posted document. Safe to run again for the same event: the
 * outbox derives the email id from company and event id (and `receivedAt`),
 * so a replay returns the email already accepted instead of a second one.
 * @throws {AppError} with `retry` true for transient failures (renderer or config unavailable),
 *   false for ones that need a person (missing layout, customer without email, account without credentials).
 */
export async function processEvent(
  event: DocumentPostedEvent,
  ports: PipelinePorts,
  context: {
    receivedAt?: string;
    firstTry?: boolean;
    /** The event's request id: passed on to the renderer and the outbox pointer. */
    requestId?: string;
    /** Called once the body and documents are rendered, before the email goes to the outbox. */
    onRendered?: () => Promise<void>;
  } = {},
): Promise<Outcome> {
  const timings: Partial<Record<Stage, number>> = {};
  const timed = async <T>(stage: Stage, work: () => Promise<T>): Promise<T> => {
    const started = performance.now();
    try {
      return await work();
    } finally {
      timings[stage] = (timings[stage] ?? 0) + (performance.now() - started);
    }
  };
  const { company, customer, documentType, documentNo } = event;
  const dataset = event.dataset ?? {};
  const usage = event.reportUsage ?? usageForDocumentType(documentType);
  const scenario = scenarioForUsage(usage);

  // 1. Document sending profile: the customer's, else the company default.
  const profile = await timed('profile', () =>
    ports.config.sendingProfile(company, customer.sendingProfile),
  );
  if (customer.sendingProfile && profile === null) {
    throw new NotFoundError(
      `Customer ${customer.no} uses document sending profile "${customer.sendingProfile}", which does not exist.`,
    );
  }
  const base = {
    scenario,
    usage,
    sendingProfile: profile?.code ?? null,
    timings,
  };
  if (profile?.email === 'no') {
    return {
      ...base,
      status: 'skipped',
      reason: `Document sending profile ${profile.code} does not email documents (E-Mail: No).`,
      emailId: null,
      messageId: null,
      subject: null,
      warnings: [],
    };
  }
  // No profile set up at all: an ERP that publishes the event wants it emailed (see ADR-0013).
  const mode: ComposeEmail['mode'] = profile?.email === 'yes-prompt' ? 'draft' : 'send';
  if (mode === 'send' && customer.emails.length === 0) {
    throw new ValidationError(
      `Customer ${customer.no} (${customer.name}) has no email address. Add one in the ERP, or use a sending profile that prompts so a person can complete the draft.`,
      { code: 'INVALID_ADDRESS', retry: false },
    );
  }

  // 2. Report selection for the usage (customer override first).
  const selection = await timed('selection', () =>
    ports.config.reportSelection(company, usage, customer.no),
  );
  if (selection === null) {
    throw new NotFoundError(
      `No report selection for ${usage}: set one up for the company (or for customer ${customer.no}).`,
    );
  }
  const chosen = pickEntries(selection.entries, usage);

  // 3. Render body and attachment documents.
  const { language, locale } = chooseLanguage(customer.language, dataset.language);
  const companyName = dataset.companyName;
  const subject = buildSubject(documentType, documentNo, companyName, language);
  const warnings: string[] = [];
  let payment: PaymentLinkInput | undefined;
  if (chosen.body && isPayable(documentType, dataset.amountDue)) {
    const settings = await timed('selection', () => ports.config.paymentSettings(company));
    const paypal = settings.paypal;
    if (paypal?.enabled) {
      if (dataset.currency) {
        payment = {
          merchantEmail: paypal.merchantEmail,
          environment: paypal.environment,
          linkText: paypal.linkText,
          amount: dataset.amountDue ?? 0,
          currency: dataset.currency,
          documentNo,
          itemName: `${documentName(documentType, language)} ${documentNo}`.slice(0, 127),
          documentType,
        };
      } else {
        warnings.push('NO_CURRENCY: the dataset has no currency, so no payment link was added.');
      }
    }
  }
  const data: { data: Record<string, unknown> } | { dataBlob: BlobRefT } = event.datasetBlob
    ? { dataBlob: event.datasetBlob }
    : { data: dataset };
  const plan = attachmentPlan(profile?.attachmentFormat);
  const attachments: EmailAttachment[] = [];
  // The e-document is checked before anything is rendered: a missing or broken one fails the event at once.
  const eDocument = plan.eDocument
    ? await eDocumentAttachment(event, profile?.code ?? '', language, companyName, ports.blobs)
    : null;
  const report = plan.report;
  const pdfA = (layoutId: string) =>
    chosen.attachments.some((a) => a.attachmentLayoutId === layoutId && a.pdfA);
  const render = (layoutId: string, includeBody: boolean, attach: boolean) =>
    ports.renderer.render(
      {
        company,
        layout: { layoutId },
        locale,
        ...(dataset.currency ? { currency: dataset.currency } : {}),
        ...(includeBody && payment ? { payment } : {}),
        options: {
          strict: false,
          includeBody,
          includeDocx: attach && report === 'docx',
          headerFooter: !includeBody || chosen.body?.bodyHeaderFooter !== false,
          includePdf: attach && report === 'pdf',
          ...(attach && report === 'pdf'
            ? {
                pdf: {
                  pdfA: pdfA(layoutId),
                  title: `${documentName(documentType, language)} ${documentNo}`,
                  ...(companyName ? { author: companyName } : {}),
                },
              }
            : {}),
        },
        ...data,
      } as RenderRequest,
      context.requestId,
    );

  // Renders run at once and finish in any order: where each result goes is fixed by the
  // layout's place in the report selection, never by which render finished first.
  const images: EmailAttachment[] = [];
  const documents: EmailAttachment[] = [];
  const addDocument = async (result: RenderResult, position: number) => {
    const file = report === 'pdf' ? result.pdf : result.docx;
    if (file === null) {
      throw new UnprocessableError(
        'RENDER_FAILED',
        `The renderer returned no ${report === 'pdf' ? 'PDF' : 'Word document'} for the attachment layout.`,
      );
    }
    const blob =
      'blob' in file
        ? file.blob
        : await ports.blobs.putBytes(Buffer.from(file.base64, 'base64'), company);
    // The second report attachment gets "(2)"; inline images of the body do not count.
    const ordinal = position === 0 ? '' : ` (${position + 1})`;
    documents[position] = {
      fileName: attachmentFileName(
        documentType,
        `${documentNo}${ordinal}`,
        language,
        report ?? 'pdf',
      ),
      contentType: report === 'pdf' ? PDF_CONTENT_TYPE : DOCX_CONTENT_TYPE,
      blob,
      inline: false,
    };
  };

  let html: string | undefined;
  let text: string | undefined;
  await timed('render', async () => {
    // An e-document-only profile attaches no printed report.
    const attachmentLayouts =
      report === null
        ? []
        : [...new Set(chosen.attachments.map((a) => a.attachmentLayoutId ?? ''))].filter(
            (id) => id !== '',
          );
    const bodyLayout = chosen.body?.bodyLayoutId;
    const jobs: Promise<void>[] = [];
    if (bodyLayout) {
      const alsoAttach = attachmentLayouts.includes(bodyLayout);
      jobs.push(
        (async () => {
          const result = await render(bodyLayout, true, alsoAttach);
          warnings.push(...warningsOf(result));
          html = await contentText(result.html, ports);
          text = await contentText(result.text, ports);
          for (const image of result.inlineImages) {
            images.push({
              fileName: image.fileName,
              contentType: image.contentType,
              blob: image.blob,
              contentId: image.contentId,
              inline: true,
            });
          }
          if (alsoAttach) {
            await addDocument(result, attachmentLayouts.indexOf(bodyLayout));
          }
        })(),
      );
    }
    for (const layoutId of attachmentLayouts.filter((id) => id !== bodyLayout)) {
      jobs.push(
        (async () => {
          const result = await render(layoutId, false, true);
          warnings.push(...warningsOf(result));
          await addDocument(result, attachmentLayouts.indexOf(layoutId));
        })(),
      );
    }
    const settled = await Promise.allSettled(jobs);
    const failed = settled.find((s): s is PromiseRejectedResult => s.status === 'rejected');
    if (failed) {
      throw failed.reason;
    }
    attachments.push(...images, ...documents.filter((d) => d !== undefined));
  });
  if (!chosen.body) {
    const fallback = defaultBody({
      documentType,
      documentNo,
      customerName: customer.name,
      companyName,
      language,
    });
    html = fallback.html;
    text = fallback.text;
  }
  if (eDocument) {
    attachments.push(eDocument);
  }
  await context.onRendered?.();
  for (const extra of event.extraAttachments) {
    attachments.push({
      fileName: extra.fileName,
      contentType: extra.contentType,
      blob: extra.blob,
      inline: false,
    });
  }

  // 4. Into the outbox (durable before this resolves).
  const email: ComposeEmail = {
    to: customer.emails.map((address) => ({ address, name: customer.name })),
    cc: [],
    bcc: [],
    replyTo: [],
    subject,
    ...(html !== undefined ? { html } : {}),
    ...(text !== undefined ? { text } : {}),
    attachments,
    scenario,
    relatedRecords: relatedRecords(event),
    headers: { 'X-Verzend-Event-Id': event.eventId },
    mode,
    addDefaultAttachments: true,
  };
  const record = await timed('enqueue', () =>
    ports.outbox.enqueue({
      company,
      owner: {
        userId: event.postingUser.id,
        email: event.postingUser.email,
        name: event.postingUser.name,
        // The outbox applies compose's rule: only a full licence sends; anyone may make a draft.
        licence: event.postingUser.licence ?? 'full',
      },
      email,
      sourceEventId: event.eventId,
      ...(context.receivedAt ? { sourceReceivedAt: context.receivedAt } : {}),
      ...(context.firstTry ? { sourceFirstTry: true } : {}),
      ...(context.requestId ? { requestId: context.requestId } : {}),
    }),
  );
  return {
    ...base,
    status: mode === 'draft' ? 'draft' : 'queued',
    reason: null,
    emailId: record.id,
    messageId: record.messageId,
    subject,
    warnings,
  };
}
