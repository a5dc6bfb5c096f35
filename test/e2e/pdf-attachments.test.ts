/**
 * End to end with printing: posted invoices become emails whose attachment is
 * the PDF printed by the renderer's warm LibreOffice pool — alone, with the
 * ERP's electronic document and the scenario's default attachment, or failing
 * clearly when the e-document is missing — and a LibreOffice process killed
 * with -9 in the middle of 200 posted invoices loses none and doubles none.
 */
import { readFile } from 'node:fs/promises';
import { jetstream } from '@nats-io/jetstream';
import { type EventRecord, eventMessageId, Subjects } from '@verzend/shared';
import { describe, expect, it } from 'vitest';
import { INVOICE_LAYOUTS, setUpInvoicing } from '../../scripts/demo/company';
import { demoCustomers, type PostedInvoice, postedInvoice } from '../../scripts/demo/invoices';
import { officePids, pdfInfo, pdfText, type SinkMessage, SmtpSink, startStack } from '../harness';

const UBL = 'urn:oasis:names:specification:ubl:schema:xsd:Invoice-2';
const normalise = (text: string) => text.replace(/\s+/g, ' ');

async function printing(printWorkers: string) {
  const sink = await SmtpSink.start();
  const stack = await startStack({
    serviceEnv: {
      renderer: { PRINT_WORKERS: printWorkers, PRINT_TIMEOUT_MS: '15000' },
      dispatcher: {
        INTAKE_MAX_ATTEMPTS: '2',
        INTAKE_RETRY_BASE_MS: '50',
        INTAKE_RETRY_MAX_MS: '200',
      },
    },
  });
  try {
    await setUpInvoicing((service, path, init) => stack.fetch(service, path, init), {
      companyName: 'CRONUS International Ltd.',
      account: sink.account('CRONUS Sales', 'sales@cronus.example.com', {
        rateLimitPerMinute: 0,
        concurrencyLimit: 10,
      }),
    });
  } catch (err) {
    await stack.stop();
    await sink.stop();
    throw err;
  }
  const publish = (event: PostedInvoice) =>
    jetstream(stack.nc).publish(
      Subjects.event(event.company, event.documentType),
      JSON.stringify(event),
      // The stream de-duplicates per company: the message id names company and event.
      { msgID: eventMessageId(event.company, event.eventId) },
    );
  const invoice = (no: string, extra: Partial<Parameters<typeof postedInvoice>[0]> = {}) =>
    postedInvoice({ company: stack.company, eventId: `SI-${no}`, documentNo: no, ...extra });
  const forEvent = (id: string) => (m: SinkMessage) =>
    m.parsed.headers.get('x-verzend-event-id') === id;
  const delivered = async (eventId: string): Promise<SinkMessage> => {
    const until = Date.now() + 60_000;
    while (Date.now() < until) {
      const found = sink.messages.find(forEvent(eventId));
      if (found) {
        return found;
      }
      await new Promise((r) => setTimeout(r, 50));
    }
    throw new Error(`no email for event ${eventId} at the SMTP sink`);
  };
  const settled = async (eventId: string, statuses: string[]): Promise<EventRecord> => {
    const until = Date.now() + 60_000;
    let last: EventRecord | undefined;
    while (Date.now() < until) {
      const res = await stack.fetch('dispatcher', `/v1/events/${eventId}`);
      if (res.status === 200) {
        last = (await res.json()) as EventRecord;
        if (statuses.includes(last.status)) {
          return last;
        }
      }
      await new Promise((r) => setTimeout(r, 50));
    }
    throw new Error(
      `event ${eventId} did not reach ${statuses.join('/')}: ${JSON.stringify(last)}`,
    );
  };
  const profile = (attachmentFormat: string) =>
    stack.fetch('config', '/v1/sending-profiles/EMAIL', {
      method: 'PUT',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        description: 'Email, default settings',
        email: 'yes-use-default',
        attachmentFormat,
        isDefault: true,
      }),
    });
  return {
    stack,
    sink,
    publish,
    invoice,
    delivered,
    settled,
    profile,
    async [Symbol.asyncDispose]() {
      await stack.stop();
      await sink.stop();
    },
  };
}

describe('posted documents with the printed PDF', () => {
  it('attaches the PDF; with pdf-and-electronic-document also the e-document and the scenario default; fails without the e-document', async () => {
    await using t = await printing('1');
    const ready = (await (await t.stack.fetch('renderer', '/readyz')).json()) as {
      checks: { name: string; ok: boolean }[];
    };
    expect(ready.checks).toContainEqual(expect.objectContaining({ name: 'printing' }));

    // 1. The profile says pdf: the PDF alone, named as Business Central names it.
    const event = t.invoice('103045');
    await t.publish(event);
    const mail = (await t.delivered(event.eventId)).parsed;
    expect(mail.attachments.map((a) => [a.filename, a.contentType])).toEqual([
      ['Sales Invoice 103045.pdf', 'application/pdf'],
    ]);
    const pdf = mail.attachments[0]?.content as Buffer;
    const text = normalise(await pdfText(pdf));
    const data = event.dataset as {
      Lines: { No: string; Description: string }[];
      Totals: { Subtotal: number; VatAmount: number; Total: number };
    };
    expect(data.Lines).toHaveLength(10);
    for (const line of data.Lines) {
      expect(text).toContain(line.No);
      expect(text).toContain(line.Description);
    }
    const money = new Intl.NumberFormat('en-GB', { style: 'currency', currency: 'EUR' });
    for (const amount of [data.Totals.Subtotal, data.Totals.VatAmount, data.Totals.Total]) {
      expect(text).toContain(money.format(amount));
    }
    // The layout's footer line.
    expect(text).toContain('CRONUS International Ltd. · sales@cronus.example.com');
    const info = await pdfInfo(pdf);
    expect(info.fields.Title).toBe('Invoice 103045');
    expect(info.fields.Author).toBe('CRONUS');

    // 2. PDF + the ERP's e-document + the scenario's auto-added default attachment, in one email.
    expect((await t.profile('pdf-and-electronic-document')).status).toBe(200);
    const form = new FormData();
    form.append('file', new Blob(['%PDF terms'], { type: 'application/pdf' }), 'terms.pdf');
    form.append('autoAdd', 'true');
    const added = await t.stack.fetch('config', '/v1/scenarios/sales-invoice/attachments', {
      method: 'POST',
      body: form,
    });
    expect(added.status).toBe(201);
    const ubl = `<?xml version="1.0" encoding="UTF-8"?><Invoice xmlns="${UBL}"><ID>103046</ID></Invoice>`;
    const both = {
      ...t.invoice('103046', { customer: demoCustomers[1] }),
      eDocument: { format: 'PEPPOL BIS3', rootElement: 'Invoice', namespace: UBL, xml: ubl },
    };
    await t.publish(both);
    const mail2 = (await t.delivered(both.eventId)).parsed;
    expect(mail2.attachments.map((a) => [a.filename, a.contentType])).toEqual([
      ['Verkoopfactuur 103046.pdf', 'application/pdf'],
      ['CRONUS - Verkoopfactuur 103046.xml', 'application/xml'],
      ['terms.pdf', 'application/pdf'],
    ]);
    expect(mail2.attachments[1]?.content.toString('utf8')).toBe(ubl);
    expect(normalise(await pdfText(mail2.attachments[0]?.content as Buffer))).toContain(
      'Trey Research',
    );

    // 3. The same profile without an e-document on the event: failed, saying what is missing.
    const lacking = t.invoice('103047');
    await t.publish(lacking);
    const record = await t.settled(lacking.eventId, ['failed', 'queued']);
    expect(record).toMatchObject({ status: 'failed', errorCode: 'VALIDATION_FAILED' });
    expect(record.reason).toContain('attaches the electronic document');
    expect(
      t.sink.messages.find((m) => m.parsed.headers.get('x-verzend-event-id') === lacking.eventId),
    ).toBeUndefined();

    // 4. docx still works.
    expect((await t.profile('docx')).status).toBe(200);
    const word = t.invoice('103048');
    await t.publish(word);
    const mail4 = (await t.delivered(word.eventId)).parsed;
    expect(mail4.attachments.map((a) => a.filename)).toEqual([
      'Sales Invoice 103048.docx',
      'terms.pdf',
    ]);

    // 5. The designer preview answers the printed PDF next to the email body.
    const preview = new FormData();
    preview.append(
      'layout',
      new Blob([new Uint8Array(await readFile(INVOICE_LAYOUTS.en.path))]),
      'invoice.docx',
    );
    preview.append('data', JSON.stringify(t.invoice('P1').dataset));
    preview.append('locale', 'en-GB');
    preview.append('currency', 'EUR');
    preview.append('pdf', 'true');
    preview.append('pdfA', 'true');
    const answer = await t.stack.fetch('renderer', '/v1/preview', {
      method: 'POST',
      body: preview,
    });
    expect(answer.status).toBe(200);
    const shown = (await answer.json()) as { html: string; pdf: string; pdfPages: number };
    expect(shown.html).toContain('Adatum Corporation');
    expect(shown.pdfPages).toBe(1);
    const previewPdf = Buffer.from(shown.pdf, 'base64');
    expect((await pdfInfo(previewPdf)).pdfA2b).toBe(true);
    expect(await pdfText(previewPdf)).toContain('P1');
  });

  it('loses and doubles no email when a LibreOffice process is killed with -9 in the middle of 200 posted invoices', async () => {
    await using t = await printing('2');
    const events = Array.from({ length: 200 }, (_, i) =>
      t.invoice(`K${String(i).padStart(4, '0')}`),
    );
    await Promise.all(events.slice(0, 100).map((e) => t.publish(e)));
    // Once printing is under way, kill one LibreOffice process hard.
    const until = Date.now() + 60_000;
    while (t.sink.messages.length < 20 && Date.now() < until) {
      await new Promise((r) => setTimeout(r, 20));
    }
    const [victim] = await officePids();
    expect(victim).toBeDefined();
    process.kill(victim as number, 'SIGKILL');
    await Promise.all(events.slice(100).map((e) => t.publish(e)));
    await t.sink.waitFor(200, 180_000);
    await new Promise((r) => setTimeout(r, 500));
    const ids = t.sink.messages.map((m) => m.parsed.headers.get('x-verzend-event-id'));
    expect(ids).toHaveLength(200);
    expect(new Set(ids).size).toBe(200);
    for (const m of t.sink.messages) {
      expect(m.parsed.attachments[0]?.contentType).toBe('application/pdf');
      expect(m.parsed.attachments[0]?.content.subarray(0, 5).toString()).toBe('%PDF-');
    }
    expect(await officePids()).not.toContain(victim);
  });
});
