import {
  type AppError,
  DocumentPostedEvent,
  type ReportSelection,
  UnavailableError,
  UnprocessableError,
} from '@verzend/shared';
import { beforeEach, describe, expect, it } from 'vitest';
import { DOCX_CONTENT_TYPE } from './attachment-plan';
import { fakePorts } from './fakes';
import { processEvent } from './pipeline';

function invoice(overrides: Record<string, unknown> = {}) {
  return DocumentPostedEvent.parse({
    eventId: 'ev-1',
    company: 'cronus',
    documentType: 'sales-invoice',
    documentNo: '103045',
    dataset: {
      currency: 'EUR',
      amountDue: 1210,
      companyName: 'CRONUS',
      lines: [{ description: 'Bicycle', quantity: 2 }],
    },
    customer: { no: '10000', name: 'Fabrikam', emails: ['ap@fabrikam.example'] },
    postingUser: { id: 'u1', email: 'anna@cronus.example', name: 'Anna' },
    ...overrides,
  });
}

const selection: ReportSelection = {
  usage: 'sales-invoice',
  customerNo: null,
  entries: [
    {
      sequence: 1,
      reportId: 1306,
      useForEmailBody: true,
      bodyLayoutId: 'body',
      useForEmailAttachment: true,
      attachmentLayoutId: 'doc',
      pdfA: false,
    },
  ],
};

let ports: ReturnType<typeof fakePorts>;
beforeEach(() => {
  ports = fakePorts();
  ports.config.profiles = [
    {
      code: 'EMAIL',
      description: '',
      email: 'yes-use-default',
      attachmentFormat: 'docx',
      isDefault: true,
    },
    { code: 'NONE', description: '', email: 'no', attachmentFormat: 'docx', isDefault: false },
    {
      code: 'PROMPT',
      description: '',
      email: 'yes-prompt',
      attachmentFormat: 'docx',
      isDefault: false,
    },
  ];
  ports.config.selections = [selection];
  ports.config.payment = {
    paypal: {
      enabled: true,
      merchantEmail: 'pay@cronus.example',
      environment: 'sandbox',
      linkText: 'Pay with PayPal',
    },
  };
});

describe('processEvent', () => {
  it('renders body and document and queues the email with everything attached', async () => {
    const outcome = await processEvent(invoice(), ports);
    expect(outcome).toMatchObject({
      status: 'queued',
      emailId: 'email1',
      scenario: 'sales-invoice',
      usage: 'sales-invoice',
      sendingProfile: 'EMAIL',
      subject: 'Invoice 103045 from CRONUS',
    });
    const [request] = ports.outbox.requests;
    expect(request?.sourceEventId).toBe('ev-1');
    expect(request?.owner).toMatchObject({ userId: 'u1', email: 'anna@cronus.example' });
    expect(request?.email).toMatchObject({
      mode: 'send',
      scenario: 'sales-invoice',
      addDefaultAttachments: true,
      to: [{ address: 'ap@fabrikam.example', name: 'Fabrikam' }],
      subject: 'Invoice 103045 from CRONUS',
    });
    expect(request?.email.html).toContain('Bicycle');
    expect(request?.email.html).toContain('Pay with PayPal');
    expect(request?.email.text).toContain('Bicycle');
    expect(request?.email.attachments).toEqual([
      expect.objectContaining({
        fileName: 'Sales Invoice 103045.docx',
        contentType: DOCX_CONTENT_TYPE,
      }),
    ]);
    expect(request?.email.relatedRecords).toEqual([
      { recordType: 'sales-invoice', recordId: '103045', relation: 'primary-source' },
      { recordType: 'customer', recordId: '10000', relation: 'related-entity' },
      { recordType: 'user', recordId: 'u1', relation: 'related-entity' },
    ]);
    // Body and attachment use different layouts: two renders, payment only with the body.
    expect(ports.renderer.requests.map((r) => [r.layout, Boolean(r.payment)])).toEqual([
      [{ layoutId: 'body' }, true],
      [{ layoutId: 'doc' }, false],
    ]);
    expect(ports.renderer.requests[0]?.payment).toMatchObject({
      amount: 1210,
      currency: 'EUR',
      merchantEmail: 'pay@cronus.example',
      documentNo: '103045',
    });
  });

  it('renders once when the body layout is also the attachment layout', async () => {
    ports.config.selections = [
      { ...selection, entries: [{ ...selection.entries[0]!, attachmentLayoutId: 'body' }] },
    ];
    await processEvent(invoice(), ports);
    expect(ports.renderer.requests).toHaveLength(1);
    expect(ports.renderer.requests[0]?.options).toEqual({
      strict: false,
      includeBody: true,
      includeDocx: true,
      headerFooter: true,
      includePdf: false,
    });
    expect(ports.outbox.requests[0]?.email.attachments).toHaveLength(1);
  });

  it('leaves the layout header and footer out of the body when the report selection says so', async () => {
    ports.config.selections = [
      { ...selection, entries: [{ ...selection.entries[0]!, bodyHeaderFooter: false }] },
    ];
    await processEvent(invoice(), ports);
    const body = ports.renderer.requests.find((r) => r.options.includeBody);
    const attachment = ports.renderer.requests.find((r) => !r.options.includeBody);
    expect(body?.options.headerFooter).toBe(false);
    // The attached document is the whole Word document, header and footer included.
    expect(attachment?.options.headerFooter).toBe(true);
  });

  it('skips, with the reason, when the sending profile does not email', async () => {
    const outcome = await processEvent(
      invoice({ customer: { no: '10000', name: 'F', emails: [], sendingProfile: 'NONE' } }),
      ports,
    );
    expect(outcome.status).toBe('skipped');
    expect(outcome.reason).toContain('NONE');
    expect(ports.renderer.requests).toHaveLength(0);
    expect(ports.outbox.requests).toHaveLength(0);
  });

  it('makes a draft for the posting user when the profile prompts, even without an address', async () => {
    const outcome = await processEvent(
      invoice({ customer: { no: '10000', name: 'F', emails: [], sendingProfile: 'PROMPT' } }),
      ports,
    );
    expect(outcome.status).toBe('draft');
    expect(ports.outbox.requests[0]?.email.mode).toBe('draft');
    expect(ports.outbox.requests[0]?.email.to).toEqual([]);
  });

  it('emails with default settings when no profile is set up at all', async () => {
    ports.config.profiles = [];
    const outcome = await processEvent(invoice(), ports);
    expect(outcome).toMatchObject({ status: 'queued', sendingProfile: null });
  });

  it('fails (not retryable) for an unknown profile, a customer without email, a missing selection', async () => {
    const unknown = processEvent(
      invoice({ customer: { no: '1', name: 'F', emails: ['a@b.example'], sendingProfile: 'X' } }),
      ports,
    );
    await expect(unknown).rejects.toMatchObject({ code: 'NOT_FOUND', retry: false });

    const noEmail = processEvent(invoice({ customer: { no: '1', name: 'F', emails: [] } }), ports);
    await expect(noEmail).rejects.toMatchObject({ code: 'INVALID_ADDRESS', retry: false });

    ports.config.selections = [];
    const noSelection = processEvent(invoice(), ports);
    await expect(noSelection).rejects.toMatchObject({ code: 'NOT_FOUND', retry: false });
    await expect(noSelection).rejects.toThrow(/report selection for sales-invoice/);
  });

  it('fails on a selection entry without a layout and on a missing layout', async () => {
    ports.config.selections = [
      { ...selection, entries: [{ ...selection.entries[0]!, bodyLayoutId: undefined }] },
    ];
    await expect(processEvent(invoice(), ports)).rejects.toBeInstanceOf(UnprocessableError);
    ports.config.selections = [selection];
    ports.renderer.missingLayouts.add('doc');
    await expect(processEvent(invoice(), ports)).rejects.toMatchObject({ code: 'NOT_FOUND' });
    expect(ports.outbox.requests).toHaveLength(0);
  });

  it('passes on a renderer outage as retryable', async () => {
    ports.renderer.failWith = new UnavailableError('No service answers the renderer.');
    const err = (await processEvent(invoice(), ports).catch((e: unknown) => e)) as AppError;
    expect(err).toBeInstanceOf(UnavailableError);
    expect(err.retry).toBe(true);
  });

  it('passes on an account that needs credentials as a permanent failure', async () => {
    ports.outbox.failWith = new UnprocessableError(
      'NEEDS_CREDENTIALS',
      'The account needs a password.',
    );
    await expect(processEvent(invoice(), ports)).rejects.toMatchObject({
      code: 'NEEDS_CREDENTIALS',
      retry: false,
    });
  });

  it('never adds a payment link to credit memos, unpaid-nothing invoices or when PayPal is off', async () => {
    ports.config.selections = [selection, { ...selection, usage: 'sales-credit-memo' }];
    await processEvent(invoice({ documentType: 'sales-credit-memo' }), ports);
    await processEvent(invoice({ dataset: { currency: 'EUR', amountDue: 0, lines: [] } }), ports);
    ports.config.payment = { paypal: null };
    await processEvent(invoice(), ports);
    expect(ports.renderer.requests.some((r) => r.payment)).toBe(false);
  });

  it('uses the customer override, the language of the customer and the plain body without a body layout', async () => {
    ports.config.selections = [
      selection,
      {
        usage: 'sales-invoice',
        customerNo: '20000',
        entries: [
          {
            sequence: 1,
            reportId: 1306,
            useForEmailBody: false,
            useForEmailAttachment: true,
            attachmentLayoutId: 'nl-doc',
            pdfA: false,
          },
        ],
      },
    ];
    const outcome = await processEvent(
      invoice({
        customer: { no: '20000', name: 'Smeets', emails: ['info@smeets.example'], language: 'NLD' },
      }),
      ports,
    );
    expect(outcome.subject).toBe('Factuur 103045 van CRONUS');
    expect(ports.renderer.requests.map((r) => [r.layout, r.locale])).toEqual([
      [{ layoutId: 'nl-doc' }, 'nl-NL'],
    ]);
    const email = ports.outbox.requests[0]?.email;
    expect(email?.text).toContain('Beste Smeets,');
    expect(email?.attachments[0]?.fileName).toBe('Verkoopfactuur 103045.docx');
  });

  it('adds extra attachments and the event’s related records after the standard ones', async () => {
    const blob = { sha256: 'b'.repeat(64), size: 3 };
    await processEvent(
      invoice({
        extraAttachments: [{ fileName: 'terms.pdf', contentType: 'application/pdf', blob }],
        relatedRecords: [
          { recordType: 'customer', recordId: '10000' },
          { recordType: 'project', recordId: 'P1' },
        ],
      }),
      ports,
    );
    const email = ports.outbox.requests[0]?.email;
    expect(email?.attachments.map((a) => a.fileName)).toEqual([
      'Sales Invoice 103045.docx',
      'terms.pdf',
    ]);
    expect(email?.relatedRecords.map((r) => r.recordType)).toEqual([
      'sales-invoice',
      'customer',
      'user',
      'project',
    ]);
  });
});
