/**
 * Two companies on one installation, the second one curious: knowing a hash
 * of the first one's content (a layout, a default attachment, a dataset, an
 * inline image, an email body) grants nothing anywhere; the same event id
 * from both makes two emails; a user posts events as themselves unless the
 * token is an integration's; captured mail names an id, not a server path.
 * The whole stack runs (config, renderer, dispatcher) with capture accounts.
 */
import { createHash } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { jetstream } from '@nats-io/jetstream';
import { Objm } from '@nats-io/obj';
import {
  type EmailRecord,
  type EventRecord,
  eventMessageId,
  ObjectStores,
  Subjects,
} from '@verzend/shared';
import { describe, expect, it } from 'vitest';
import { setUpInvoicing } from '../../scripts/demo/company';
import { postedInvoice } from '../../scripts/demo/invoices';
import { readCaptured, waitForStatus } from '../dispatcher/helpers';
import { type Stack, startStack } from '../harness';

const DOCX = 'application/vnd.openxmlformats-officedocument.wordprocessingml.document';
const LAYOUT = readFileSync(
  join(import.meta.dirname, '..', 'fixtures', 'layouts', 'list-loop.docx'),
);
const PNG = Buffer.from(
  'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==',
  'base64',
);

type Claims = NonNullable<Parameters<Stack['token']>[0]>;
interface Ref {
  sha256: string;
  size: number;
}

/** A stack with two companies set up to email posted invoices through capture accounts. */
async function twoCompanies() {
  const stack = await startStack({
    serviceEnv: {
      dispatcher: { CONFIG_CACHE_TTL_MS: '0', INTAKE_MAX_ATTEMPTS: '1' },
      renderer: { RENDER_WORKERS: '0' },
    },
  });
  const a = stack.company;
  const b = `${a}-b`;
  const as = (company: string, claims: Claims = {}): Claims => ({ company, ...claims });
  try {
    for (const company of [a, b]) {
      await setUpInvoicing(
        (service, path, init) => stack.fetch(service, path, { ...init, claims: as(company) }),
        {
          companyName: company,
          account: {
            name: 'Capture',
            emailAddress: `sales@${company}.example`,
            settings: { connector: 'capture', allowlist: [] },
          },
        },
      );
    }
  } catch (err) {
    await stack.stop();
    throw err;
  }

  const call = async (
    service: 'config' | 'renderer' | 'dispatcher',
    path: string,
    claims: Claims,
    body?: unknown,
    method = 'POST',
  ) => {
    const init: RequestInit & { claims: Claims } = { method, claims };
    if (body instanceof FormData || body instanceof Uint8Array) {
      init.body = body;
    } else if (body !== undefined) {
      init.body = JSON.stringify(body);
      init.headers = { 'content-type': 'application/json' };
    }
    const res = await stack.fetch(service, path, init);
    const text = await res.text();
    // biome-ignore lint/suspicious/noExplicitAny: response bodies are inspected loosely in these tests
    let json: any = {};
    try {
      json = JSON.parse(text);
    } catch {
      json = { text };
    }
    return { status: res.status, json };
  };

  const uploadBlob = async (company: string, bytes: Uint8Array): Promise<Ref> => {
    const res = await call('dispatcher', '/v1/blobs', as(company), bytes);
    expect(res.status, JSON.stringify(res.json)).toBe(201);
    return res.json as Ref;
  };

  const settled = async (company: string, eventId: string, statuses: string[]) => {
    const until = Date.now() + 20_000;
    let last: EventRecord | undefined;
    while (Date.now() < until) {
      const res = await call('dispatcher', `/v1/events/${eventId}`, as(company), undefined, 'GET');
      if (res.status === 200) {
        last = res.json as EventRecord;
        if (statuses.includes(last.status)) {
          return last;
        }
      }
      await new Promise((r) => setTimeout(r, 50));
    }
    throw new Error(`event ${eventId} of ${company} is ${last?.status ?? 'missing'}`);
  };

  return {
    stack,
    a,
    b,
    as,
    call,
    uploadBlob,
    settled,
    [Symbol.asyncDispose]: () => stack.stop(),
  };
}

describe('tenant isolation', () => {
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

    // B knows every hash: each is refused as if nothing were stored under it.
    const owned = [attachmentRef, layoutRef, datasetRef, imageRef, bodyRef];
    for (const [i, ref] of owned.entries()) {
      const attach = await call('dispatcher', '/v1/emails', as(b), {
        to: ['b@fabrikam.example'],
        subject: 'B',
        text: 'x',
        attachments: [
          {
            fileName: 'a.bin',
            blob: ref,
            ...(i === 3 ? { inline: true, contentId: 'logo@a' } : {}),
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

    // A uses all of it.
    const mine = await call('dispatcher', '/v1/emails', as(a), {
      to: ['a@fabrikam.example'],
      subject: 'A again',
      html: '<p><img src="cid:logo@a"></p>',
      attachments: [
        { fileName: 'terms.pdf', blob: attachmentRef },
        { fileName: 'layout.docx', blob: layoutRef },
        { fileName: 'data.json', blob: datasetRef },
        { fileName: 'logo.png', blob: imageRef, inline: true, contentId: 'logo@a' },
        { fileName: 'body.html', blob: bodyRef },
      ],
    });
    expect(mine.status, JSON.stringify(mine.json)).toBe(202);
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
    const json = await t.stack.fetch('dispatcher', '/v1/blobs', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: '{"Lines":[]}',
      claims: as(b),
    });
    expect(json.status).toBe(201);
    expect(await json.json()).toEqual({
      sha256: createHash('sha256').update('{"Lines":[]}').digest('hex'),
      size: 12,
    });

    const doc = (await (await fetch(`${t.stack.url('dispatcher')}/openapi.json`)).json()) as {
      paths: Record<string, { post?: { responses: Record<string, unknown> } }>;
    };
    expect(Object.keys(doc.paths['/v1/blobs']?.post?.responses ?? {})).toEqual(
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

  it('the same event id from two companies makes two emails; a replay within one makes none', async () => {
    await using t = await twoCompanies();
    const { a, b, as, call } = t;
    const integration = (company: string) =>
      as(company, { perms: ['email-admin', 'email-integration'] });
    const js = jetstream(t.stack.nc);
    const publish = (company: string, eventId: string) => {
      const event = postedInvoice({ company, eventId, documentNo: eventId, companyName: company });
      return js.publish(Subjects.event(company, 'sales-invoice'), JSON.stringify(event), {
        msgID: eventMessageId(company, eventId),
      });
    };

    // Over HTTP: A posts SI-1, then B posts SI-1.
    for (const company of [a, b]) {
      const res = await call('dispatcher', '/v1/events', integration(company), {
        ...postedInvoice({ company, eventId: 'SI-1', documentNo: 'SI-1', companyName: company }),
      });
      expect(res.status).toBe(202);
      expect(res.json).toMatchObject({ duplicate: false, status: 'received' });
    }
    // Over NATS: both publish SI-2; the stream keeps both.
    const acks = [await publish(a, 'SI-2'), await publish(b, 'SI-2')];
    expect(acks.map((ack) => ack.duplicate)).toEqual([false, false]);

    for (const company of [a, b]) {
      for (const id of ['SI-1', 'SI-2']) {
        const record = await t.settled(company, id, ['queued', 'failed']);
        expect(record, `${company} ${id}`).toMatchObject({ status: 'queued', company });
        const sent = await waitForStatus(
          t.stack,
          record.emailId ?? '',
          ['sent'],
          20_000,
          as(company),
        );
        expect(await readCaptured(t.stack, sent)).toContain(
          `Subject: Invoice ${id} from ${company}`,
        );
      }
    }

    // Replays within one company: a duplicate, and still one email.
    const again = await call('dispatcher', '/v1/events', integration(a), {
      ...postedInvoice({ company: a, eventId: 'SI-1', documentNo: 'SI-1', companyName: a }),
    });
    expect(again.json).toMatchObject({ duplicate: true, status: 'queued' });
    expect((await publish(a, 'SI-2')).duplicate).toBe(true);
    for (const company of [a, b]) {
      const sent = await call('dispatcher', '/v1/sent', as(company), undefined, 'GET');
      expect(sent.json.items.map((e: EmailRecord) => e.sourceEventId).sort()).toEqual([
        'SI-1',
        'SI-2',
      ]);
    }
  });

  it('a user posts events as themselves under compose’s licence rule; acting for others needs email-integration', async () => {
    await using t = await twoCompanies();
    const { a, as, call } = t;
    const invoice = (
      eventId: string,
      postingUser: string,
      extra: Record<string, unknown> = {},
    ) => ({
      ...postedInvoice({ company: a, eventId, documentNo: eventId }),
      postingUser: { id: postingUser, email: `${postingUser}@evil.example` },
      ...extra,
    });

    // For someone else without the integration permission: 403, nothing recorded.
    const forAnna = await call(
      'dispatcher',
      '/v1/events',
      as(a, { sub: 'bob' }),
      invoice('E-1', 'anna'),
    );
    expect(forAnna.status).toBe(403);
    expect((await call('dispatcher', '/v1/events/E-1', as(a), undefined, 'GET')).status).toBe(404);

    // A limited-licence user: compose refuses to send for them, and so does the event.
    const composed = await call(
      'dispatcher',
      '/v1/emails',
      as(a, { sub: 'lee', licence: 'limited' }),
      {
        to: ['x@fabrikam.example'],
        subject: 'x',
        text: 'x',
      },
    );
    expect(composed.json.code).toBe('LICENCE_NOT_ALLOWED');
    const limited = await call(
      'dispatcher',
      '/v1/events',
      as(a, { sub: 'lee', licence: 'limited', email: 'lee@a.example' }),
      invoice('E-2', 'lee'),
    );
    expect(limited.status).toBe(202);
    const refused = await t.settled(a, 'E-2', ['failed', 'queued']);
    expect(refused).toMatchObject({
      status: 'failed',
      errorCode: 'LICENCE_NOT_ALLOWED',
      emailId: null,
    });

    // As themselves, with a full licence: the owner and address come from the token, not the body.
    const own = await call(
      'dispatcher',
      '/v1/events',
      as(a, { sub: 'bob', email: 'bob@a.example' }),
      invoice('E-3', 'bob'),
    );
    expect(own.status).toBe(202);
    const queued = await t.settled(a, 'E-3', ['queued', 'failed']);
    const email = await call('dispatcher', `/v1/emails/${queued.emailId}`, as(a), undefined, 'GET');
    expect(email.json).toMatchObject({ ownerUserId: 'bob', ownerEmail: 'bob@a.example' });

    // An integration names the posting user.
    const erp = await call(
      'dispatcher',
      '/v1/events',
      as(a, { sub: 'erp', perms: ['email-edit', 'email-integration'] }),
      invoice('E-4', 'anna'),
    );
    expect(erp.status).toBe(202);
    const forUser = await t.settled(a, 'E-4', ['queued', 'failed']);
    const annas = await call(
      'dispatcher',
      `/v1/emails/${forUser.emailId}`,
      as(a),
      undefined,
      'GET',
    );
    expect(annas.json).toMatchObject({ ownerUserId: 'anna', ownerEmail: 'anna@evil.example' });
  });

  it('captured mail names its file by id, never by the server path', async () => {
    await using t = await twoCompanies();
    const { a, as, call } = t;
    const res = await call('dispatcher', '/v1/emails', as(a), {
      to: ['x@fabrikam.example'],
      subject: 'Captured',
      text: 'x',
    });
    expect(res.status).toBe(202);
    const sent = await waitForStatus(t.stack, res.json.id, ['sent'], 20_000, as(a));
    expect(sent.providerMessageId).toBe(`${sent.id}.eml`);
    const shown = JSON.stringify(sent);
    expect(shown).not.toContain(t.stack.captureDir);
    expect(existsSync(join(t.stack.captureDir, a, sent.providerMessageId ?? ''))).toBe(true);
    expect(await readCaptured(t.stack, sent)).toContain('Subject: Captured');
  });
});
