/**
 * The console in headless Chromium on the real stack (nats-server, the three
 * services, an SMTP sink, the identity double as OpenID Connect provider):
 * sign in → guided setup of a capture account → test email → assign a
 * scenario → upload a default attachment → compose with formatting and an
 * attachment → see it in Sent; a failing SMTP account's email shows its
 * reason, is fixed and sent again; "own emails" hides another user's email;
 * a layout with a broken loop shows the error at the tag; Dutch UI. Every page
 * is screenshotted (.data/console-screenshots) and checked with axe-core.
 * One stack and one browser for the whole file (its cost stays bounded).
 */
import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { SmtpSink } from '../harness';
import {
  CLIENT_ID,
  CLIENT_SECRET,
  type ConsoleStack,
  chromiumInstalled,
  expectAccessible,
  SCREENSHOTS,
  signIn,
  snapshot,
  startConsoleStack,
  TENANT,
  tempFile,
} from './stack';

const ADMIN = 'anna@cronus.example';
const USER = 'bob@cronus.example';
const LAYOUTS = join(import.meta.dirname, '..', 'fixtures', 'layouts');
const title = chromiumInstalled
  ? 'console (headless Chromium)'
  : 'console — SKIPPED: Chromium is not installed at /usr/bin/chromium (run scripts/ensure-deps.sh)';

/** Reloads until the text shows (the sender works in the background). */
async function reloadUntil(page: Page, text: string | RegExp, timeoutMs = 20_000): Promise<void> {
  const until = Date.now() + timeoutMs;
  for (;;) {
    if ((await page.getByText(text).count()) > 0) {
      return;
    }
    if (Date.now() > until) {
      throw new Error(`"${text}" did not show on ${page.url()}`);
    }
    await new Promise((r) => setTimeout(r, 300));
    await page.reload();
  }
}

/** A 1×1 PNG named logo.png. */
async function pngFile(): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'verzend-png-'));
  const path = join(dir, 'logo.png');
  await writeFile(
    path,
    Buffer.from(
      'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==',
      'base64',
    ),
  );
  return path;
}

/** Checks and screenshots the page the browser is on. */
async function check(page: Page, name: string): Promise<void> {
  await expectAccessible(page, name);
  await snapshot(page, name);
}

async function json<T>(res: Response): Promise<T> {
  expect(res.ok, `${res.url} answered ${res.status}`).toBe(true);
  return (await res.json()) as T;
}

/** Sign in → guided setup of a capture account → test email. Returns the account id. */
async function guidedSetup(cs: ConsoleStack, admin: Page): Promise<string> {
  // No account yet: the home page sends the administrator to the guided setup.
  expect(new URL(admin.url()).pathname).toBe('/setup');
  const session = (await admin.context().cookies()).find((c) => c.name === 'verzend_session');
  expect(session?.httpOnly).toBe(true);
  expect(session?.sameSite).toBe('Lax');
  expect(await admin.evaluate('document.cookie')).not.toContain('verzend_session');
  await check(admin, 'setup-1-choose');

  await admin.getByLabel(/Capture \(test\)/).check();
  await admin.getByRole('button', { name: 'Next' }).click();
  await admin.getByLabel('Name', { exact: true }).fill('Test mailbox');
  // Passes the browser's check, not the API's: the problem shows next to the field.
  await admin.getByLabel('Email address').fill('test@cronus');
  await admin.getByRole('button', { name: 'Next' }).click();
  await admin.locator('.problem strong', { hasText: 'The request is not valid' }).waitFor();
  expect(await admin.locator('.problem p').textContent()).toContain('emailAddress');
  expect(await admin.locator('#f-emailAddress-error').count()).toBe(1);
  expect(await admin.getAttribute('#f-emailAddress', 'aria-invalid')).toBe('true');
  await check(admin, 'setup-2-details-error');

  await admin.getByLabel('Email address').fill('test@cronus.example');
  await admin.getByRole('button', { name: 'Next' }).click();
  await admin.waitForURL(/\/setup\/[^/]+\/test$/);
  const id = new URL(admin.url()).pathname.split('/')[2] ?? '';
  await admin.getByLabel('Send the test email to').fill(ADMIN);
  await admin.getByRole('button', { name: 'Send test email' }).click();
  await admin.getByText('The test succeeded').waitFor();
  await check(admin, 'setup-3-tested');
  const account = await json<{ isDefault: boolean }>(
    await cs.stack.fetch('config', `/v1/accounts/${id}`),
  );
  expect(account.isDefault).toBe(true);

  await admin.goto(`${cs.url}/accounts`);
  await admin.getByRole('cell', { name: 'Ready' }).waitFor();
  await check(admin, 'accounts');
  await admin.getByRole('link', { name: 'Test mailbox', exact: true }).click();
  await check(admin, 'account-card');
  return id;
}

/** Current User: "Connect mailbox" opens the sign-in and comes back to the account card, connected. */
async function connectMailbox(cs: ConsoleStack, admin: Page): Promise<void> {
  const account = await json<{ id: string }>(
    await cs.stack.fetch('config', '/v1/accounts', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        name: 'My mailbox',
        emailAddress: 'me@cronus.example',
        settings: {
          connector: 'current-user',
          tenantId: TENANT,
          clientId: CLIENT_ID,
          redirectUri: `${cs.url}/oauth/callback`,
        },
        secrets: { clientSecret: CLIENT_SECRET },
      }),
    }),
  );
  await admin.goto(`${cs.url}/accounts/${account.id}`);
  expect(await admin.locator('dl.facts').textContent()).toContain('Not connected');
  cs.graph.identity.nextSignIn = ADMIN;
  await admin.getByRole('button', { name: 'Connect mailbox' }).click();
  await admin.waitForURL(new RegExp(`/accounts/${account.id}\\?notice=`));
  await admin.getByText('Your mailbox is connected.').first().waitFor();
  expect(await admin.locator('dl.facts').textContent()).toContain('Ready');
  await check(admin, 'account-connected');
}

/** Assigns sales-invoice to the account and uploads an offered default attachment. */
async function scenarioAndAttachment(
  cs: ConsoleStack,
  admin: Page,
  accountId: string,
): Promise<void> {
  await admin.goto(`${cs.url}/scenarios`);
  const row = admin.locator('form[action="/scenarios/sales-invoice/assign"]');
  await row.locator('select').selectOption(accountId);
  await row.getByRole('button', { name: 'Assign' }).click();
  await admin.getByText('Saved.').waitFor();
  const resolved = await json<{ id: string }>(
    await cs.stack.fetch('config', '/v1/scenarios/sales-invoice/account'),
  );
  expect(resolved.id).toBe(accountId);
  await check(admin, 'scenarios');

  await admin.goto(`${cs.url}/scenarios/sales-invoice`);
  const upload = admin.locator('form[data-upload]');
  await upload.getByLabel('How it is used').selectOption('false');
  await upload.getByLabel('File').setInputFiles(await tempFile('terms.pdf', 3 * 1024 * 1024));
  const progress: number[] = [];
  await admin.exposeFunction('reportProgress', (v: number) => progress.push(v));
  await admin.evaluate(`(() => {
    const bar = document.querySelector('progress');
    new MutationObserver(() => window.reportProgress(Number(bar.value))).observe(bar, { attributes: true });
  })()`);
  await upload.getByRole('button', { name: 'Upload' }).click();
  await admin.getByRole('link', { name: 'terms.pdf', exact: true }).waitFor();
  expect(progress.at(-1)).toBe(100);
  await check(admin, 'default-attachments');
  const list = await json<{
    items: { fileName: string; autoAdd: boolean; blob: { size: number } }[];
  }>(await cs.stack.fetch('config', '/v1/scenarios/sales-invoice/attachments'));
  expect(list.items).toMatchObject([
    { fileName: 'terms.pdf', autoAdd: false, blob: { size: 3 * 1024 * 1024 } },
  ]);
}

/** Composes with formatting, the offered attachment and an uploaded file; sees it in Sent. */
async function composeAndSent(cs: ConsoleStack, admin: Page): Promise<string> {
  await admin.goto(`${cs.url}/compose?scenario=sales-invoice`);
  // A bad address: the API's problem is shown, its message next to the To field.
  await admin.getByLabel('To', { exact: true }).fill('customer at fabrikam');
  await admin.getByLabel('Subject').fill('Invoice 103045');
  await admin.getByRole('button', { name: 'Send', exact: true }).click();
  await admin.locator('.problem-live strong').waitFor();
  expect(await admin.getAttribute('input[name="to"]', 'aria-invalid')).toBe('true');
  expect(await admin.locator('input[name="to"] + .field-error').count()).toBe(1);
  await admin.getByLabel('To', { exact: true }).fill('customer@fabrikam.example');
  await admin.getByLabel('Subject').fill('Invoice 103045');
  const editor = admin.getByRole('textbox', { name: 'Message' });
  await editor.click();
  await admin.keyboard.type('Dear customer, ');
  await admin.getByRole('button', { name: 'Bold' }).click();
  await admin.keyboard.type('please pay');
  await admin.getByRole('button', { name: 'Bold' }).click();
  // An image from a file goes into the text and travels as an inline (CID) attachment.
  const chooser = admin.waitForEvent('filechooser');
  await admin.getByRole('button', { name: 'Image' }).click();
  await (await chooser).setFiles(await pngFile());
  await admin.getByRole('img', { name: 'logo.png' }).waitFor();
  await admin.keyboard.type(' soon.');
  // Select " soon." and give it a font and a colour from the toolbar.
  for (let i = 0; i < ' soon.'.length; i++) {
    await admin.keyboard.press('Shift+ArrowLeft');
  }
  await admin.getByLabel('Font', { exact: true }).selectOption({ label: 'Georgia' });
  await admin.getByLabel('Colour').fill('#c00000');
  await admin.getByLabel('terms.pdf').check();
  await admin.getByLabel('Attachments').setInputFiles(await tempFile('invoice.docx', 200_000));
  await check(admin, 'compose');
  await admin.getByRole('button', { name: 'Send', exact: true }).click();
  await admin.waitForURL(/\/emails\/[^/]+$/);
  const id = new URL(admin.url()).pathname.split('/')[2] ?? '';
  await reloadUntil(admin, /^Sent$/);
  // The message view shows the body with its inline image loaded from the attachment.
  const shown = admin.frameLocator('iframe.message').locator('img[alt="logo.png"]');
  await expect
    .poll(
      () => shown.evaluate((img) => (img as unknown as { naturalWidth: number }).naturalWidth),
      { timeout: 10_000 },
    )
    .toBe(1);
  await check(admin, 'message');
  const body = await (
    await cs.stack.fetch('dispatcher', `/v1/emails/${id}/body`, {
      claims: { sub: cs.userId(ADMIN) },
    })
  ).text();
  expect(body).toContain('<strong>please pay</strong>');
  // Font and colour survive the server's mail-safe policy as text-formatting styles.
  expect(body).toMatch(/<span style="[^"]*font-family:Georgia, serif[^"]*">/);
  expect(body).toMatch(/<span style="[^"]*color:rgb\(192, 0, 0\)[^"]*">/);
  const record = await json<{
    attachments: { fileName: string; inline: boolean; contentId?: string }[];
  }>(await cs.stack.fetch('dispatcher', `/v1/emails/${id}`, { claims: { sub: cs.userId(ADMIN) } }));
  expect(
    record.attachments
      .filter((a) => !a.inline)
      .map((a) => a.fileName)
      .sort(),
  ).toEqual(['invoice.docx', 'terms.pdf']);
  const image = record.attachments.find((a) => a.inline);
  expect(image?.fileName).toBe('logo.png');
  expect(body).toContain(`<img src="cid:${image?.contentId}"`);

  await admin.goto(`${cs.url}/sent`);
  await admin.getByRole('link', { name: 'Invoice 103045', exact: true }).waitFor();
  await check(admin, 'sent');

  // Unassigning falls back to the default account.
  await admin.goto(`${cs.url}/scenarios`);
  await admin.locator('form[action="/scenarios/sales-invoice/unassign"] button').click();
  await admin.getByText('Saved.').waitFor();
  const scenario = await json<{ accountId: string | null }>(
    await cs.stack.fetch('config', '/v1/scenarios/sales-invoice'),
  );
  expect(scenario.accountId).toBeNull();
  return id;
}

/** A failing SMTP account's email shows its reason in the outbox, is fixed and sent again. */
async function failingSmtp(cs: ConsoleStack, admin: Page, sink: SmtpSink): Promise<void> {
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
  await admin.goto(`${cs.url}/activity`);
  const failure = admin.locator('li', { hasText: 'Reminder 7' });
  expect(await failure.locator('.help').textContent()).toContain('password');
  expect(await admin.locator('tbody').first().textContent()).toContain('Relay');
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

  // A non-default account is deleted from its card.
  await admin.goto(`${cs.url}/accounts/${account.id}`);
  await admin.getByRole('button', { name: 'Delete account' }).click();
  await admin.waitForURL(/\/accounts\?notice=/);
  expect(await admin.getByRole('link', { name: 'Relay', exact: true }).count()).toBe(0);
}

/** "Own emails": Bob does not see Anna's emails, only his own. */
async function ownEmailsPolicy(cs: ConsoleStack, admin: Page, annasEmail: string): Promise<void> {
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
async function layoutsAndRecords(cs: ConsoleStack, admin: Page): Promise<void> {
  await admin.goto(`${cs.url}/layouts`);
  await admin
    .getByLabel('File (.docx)', { exact: true })
    .last()
    .setInputFiles(join(LAYOUTS, 'broken', 'unclosed-loop.docx'));
  const mark = admin.locator('#preview-errors li mark');
  await mark.waitFor();
  expect(await mark.textContent()).toBe('{#Lines}');
  expect(await admin.locator('#preview-errors li p').textContent()).toBe(
    'table row: {#Lines}{Description} | {Amount}',
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
async function dutch(cs: ConsoleStack, admin: Page): Promise<void> {
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

describe.skipIf(!chromiumInstalled)(title, () => {
  it('sets up, sends, fixes a failure, hides by policy, previews a layout, and speaks Dutch', async () => {
    const cs = await startConsoleStack([
      { email: ADMIN, name: 'Anna Admin', perms: ['email-admin'] },
      { email: USER, name: 'Bob User', perms: ['email-edit'] },
    ]);
    await using sink = await SmtpSink.start({ users: { relay: 'right' } });
    try {
      const admin = await signIn(cs, ADMIN);
      try {
        const accountId = await guidedSetup(cs, admin);
        await connectMailbox(cs, admin);
        await scenarioAndAttachment(cs, admin, accountId);
        const annasEmail = await composeAndSent(cs, admin);
        await failingSmtp(cs, admin, sink);
        await ownEmailsPolicy(cs, admin, annasEmail);
        await layoutsAndRecords(cs, admin);
        await dutch(cs, admin);
      } catch (err) {
        // The page as it was when the step failed, next to the other screenshots.
        await admin.screenshot({ path: join(SCREENSHOTS, 'failure.png'), fullPage: true });
        throw err;
      }
    } finally {
      await cs.stop();
    }
  }, 240_000);
});
