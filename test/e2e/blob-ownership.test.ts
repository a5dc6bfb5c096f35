/**
 * Knowing a hash of another company's content (a layout, a default
 * attachment, a dataset, an inline image, an email body) grants nothing: every
 * use answers as if nothing were stored under it, while the owner uses it all
 * and identical bytes uploaded by two companies are stored once (ADR-0021).
 */
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { jetstream } from '@nats-io/jetstream';
import { Objm } from '@nats-io/obj';
import { type EmailRecord, eventMessageId, ObjectStores, Subjects } from '@verzend/shared';
import { describe, expect, it } from 'vitest';
import { postedInvoice } from '../../scripts/demo/invoices';
import { type Claims, type Ref, twoCompanies } from './two-companies';

const DOCX = 'application/vnd.openxmlformats-officedocument.wordprocessingml.document';
const LAYOUTS = join(import.meta.dirname, '..', 'fixtures', 'layouts');
const LAYOUT = readFileSync(join(LAYOUTS, 'list-loop.docx'));
const INVOICE = readFileSync(join(LAYOUTS, 'sales-invoice-nl.docx'));
const INVOICE_DATA = JSON.parse(readFileSync(join(LAYOUTS, 'sales-invoice-nl.json'), 'utf8'));
const PNG = Buffer.from(
  'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==',
  'base64',
);

describe('blob ownership', () => {
  it("another company's blob hash is unknown everywhere; the owner and identical uploads work", async () => {
    await using t = await twoCompanies();
    const { a, b, as, call } = t;

    // Company A's content, stored the ways a company stores content.
    const form = new FormData();
    form.set('file', new Blob([new Uint8Array(LAYOUT)], { type: DOCX }), 'private.docx');
    const layout = await call('config', '/v1/layouts', as(a), form);
    expect(layout.status, JSON.stringify(layout.json)).toBe(201);
    const layoutRef = layout.json.blob as Ref;
    const terms = new FormData();
    terms.set(
      'file',
      new Blob([new TextEncoder().encode('A private terms')], { type: 'application/pdf' }),
      'terms.pdf',
    );
    const attachment = await call(
      'config',
      '/v1/scenarios/sales-invoice/attachments',
      as(a),
      terms,
    );
    expect(attachment.status, JSON.stringify(attachment.json)).toBe(201);
    const attachmentRef = attachment.json.blob as Ref;
    const datasetRef = await t.uploadBlob(
      a,
      new TextEncoder().encode(JSON.stringify({ items: [{ name: 'secret price list' }] })),
    );
    const mail = new FormData();
    mail.set(
      'message',
      JSON.stringify({
        to: ['x@fabrikam.example'],
        subject: 'A',
        html: '<p>A only</p>',
        mode: 'draft',
      }),
    );
    mail.set('inline:logo@a', new Blob([PNG], { type: 'image/png' }), 'logo.png');
    const draft = await call('dispatcher', '/v1/emails', as(a), mail);
    expect(draft.status, JSON.stringify(draft.json)).toBe(201);
    const imageRef = (draft.json as EmailRecord).attachments[0]?.blob as Ref;
    const bodyRef = (draft.json as EmailRecord).htmlBody as Ref;
    // An image the renderer took out of A's layout is A's too (granted by another service).
    const invoice = await call('renderer', '/v1/render', as(a), {
      layout: { docxBase64: INVOICE.toString('base64') },
      data: INVOICE_DATA,
    });
    expect(invoice.status, JSON.stringify(invoice.json)).toBe(200);
    const renderedImage = invoice.json.inlineImages[0].blob as Ref;

    // B knows every hash: each is refused as if nothing were stored under it.
    const owned = [attachmentRef, layoutRef, datasetRef, imageRef, bodyRef, renderedImage];
    for (const [i, ref] of owned.entries()) {
      const attach = await call('dispatcher', '/v1/emails', as(b), {
        to: ['b@fabrikam.example'],
        subject: 'B',
        text: 'x',
        attachments: [
          {
            fileName: 'a.bin',
            blob: ref,
            ...(i >= 3 && i !== 4 ? { inline: true, contentId: 'logo@a' } : {}),
          },
        ],
      });
      expect(attach.status, `attachment ${i}`).toBe(400);
      expect(attach.json).toMatchObject({
        code: 'VALIDATION_FAILED',
        errors: [{ path: 'attachments.0.blob' }],
      });
    }
    const render = (claims: Claims, extra: Record<string, unknown>) =>
      call('renderer', '/v1/render', claims, { data: { items: [] }, ...extra });
    const ownLayout = { docxBase64: LAYOUT.toString('base64') };
    for (const refused of [
      await render(as(b), { layout: { blob: layoutRef } }),
      await render(as(b), { layout: { blob: layoutRef }, options: { includeDocx: true } }),
      await call('renderer', '/v1/layouts/validate', as(b), { layout: { blob: layoutRef } }),
      await render(as(b), { layout: ownLayout, data: undefined, dataBlob: datasetRef }),
      await call(
        'dispatcher',
        '/v1/events',
        as(b, { perms: ['email-admin', 'email-integration'] }),
        {
          ...postedInvoice({ company: b, eventId: 'B-1', documentNo: 'B-1' }),
          datasetBlob: datasetRef,
        },
      ),
      await call(
        'dispatcher',
        '/v1/events',
        as(b, { perms: ['email-admin', 'email-integration'] }),
        {
          ...postedInvoice({ company: b, eventId: 'B-2', documentNo: 'B-2' }),
          extraAttachments: [
            { fileName: 't.pdf', contentType: 'application/pdf', blob: attachmentRef },
          ],
        },
      ),
      await call(
        'dispatcher',
        '/v1/events',
        as(b, { perms: ['email-admin', 'email-integration'] }),
        {
          ...postedInvoice({ company: b, eventId: 'B-4', documentNo: 'B-4' }),
          eDocument: { format: 'PEPPOL BIS3', rootElement: 'Invoice', blob: datasetRef },
        },
      ),
    ]) {
      expect(refused.status, JSON.stringify(refused.json)).toBe(404);
      expect(refused.json.code).toBe('NOT_FOUND');
    }
    // A layout id names the company's own layout only (preview and render by id).
    const preview = new FormData();
    preview.set('layoutId', layout.json.id);
    preview.set('data', '{"items":[]}');
    expect((await call('renderer', '/v1/preview', as(b), preview)).status).toBe(404);
    expect((await render(as(b), { layout: { layoutId: layout.json.id } })).status).toBe(404);
    // An event published over NATS with A's dataset fails instead of rendering it.
    const stolen = {
      ...postedInvoice({ company: b, eventId: 'B-3', documentNo: 'B-3' }),
      datasetBlob: datasetRef,
    };
    await jetstream(t.stack.nc).publish(
      Subjects.event(b, 'sales-invoice'),
      JSON.stringify(stolen),
      {
        msgID: eventMessageId(b, 'B-3'),
      },
    );
    expect(await t.settled(b, 'B-3', ['failed', 'queued'])).toMatchObject({
      status: 'failed',
      errorCode: 'NOT_FOUND',
    });

    // Nor as a draft to download from: the draft is refused before anything is kept.
    const draftOfB = await call('dispatcher', '/v1/emails', as(b), {
      to: ['b@fabrikam.example'],
      subject: 'B',
      text: 'x',
      mode: 'draft',
      attachments: [{ fileName: 'terms.pdf', blob: attachmentRef }],
    });
    expect(draftOfB.status).toBe(400);

    // A uses all of it.
    const mine = await call('dispatcher', '/v1/emails', as(a), {
      to: ['a@fabrikam.example'],
      subject: 'A again',
      html: '<p><img src="cid:logo@a"><img src="cid:img@a"></p>',
      attachments: [
        { fileName: 'terms.pdf', blob: attachmentRef },
        { fileName: 'layout.docx', blob: layoutRef },
        { fileName: 'data.json', blob: datasetRef },
        { fileName: 'logo.png', blob: imageRef, inline: true, contentId: 'logo@a' },
        { fileName: 'rendered.png', blob: renderedImage, inline: true, contentId: 'img@a' },
        { fileName: 'body.html', blob: bodyRef },
      ],
    });
    expect(mine.status, JSON.stringify(mine.json)).toBe(202);
    const content = `/v1/emails/${mine.json.id}/attachments/0/content`;
    const downloaded = await t.stack.fetch('dispatcher', content, { claims: as(a) });
    expect(downloaded.status).toBe(200);
    expect(await downloaded.text()).toBe('A private terms');
    expect((await t.stack.fetch('dispatcher', content, { claims: as(b) })).status).toBe(404);
    const rendered = await render(as(a), {
      layout: { blob: layoutRef },
      options: { includeDocx: true },
    });
    expect(rendered.status, JSON.stringify(rendered.json)).toBe(200);
    expect(rendered.json.docx.base64).toBeTruthy();
    const tags = await call('renderer', '/v1/layouts/validate', as(a), {
      layout: { blob: layoutRef },
    });
    expect(tags.status).toBe(200);
    expect(tags.json.tags.length).toBeGreaterThan(0);
    expect(
      (await render(as(a), { layout: ownLayout, data: undefined, dataBlob: datasetRef })).status,
    ).toBe(200);

    // An upload is raw bytes of any type (here a JSON dataset); the hash is measured here.
    const dataset = createHash('sha256').update('{"Lines":[]}').digest('hex');
    const json = await t.stack.fetch('dispatcher', `/v1/blobs/${dataset}`, {
      method: 'PUT',
      headers: { 'content-type': 'application/json' },
      body: '{"Lines":[]}',
      claims: as(b),
    });
    expect(json.status).toBe(201);
    expect(await json.json()).toEqual({ sha256: dataset, size: 12 });

    const doc = (await (await fetch(`${t.stack.url('dispatcher')}/openapi.json`)).json()) as {
      paths: Record<string, { put?: { responses: Record<string, unknown> } }>;
    };
    expect(Object.keys(doc.paths['/v1/blobs/{sha256}']?.put?.responses ?? {})).toEqual(
      expect.arrayContaining(['201', '413']),
    );

    // Identical bytes uploaded by both: stored once, usable by both.
    const objects = await new Objm(t.stack.nc).open(ObjectStores.blobs);
    const shared = new TextEncoder().encode('the general terms every company attaches');
    const fromA = await t.uploadBlob(a, shared);
    const before = await objects.info(fromA.sha256);
    const fromB = await t.uploadBlob(b, shared);
    expect(fromB).toEqual(fromA);
    const after = await objects.info(fromA.sha256);
    expect(after?.nuid).toBe(before?.nuid);
    expect(after?.mtime).toBe(before?.mtime);
    for (const company of [a, b]) {
      const res = await call('dispatcher', '/v1/emails', as(company), {
        to: ['c@fabrikam.example'],
        subject: 'Terms',
        text: 'x',
        attachments: [{ fileName: 'terms.txt', blob: fromA }],
      });
      expect(res.status, `${company}: ${JSON.stringify(res.json)}`).toBe(202);
    }
  });
});
