import { DocumentPostedEvent, type ReportSelection, type SendingProfile } from '@verzend/shared';
import { beforeEach, describe, expect, it } from 'vitest';
import { attachmentPlan, DOCX_CONTENT_TYPE, PDF_CONTENT_TYPE } from './attachment-plan';
import { EDOCUMENT_CONTENT_TYPE } from './e-document';
import { fakePorts } from './fakes';
import { processEvent } from './pipeline';

const UBL = 'urn:oasis:names:specification:ubl:schema:xsd:Invoice-2';
const ubl = `<?xml version="1.0" encoding="UTF-8"?><Invoice xmlns="${UBL}"><ID>103045</ID></Invoice>`;

function invoice(overrides: Record<string, unknown> = {}) {
  return DocumentPostedEvent.parse({
    eventId: 'ev-1',
    company: 'cronus',
    documentType: 'sales-invoice',
    documentNo: '103045',
    dataset: { currency: 'EUR', amountDue: 10, companyName: 'CRONUS', language: 'en-US' },
    customer: {
      no: '10000',
      name: 'Fabrikam',
      emails: ['ap@fabrikam.example'],
      sendingProfile: 'P',
    },
    postingUser: { id: 'u1' },
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
      bodyLayoutId: 'inv',
      useForEmailAttachment: true,
      attachmentLayoutId: 'inv',
      pdfA: true,
    },
  ],
};

let ports: ReturnType<typeof fakePorts>;
const profile = (attachmentFormat: SendingProfile['attachmentFormat']) => {
  ports.config.profiles = [
    { code: 'P', description: '', email: 'yes-use-default', attachmentFormat, isDefault: true },
  ];
};
beforeEach(() => {
  ports = fakePorts();
  ports.config.selections = [selection];
});

describe('attachment formats of the sending profile', () => {
  it('attaches the PDF by default (no profile set up), named and titled as Business Central does', async () => {
    expect(attachmentPlan(undefined)).toEqual({ report: 'pdf', eDocument: false });
    await processEvent(
      invoice({ customer: { no: '1', name: 'F', emails: ['a@b.example'] } }),
      ports,
    );
    expect(ports.renderer.requests[0]?.options).toMatchObject({
      includeDocx: false,
      includePdf: true,
      pdf: { pdfA: true, title: 'Invoice 103045', author: 'CRONUS' },
    });
    expect(ports.outbox.requests[0]?.email.attachments).toEqual([
      expect.objectContaining({
        fileName: 'Sales Invoice 103045.pdf',
        contentType: PDF_CONTENT_TYPE,
        inline: false,
      }),
    ]);
  });

  it('numbers only report attachments: the body’s inline images do not make it "(2)"', async () => {
    ports.renderer.withImage = true;
    await processEvent(
      invoice({ customer: { no: '1', name: 'F', emails: ['a@b.example'] } }),
      ports,
    );
    expect(ports.outbox.requests[0]?.email.attachments.map((a) => [a.fileName, a.inline])).toEqual([
      ['logo.png', true],
      ['Sales Invoice 103045.pdf', false],
    ]);
  });

  it('names report attachments by their place in the selection, whichever render finishes first', async () => {
    ports.renderer.withImage = true;
    ports.config.selections = [
      {
        usage: 'sales-invoice',
        customerNo: null,
        entries: [
          {
            sequence: 1,
            reportId: 1306,
            useForEmailBody: true,
            bodyLayoutId: 'body',
            useForEmailAttachment: true,
            attachmentLayoutId: 'body',
            pdfA: false,
          },
          {
            sequence: 2,
            reportId: 1307,
            useForEmailBody: false,
            useForEmailAttachment: true,
            attachmentLayoutId: 'doc',
            pdfA: false,
          },
        ],
      },
    ];
    const names: string[][] = [];
    // The body with its logo finishes last, then first: the names and their order stay the same.
    for (const slow of ['body', 'doc']) {
      ports.outbox.requests.length = 0;
      ports.renderer.slowLayouts = new Map([[slow, 5]]);
      await processEvent(
        invoice({
          eventId: `ev-${slow}`,
          customer: { no: '1', name: 'F', emails: ['a@b.example'] },
        }),
        ports,
      );
      names.push(ports.outbox.requests[0]?.email.attachments.map((a) => a.fileName) ?? []);
    }
    const expected = ['logo.png', 'Sales Invoice 103045.pdf', 'Sales Invoice 103045 (2).pdf'];
    expect(names).toEqual([expected, expected]);
  });

  it('titles and names the PDF in the customer’s language', async () => {
    profile('pdf');
    await processEvent(
      invoice({
        customer: {
          no: '2',
          name: 'S',
          emails: ['a@b.example'],
          language: 'NLD',
          sendingProfile: 'P',
        },
      }),
      ports,
    );
    expect(ports.renderer.requests[0]?.options.pdf?.title).toBe('Factuur 103045');
    expect(ports.outbox.requests[0]?.email.attachments[0]?.fileName).toBe(
      'Verkoopfactuur 103045.pdf',
    );
  });

  it('attaches the Word file for docx', async () => {
    profile('docx');
    await processEvent(invoice(), ports);
    expect(ports.renderer.requests[0]?.options).toMatchObject({
      includeDocx: true,
      includePdf: false,
    });
    expect(ports.outbox.requests[0]?.email.attachments).toEqual([
      expect.objectContaining({
        fileName: 'Sales Invoice 103045.docx',
        contentType: DOCX_CONTENT_TYPE,
      }),
    ]);
  });

  it('attaches the PDF and the checked e-document, then the event’s extra attachments', async () => {
    profile('pdf-and-electronic-document');
    const extra = {
      fileName: 'terms.pdf',
      contentType: 'application/pdf',
      blob: { sha256: 'c'.repeat(64), size: 1 },
    };
    await processEvent(
      invoice({
        eDocument: { format: 'PEPPOL BIS3', rootElement: 'Invoice', namespace: UBL, xml: ubl },
        extraAttachments: [extra],
      }),
      ports,
    );
    const attachments = ports.outbox.requests[0]?.email.attachments ?? [];
    expect(attachments.map((a) => [a.fileName, a.contentType])).toEqual([
      ['Sales Invoice 103045.pdf', PDF_CONTENT_TYPE],
      ['CRONUS - Sales Invoice 103045.xml', EDOCUMENT_CONTENT_TYPE],
      ['terms.pdf', 'application/pdf'],
    ]);
    const xml = attachments[1]?.blob.sha256 ?? '';
    expect(new TextDecoder().decode(await ports.blobs.getBytes(xml))).toBe(ubl);
  });

  it('attaches only the e-document for electronic-document (the body is still rendered)', async () => {
    profile('electronic-document');
    const blob = await ports.blobs.putBytes(new TextEncoder().encode(ubl));
    await processEvent(
      invoice({ eDocument: { format: 'PEPPOL BIS3', rootElement: 'Invoice', blob } }),
      ports,
    );
    expect(ports.renderer.requests[0]?.options).toMatchObject({
      includeBody: true,
      includePdf: false,
    });
    expect(ports.outbox.requests[0]?.email.attachments.map((a) => a.fileName)).toEqual([
      'CRONUS - Sales Invoice 103045.xml',
    ]);
  });

  it("reads another company's e-document hash as nothing stored", async () => {
    profile('electronic-document');
    const theirs = await ports.blobs.putBytes(new TextEncoder().encode(ubl), 'fabrikam');
    await expect(
      processEvent(
        invoice({ eDocument: { format: 'PEPPOL BIS3', rootElement: 'Invoice', blob: theirs } }),
        ports,
      ),
    ).rejects.toMatchObject({
      code: 'VALIDATION_FAILED',
      message: expect.stringContaining('no content is stored'),
    });
    expect(ports.outbox.requests).toHaveLength(0);
  });

  it('fails the event, naming what is missing, when the profile needs an e-document the event lacks', async () => {
    profile('pdf-and-electronic-document');
    await expect(processEvent(invoice(), ports)).rejects.toMatchObject({
      code: 'VALIDATION_FAILED',
      retry: false,
      message: expect.stringContaining('carries none'),
    });
    expect(ports.renderer.requests).toHaveLength(0);
  });

  it('refuses e-documents that are not the XML they claim to be', async () => {
    profile('electronic-document');
    const cases: [Record<string, unknown>, string][] = [
      [{ xml: '<Invoice><ID>1</Invoice>' }, 'not well-formed'],
      [{ xml: '<CreditNote/>' }, 'declares <Invoice>'],
      [{ xml: '<Invoice xmlns="urn:other"/>', namespace: UBL }, 'namespace'],
      [{ xml: '<!DOCTYPE x [<!ENTITY a "b">]><Invoice>&a;</Invoice>' }, 'DOCTYPE'],
      [{ blob: { sha256: 'e'.repeat(64), size: 10 } }, 'no content is stored'],
    ];
    for (const [doc, expected] of cases) {
      await expect(
        processEvent(
          invoice({ eDocument: { format: 'PEPPOL BIS3', rootElement: 'Invoice', ...doc } }),
          ports,
        ),
      ).rejects.toMatchObject({
        code: 'VALIDATION_FAILED',
        message: expect.stringContaining(expected),
      });
    }
  });
});
