import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { expect } from 'vitest';
import type { SmtpSink } from '../harness';
import { ADMIN, check, json, LAYOUTS, reloadUntil, USER } from './helpers';
import { type ConsoleStack, signIn } from './stack';

/** A failing SMTP account's email shows its reason in the outbox, is fixed and sent again. */
export async function failingSmtp(cs: ConsoleStack, admin: Page, sink: SmtpSink): Promise<void> {
  const account = await json<{ id: string }>(
    await cs.stack.fetch('config', '/v1/accounts', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        name: 'Relay',
        emailAddress: 'relay@cronus.example',
        settings: {
          connector: 'smtp',
          host: '127.0.0.1',
          port: sink.port,
          tls: 'none',
          auth: 'basic',
          userName: 'relay',
        },
        secrets: { password: 'wrong' },
        maxAttempts: 1,
      }),
    }),
  );
  const email = await json<{ id: string }>(
    await cs.stack.fetch('dispatcher', '/v1/emails', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        to: ['ap@fabrikam.example'],
        subject: 'Reminder 7',
        html: '<p>Hi</p>',
        accountId: account.id,
      }),
      claims: { sub: cs.userId(ADMIN), email: ADMIN },
    }),
  );
  await admin.goto(`${cs.url}/outbox?status=failed`);
  await reloadUntil(admin, 'Reminder 7');
  const lastError = admin.locator('tr', { hasText: 'Reminder 7' }).locator('.last-error');
  expect(await lastError.textContent()).toMatch(/535|auth/i);
  await check(admin, 'outbox-failed');
  // The day's counts are folded in within about a second of the failure.
  await admin.goto(`${cs.url}/activity`);
  await expect
    .poll(
      async () => {
        await admin.reload();
        return admin.locator('tbody').first().textContent();
      },
      { timeout: 15_000 },
    )
    .toContain('Relay');
  const failure = admin.locator('li', { hasText: 'Reminder 7' });
  expect(await failure.locator('.help').textContent()).toContain('password');
  // Every account's live throttle state, from one call (GET /v1/throttle): no limit, none in flight.
  const throttle = admin.locator(
    'section[aria-label="Account, Rate limit per minute, Sent in the current minute, In flight"] tr',
    { hasText: 'Relay' },
  );
  expect(await throttle.locator('td').allTextContents()).toEqual(['Relay', '0', '0', '0']);
  await check(admin, 'activity');

  await admin.goto(`${cs.url}/accounts/${account.id}`);
  await admin.getByLabel(/Password \(set\)/).fill('right');
  await admin.getByRole('button', { name: 'Save' }).click();
  await admin.getByText('Saved.').waitFor();

  await admin.goto(`${cs.url}/outbox`);
  await admin.getByRole('button', { name: 'Send again (Reminder 7)' }).click();
  await admin.waitForURL(new RegExp(`/emails/${email.id}`));
  await reloadUntil(admin, /^Sent$/);
  expect(sink.messages.map((m) => m.parsed.subject)).toEqual(['Reminder 7']);
  // Sent, filtered by account: only the relay's email.
  await admin.goto(`${cs.url}/sent?accountId=${account.id}`);
  await admin.getByRole('link', { name: 'Reminder 7', exact: true }).waitFor();
  expect(await admin.getByRole('link', { name: 'Invoice 103045', exact: true }).count()).toBe(0);

  // A non-default account is deleted from its card.
  await admin.goto(`${cs.url}/accounts/${account.id}`);
  await admin.getByRole('button', { name: 'Delete account' }).click();
  await admin.waitForURL(/\/accounts\?notice=/);
  expect(await admin.getByRole('link', { name: 'Relay', exact: true }).count()).toBe(0);
}

/** "Own emails": Bob does not see Anna's emails, only his own. */
export async function ownEmailsPolicy(
  cs: ConsoleStack,
  admin: Page,
  annasEmail: string,
): Promise<void> {
  await admin.goto(`${cs.url}/view-policies`);
  await admin.getByLabel('User', { exact: true }).fill(cs.userId(USER));
  await admin.getByLabel(/^Own emails/).check();
  await admin.getByRole('button', { name: 'Save' }).click();
  await admin.getByText('Saved.').waitFor();
  await check(admin, 'view-policies');

  const bob = await signIn(cs, USER);
  try {
    await bob.goto(`${cs.url}/compose`);
    await bob.getByLabel('To', { exact: true }).fill('friend@fabrikam.example');
    await bob.getByLabel('Subject').fill('Note from Bob');
    await bob.getByRole('textbox', { name: 'Message' }).click();
    await bob.keyboard.type('Hello');
    await bob.getByRole('button', { name: 'Save as draft' }).click();
    await bob.waitForURL(/\/outbox\//);
    await bob.goto(`${cs.url}/outbox`);
    await bob.getByRole('link', { name: 'Note from Bob', exact: true }).waitFor();
    // Edit and send: the draft opens in the editor with its content.
    await bob.getByRole('link', { name: 'Edit and send (Note from Bob)' }).click();
    await bob.getByRole('textbox', { name: 'Message' }).getByText('Hello').waitFor();
    await bob.getByLabel('Subject').fill('Note from Bob, edited');
    await bob.getByRole('button', { name: 'Send', exact: true }).click();
    await bob.waitForURL(/\/emails\//);
    await reloadUntil(bob, /^Sent$/);
    await bob.goto(`${cs.url}/sent`);
    await bob.getByRole('link', { name: 'Note from Bob, edited', exact: true }).waitFor();
    expect(await bob.getByText('Invoice 103045').count()).toBe(0);
    expect(await bob.getByText('Reminder 7').count()).toBe(0);
    // Not listed, and not reachable by its address either.
    const direct = await bob.goto(`${cs.url}/emails/${annasEmail}`);
    expect(direct?.status()).toBe(404);
  } finally {
    await bob.context().close();
  }
}

/** The preview marks the broken loop's tag; the other record pages render. */
export async function layoutsAndRecords(cs: ConsoleStack, admin: Page): Promise<void> {
  await admin.goto(`${cs.url}/layouts`);
  await admin
    .getByLabel('File (.docx)', { exact: true })
    .last()
    .setInputFiles(join(LAYOUTS, 'broken', 'unclosed-loop.docx'));
  const mark = admin.locator('#preview-errors li mark');
  await mark.waitFor();
  expect(await mark.textContent()).toBe('{#Lines}');
  // The context names the table cell the tag is in and its row.
  expect(await admin.locator('#preview-errors li p').textContent()).toBe(
    'table cell: {#Lines}{Description} — row: {#Lines}{Description} | {Amount}',
  );
  await check(admin, 'layouts-preview-error');
  // A stored layout renders into the frame; a copy is made and deleted again.
  await admin.goto(`${cs.url}/layouts`);
  await admin
    .locator('#preview select[name="layoutId"]')
    .selectOption({ label: 'Standard Sales - Invoice (email body)' });
  await expect
    .poll(() => admin.locator('#preview-status').textContent(), { timeout: 15_000 })
    .toBe('OK');
  expect(await admin.frameLocator('#preview-frame').locator('body').textContent()).toContain(
    '103045',
  );
  await admin.getByRole('button', { name: 'Copy (Standard Sales - Invoice (email body))' }).click();
  await admin
    .getByRole('button', { name: 'Delete (Copy of Standard Sales - Invoice (email body))' })
    .waitFor();
  await admin
    .getByRole('button', { name: 'Delete (Copy of Standard Sales - Invoice (email body))' })
    .click();
  await admin.getByText('Deleted.').waitFor();
  expect(await admin.getByRole('cell', { name: /^Copy of Standard Sales/ }).count()).toBe(0);

  await admin.goto(`${cs.url}/paypal`);
  await admin.getByLabel('PayPal business email').fill('payments@cronus');
  await admin.getByRole('button', { name: 'Save' }).click();
  await admin.locator('#f-merchantEmail-error').waitFor();
  await check(admin, 'paypal-error');
  await admin.getByLabel('PayPal business email').fill('payments@cronus.example');
  await admin.getByRole('button', { name: 'Save' }).click();
  await admin.getByText('Saved.').waitFor();
  await check(admin, 'paypal');

  await admin.goto(`${cs.url}/sending-profiles`);
  await admin.getByLabel('Code').fill('EMAIL');
  await admin.getByLabel('Description').fill('Email, default settings');
  await admin.getByRole('button', { name: 'Save' }).click();
  await admin.getByRole('cell', { name: 'Email, default settings', exact: true }).waitFor();
  await check(admin, 'sending-profiles');

  await admin.goto(`${cs.url}/report-selections`);
  await admin.getByLabel('Usage').selectOption('sales-invoice');
  await admin.getByLabel('Customer no.').fill('10000');
  await admin.getByRole('button', { name: 'Save' }).click();
  await admin.getByRole('cell', { name: '10000', exact: true }).waitFor();
  await check(admin, 'report-selections');
  // A change without the session's CSRF token is refused.
  const forged = await admin.evaluate(
    `fetch('/paypal', { method: 'POST', body: new URLSearchParams({ merchantEmail: 'x@y.example' }) }).then((r) => r.status)`,
  );
  expect(forged).toBe(403);
}

/** Dutch: switched in the header, and chosen from the browser's language. */
export async function dutch(cs: ConsoleStack, admin: Page): Promise<void> {
  await admin.goto(`${cs.url}/sent`);
  await admin.getByRole('link', { name: 'Nederlands', exact: true }).click();
  await admin.getByRole('heading', { name: 'Verzonden e-mails' }).waitFor();
  expect(await admin.locator('html').getAttribute('lang')).toBe('nl');
  const month = new Intl.DateTimeFormat('nl-NL', { month: 'short' }).format(new Date());
  expect(await admin.locator('tbody').textContent()).toContain(month);
  await check(admin, 'sent-nl');
  await admin.getByRole('link', { name: 'English', exact: true }).click();
  await admin.getByRole('heading', { name: 'Sent emails' }).waitFor();

  const bob = await signIn(cs, USER, 'nl-NL');
  try {
    await bob.goto(`${cs.url}/outbox`);
    await bob.getByRole('heading', { name: 'Postvak UIT' }).waitFor();
    await check(bob, 'outbox-nl');
  } finally {
    await bob.context().close();
  }
}
