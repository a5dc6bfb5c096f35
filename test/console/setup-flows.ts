import type { Page } from 'playwright-core';
import { expect } from 'vitest';
import { ADMIN, check, json, pngFile, reloadUntil } from './helpers';
import { CLIENT_ID, CLIENT_SECRET, type ConsoleStack, TENANT, tempFile } from './stack';

/** Sign in → guided setup of a capture account → test email. Returns the account id. */
export async function guidedSetup(cs: ConsoleStack, admin: Page): Promise<string> {
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
export async function connectMailbox(cs: ConsoleStack, admin: Page): Promise<void> {
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
  // The list's status comes from every connection in one call (GET /v1/connections).
  const status = async () => {
    await admin.goto(`${cs.url}/accounts`);
    return admin.locator('tr', { hasText: 'My mailbox' }).locator('td').last().textContent();
  };
  expect(await status()).toBe('Not connected');
  await admin.goto(`${cs.url}/accounts/${account.id}`);
  expect(await admin.locator('dl.facts').textContent()).toContain('Not connected');
  cs.graph.identity.nextSignIn = ADMIN;
  await admin.getByRole('button', { name: 'Connect mailbox' }).click();
  await admin.waitForURL(new RegExp(`/accounts/${account.id}\\?notice=`));
  await admin.getByText('Your mailbox is connected.').first().waitFor();
  expect(await admin.locator('dl.facts').textContent()).toContain('Ready');
  await check(admin, 'account-connected');
  expect(await status()).toBe('Ready');
}

/** Assigns sales-invoice to the account and uploads an offered default attachment. */
export async function scenarioAndAttachment(
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
export async function composeAndSent(cs: ConsoleStack, admin: Page): Promise<string> {
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
