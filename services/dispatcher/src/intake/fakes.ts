/**
 * In-memory ports for unit tests of the intake: a config with profiles,
 * selections and payment settings, a renderer that echoes the data it got,
 * a blob store, an outbox and a telemetry sink that remember what they saw.
 * @module
 */
import { createHash } from 'node:crypto';
import {
  type BlobRefT,
  type EmailRecord,
  NotFoundError,
  type PaymentSettings,
  type RenderRequest,
  type RenderResult,
  type ReportSelection,
  type SendingProfile,
  type TelemetryDims,
  type TelemetryEventName,
} from '@verzend/shared';
import type { EnqueueRequest, OutboxPort } from '../outbox/port';
import type { TelemetrySink } from './handler';
import type { IntakeBlobs, IntakeConfig, IntakeRenderer, PipelinePorts } from './ports';

/** Configuration held in memory. */
export class FakeConfig implements IntakeConfig {
  profiles: SendingProfile[] = [];
  selections: ReportSelection[] = [];
  payment: PaymentSettings = { paypal: null };
  failWith: Error | undefined;

  async sendingProfile(_company: string, code: string | undefined) {
    if (this.failWith) {
      throw this.failWith;
    }
    return this.profiles.find((p) => (code ? p.code === code : p.isDefault)) ?? null;
  }

  async reportSelection(_company: string, usage: string, customerNo: string) {
    return (
      this.selections.find((s) => s.usage === usage && s.customerNo === customerNo) ??
      this.selections.find((s) => s.usage === usage && s.customerNo === null) ??
      null
    );
  }

  async paymentSettings() {
    return this.payment;
  }
}

/** A renderer that returns the data's lines as HTML, and a tiny "docx" naming the layout. */
export class FakeRenderer implements IntakeRenderer {
  readonly requests: RenderRequest[] = [];
  failWith: Error | undefined;
  missingLayouts = new Set<string>();
  /** Give body renders one inline image (a logo). */
  withImage = false;
  /** Renders of these layouts answer only after the given number of event-loop turns. */
  slowLayouts = new Map<string, number>();

  async render(request: RenderRequest): Promise<RenderResult> {
    this.requests.push(request);
    const slow = 'layoutId' in request.layout ? this.slowLayouts.get(request.layout.layoutId) : 0;
    for (let turn = 0; turn < (slow ?? 0); turn++) {
      await new Promise((r) => setImmediate(r));
    }
    if (this.failWith) {
      throw this.failWith;
    }
    const layoutId = 'layoutId' in request.layout ? request.layout.layoutId : 'inline';
    if (this.missingLayouts.has(layoutId)) {
      throw new NotFoundError(`No layout ${layoutId}.`);
    }
    const data = 'data' in request ? request.data : {};
    const link = request.payment
      ? `https://www.sandbox.paypal.com/cgi-bin/webscr?amount=${request.payment.amount}`
      : null;
    const html = `<p>${layoutId}</p><pre>${JSON.stringify(data)}</pre>${link ? `<a href="${link}">${request.payment?.linkText}</a>` : ''}`;
    return {
      html: request.options.includeBody ? { inline: html } : null,
      text: request.options.includeBody ? { inline: `${layoutId}\n${JSON.stringify(data)}` } : null,
      docx: request.options.includeDocx
        ? { base64: Buffer.from(`docx:${layoutId}`).toString('base64') }
        : null,
      pdf: request.options.includePdf
        ? {
            base64: Buffer.from(`%PDF-${layoutId}:${JSON.stringify(request.options.pdf)}`).toString(
              'base64',
            ),
          }
        : null,
      pdfPages: request.options.includePdf ? 1 : 0,
      inlineImages:
        this.withImage && request.options.includeBody
          ? [
              {
                contentId: 'img-1@verzend',
                fileName: 'logo.png',
                contentType: 'image/png',
                blob: { sha256: 'd'.repeat(64), size: 1 },
              },
            ]
          : [],
      warnings: [],
      sizes: { htmlBytes: html.length, textBytes: 0, docxBytes: 0, pdfBytes: 0 },
      paymentLink: link,
      layoutSha256: 'a'.repeat(64),
      durationMs: 1,
    };
  }
}

/** Blobs in a Map, addressed by sha-256 like the real store. */
export class FakeBlobs implements IntakeBlobs {
  readonly items = new Map<string, Uint8Array>();
  /** `<company>.<sha256>` of every ownership granted. */
  readonly owned = new Set<string>();

  async putBytes(data: Uint8Array, company = 'cronus'): Promise<BlobRefT> {
    const sha256 = createHash('sha256').update(data).digest('hex');
    this.items.set(sha256, data);
    this.owned.add(`${company}.${sha256}`);
    return { sha256, size: data.byteLength };
  }

  async unowned(company: string, sha256s: readonly string[]): Promise<number[]> {
    return sha256s.flatMap((sha, i) => (this.owned.has(`${company}.${sha}`) ? [] : [i]));
  }

  async getBytes(sha256: string): Promise<Uint8Array> {
    const data = this.items.get(sha256);
    if (!data) {
      throw new NotFoundError(`No blob ${sha256}.`);
    }
    return data;
  }
}

/** An outbox that records requests and answers with a minimal record. */
export class FakeOutbox implements OutboxPort {
  readonly requests: EnqueueRequest[] = [];
  failWith: Error | undefined;

  async enqueue(request: EnqueueRequest): Promise<EmailRecord> {
    if (this.failWith) {
      throw this.failWith;
    }
    this.requests.push(request);
    const now = new Date().toISOString();
    return {
      id: `email${this.requests.length}`,
      company: request.company,
      status: request.email.mode === 'draft' ? 'draft' : 'queued',
      messageId: `<email${this.requests.length}@verzend.test>`,
      accountId: 'acc1',
      connector: 'capture',
      scenario: request.email.scenario ?? 'default',
      sendFrom: 'sales@cronus.example',
      ownerUserId: request.owner.userId,
      ownerEmail: request.owner.email ?? null,
      from: null,
      to: request.email.to,
      cc: [],
      bcc: [],
      replyTo: [],
      subject: request.email.subject,
      htmlBody: null,
      textBody: null,
      attachments: request.email.attachments,
      headers: request.email.headers,
      relatedRecords: request.email.relatedRecords,
      notBefore: null,
      nextAttemptAt: null,
      attempts: [],
      history: [],
      lastError: null,
      providerMessageId: null,
      sourceEventId: request.sourceEventId ?? null,
      createdAt: now,
      updatedAt: now,
      sentAt: null,
    };
  }
}

/** Telemetry events remembered in order. */
export class FakeTelemetry implements TelemetrySink {
  readonly events: { event: TelemetryEventName; dims: TelemetryDims }[] = [];

  emit(event: TelemetryEventName, dims: TelemetryDims): void {
    this.events.push({ event, dims });
  }
}

/** All fakes wired as {@link PipelinePorts}. */
export function fakePorts(): PipelinePorts & {
  config: FakeConfig;
  renderer: FakeRenderer;
  blobs: FakeBlobs;
  outbox: FakeOutbox;
} {
  return {
    config: new FakeConfig(),
    renderer: new FakeRenderer(),
    blobs: new FakeBlobs(),
    outbox: new FakeOutbox(),
  };
}
