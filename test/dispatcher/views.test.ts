import type { EmailRecord } from '@verzend/shared';
import { describe, expect, it } from 'vitest';
import { type Stack, startStack } from '../harness';
import { compose, createCaptureAccount } from './helpers';

/**
 * The authorization and view-policy matrix, on one stack: emails of different
 * owners and related records, viewers with different policies and readable
 * record types.
 */
describe('dispatcher - view policies, permissions and company isolation', () => {
  /** A stack with four drafts of alice and bob, related to different records. */
  async function seed(): Promise<Stack & { ids: Record<string, string> }> {
    const stack = await startStack({ services: ['config', 'dispatcher'] });
    const ids: Record<string, string> = {};
    const account = await createCaptureAccount(stack);
    const drafts: [string, string, { recordType: string; recordId: string }[]][] = [
      ['alice-invoice', 'alice', [{ recordType: 'sales-invoice', recordId: '1' }]],
      [
        'alice-mixed',
        'alice',
        [
          { recordType: 'sales-invoice', recordId: '2' },
          { recordType: 'customer', recordId: 'C1' },
        ],
      ],
      ['alice-none', 'alice', [{ recordType: 'user', recordId: 'alice' }]],
      ['bob-invoice', 'bob', [{ recordType: 'sales-invoice', recordId: '3' }]],
    ];
    for (const [subject, owner, relatedRecords] of drafts) {
      const res = await compose(
        stack,
        {
          to: ['x@fabrikam.example'],
          subject,
          text: 'x',
          accountId: account.id,
          relatedRecords,
          mode: 'draft',
        },
        { claims: { sub: owner, perms: ['email-edit'] } },
      );
      expect(res.status).toBe(201);
      ids[subject] = ((await res.json()) as EmailRecord).id;
    }
    return Object.assign(stack, { ids });
  }
  const setPolicy = async (stack: Stack, userId: string, policy: string) => {
    const res = await stack.fetch('config', '/v1/view-policies', {
      method: 'PUT',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ userId, policy }),
    });
    expect(res.status).toBe(200);
  };
  const visible = async (stack: Stack, userId: string, records: string[]) => {
    const res = await stack.fetch('dispatcher', '/v1/outbox?limit=200', {
      claims: { sub: userId, perms: ['email-read'], records },
    });
    expect(res.status).toBe(200);
    const page = (await res.json()) as { items: EmailRecord[] };
    return page.items.map((r) => r.subject).sort();
  };

  it('no policy set: all-related-records (every related type readable; user relations ignored)', async () => {
    await using stack = await seed();
    expect(await visible(stack, 'carol', ['sales-invoice'])).toEqual([
      'alice-invoice',
      'bob-invoice',
    ]);
    expect(await visible(stack, 'carol', ['sales-invoice', 'customer'])).toEqual([
      'alice-invoice',
      'alice-mixed',
      'bob-invoice',
    ]);
    expect(await visible(stack, 'carol', [])).toEqual([]);
  });

  it('owners always see their own, whatever the policy', async () => {
    await using stack = await seed();
    await setPolicy(stack, 'bob', 'own');
    expect(await visible(stack, 'bob', ['*'])).toEqual(['bob-invoice']);
    expect(await visible(stack, 'alice', [])).toEqual([
      'alice-invoice',
      'alice-mixed',
      'alice-none',
    ]);
  });

  it('any-related-record: one readable related type is enough', async () => {
    await using stack = await seed();
    await setPolicy(stack, 'dave', 'any-related-record');
    expect(await visible(stack, 'dave', ['customer'])).toEqual(['alice-mixed']);
    expect(await visible(stack, 'dave', ['sales-invoice'])).toEqual([
      'alice-invoice',
      'alice-mixed',
      'bob-invoice',
    ]);
  });

  it('all: every email of the company, and the all-users row applies to users without their own', async () => {
    await using stack = await seed();
    await setPolicy(stack, 'erin', 'all');
    expect(await visible(stack, 'erin', [])).toHaveLength(4);
    await setPolicy(stack, '', 'own');
    expect(await visible(stack, 'frank', ['*'])).toEqual([]);
    await setPolicy(stack, '', 'all-related-records');
  });

  it('opening or acting on an email the policy hides is 404, not 403', async () => {
    await using stack = await seed();
    const id = stack.ids['bob-invoice'];
    const hidden = await stack.fetch('dispatcher', `/v1/emails/${id}`, {
      claims: { sub: 'carol', perms: ['email-edit'], records: ['customer'] },
    });
    expect(hidden.status).toBe(404);
    const del = await stack.fetch('dispatcher', `/v1/emails/${id}`, {
      method: 'DELETE',
      claims: { sub: 'carol', perms: ['email-edit'], records: ['customer'] },
    });
    expect(del.status).toBe(404);
    const shown = await stack.fetch('dispatcher', `/v1/emails/${id}`, {
      claims: { sub: 'carol', perms: ['email-read'], records: ['sales-invoice'] },
    });
    expect(shown.status).toBe(200);
  });

  it('permissions: reading needs email-read, composing and actions need email-edit', async () => {
    await using stack = await seed();
    const none = await stack.fetch('dispatcher', '/v1/outbox', {
      claims: { sub: 'zed', perms: [] },
    });
    expect(none.status).toBe(403);
    expect(((await none.json()) as { code: string }).code).toBe('FORBIDDEN');
    const readOnly = await compose(
      stack,
      { to: ['x@fabrikam.example'], subject: 's', text: 'x' },
      { claims: { sub: 'alice', perms: ['email-read'] } },
    );
    expect(readOnly.status).toBe(403);
    const cancel = await stack.fetch(
      'dispatcher',
      `/v1/emails/${stack.ids['alice-invoice']}/cancel`,
      {
        method: 'POST',
        claims: { sub: 'alice', perms: ['email-read'] },
      },
    );
    expect(cancel.status).toBe(403);
    const anonymous = await fetch(`${stack.url('dispatcher')}/v1/outbox`);
    expect(anonymous.status).toBe(401);
  });

  it("another company's emails are not found, and never listed", async () => {
    await using stack = await seed();
    const id = stack.ids['alice-invoice'];
    const other = {
      company: 'someoneelse',
      sub: 'alice',
      perms: ['email-admin'] as const,
      records: ['*'],
    };
    const res = await stack.fetch('dispatcher', `/v1/emails/${id}`, {
      claims: { ...other, perms: ['email-admin'] },
    });
    expect(res.status).toBe(404);
    const list = await stack.fetch('dispatcher', '/v1/outbox', {
      claims: { ...other, perms: ['email-admin'] },
    });
    expect(((await list.json()) as { items: unknown[] }).items).toEqual([]);
    const send = await stack.fetch('dispatcher', `/v1/emails/${id}/send`, {
      method: 'POST',
      claims: { ...other, perms: ['email-admin'] },
    });
    expect(send.status).toBe(404);
  });

  it('filters and cursor pagination', async () => {
    await using stack = await seed();
    const first = await stack.fetch('dispatcher', '/v1/outbox?status=draft&limit=2');
    const p1 = (await first.json()) as { items: EmailRecord[]; nextCursor: string | null };
    // The admin sees 3 of the 4 (alice-none relates only to a user record).
    expect(p1.items).toHaveLength(2);
    expect(p1.nextCursor).not.toBeNull();
    const second = await stack.fetch(
      'dispatcher',
      `/v1/outbox?status=draft&limit=2&cursor=${p1.nextCursor}`,
    );
    const p2 = (await second.json()) as { items: EmailRecord[]; nextCursor: string | null };
    expect(p2.items).toHaveLength(1);
    expect(p2.nextCursor).toBeNull();
    expect(new Set([...p1.items, ...p2.items].map((r) => r.id)).size).toBe(3);
    // Newest first.
    expect(p1.items[0]?.subject).toBe('bob-invoice');
    const byRecord = await stack.fetch('dispatcher', '/v1/outbox?recordType=customer&recordId=C1');
    expect(
      ((await byRecord.json()) as { items: EmailRecord[] }).items.map((r) => r.subject),
    ).toEqual(['alice-mixed']);
    const bad = await stack.fetch('dispatcher', '/v1/outbox?cursor=nonsense');
    expect(bad.status).toBe(400);
    const badStatus = await stack.fetch('dispatcher', '/v1/outbox?status=sent');
    expect(badStatus.status).toBe(400);
    const sent = await stack.fetch('dispatcher', '/v1/sent');
    expect(((await sent.json()) as { items: EmailRecord[] }).items).toEqual([]);
  });
});
