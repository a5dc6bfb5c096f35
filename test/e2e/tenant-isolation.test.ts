/**
 * Two companies on one installation, the second one curious: the same event
 * id from both makes two emails; a user posts events as themselves unless the
 * token is an integration's; captured mail names an id, not a server path.
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { jetstream } from '@nats-io/jetstream';
import { type EmailRecord, eventMessageId, Subjects } from '@verzend/shared';
import { describe, expect, it } from 'vitest';
import { postedInvoice } from '../../scripts/demo/invoices';
import { readCaptured, waitForStatus } from '../dispatcher/helpers';
import { twoCompanies } from './two-companies';

describe('tenant isolation', () => {
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
        const record = await t.settled(company, id, ['sent', 'failed']);
        expect(record, `${company} ${id}`).toMatchObject({ status: 'sent', company });
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
    expect(again.json).toMatchObject({ duplicate: true, status: 'sent' });
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
    const queued = await t.settled(a, 'E-3', ['queued', 'sent', 'failed']);
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
    const forUser = await t.settled(a, 'E-4', ['queued', 'sent', 'failed']);
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
