/**
 * Browser steps for the company's Microsoft Entra app registration and the
 * Activity page over the whole history.
 * @module
 */
import type { Page } from 'playwright-core';
import { expect } from 'vitest';
import { ADMIN, check, json } from './helpers';
import { CLIENT_ID, type ConsoleStack, TENANT } from './stack';

/**
 * The app registration page: an API error at its field, the write-only secret, the
 * admin-consent link; a Microsoft 365 account set up with the registration alone.
 */
export async function appRegistration(cs: ConsoleStack, admin: Page): Promise<string> {
  await admin.goto(`${cs.url}/app-registrations`);
  await check(admin, 'app-registrations');
  await admin.getByLabel('Name', { exact: true }).fill('Verzend email');
  await admin.getByLabel('Tenant id').fill(TENANT);
  await admin.getByLabel('Client id').fill(CLIENT_ID);
  // A plain-http redirect URI off this machine: the API refuses it, the form shows where.
  await admin.getByLabel('Redirect URI').fill('http://mail.cronus.example/oauth/callback');
  await admin.getByLabel(/Client secret \(not set\)/).fill('app-secret-1');
  await admin.getByRole('button', { name: 'Save' }).click();
  await admin.locator('.problem strong').waitFor();
  expect(await admin.getAttribute('#f-redirectUri', 'aria-invalid')).toBe('true');
  expect(await admin.locator('#f-redirectUri-error').count()).toBe(1);
  // What was typed is kept, except the secret (never written back into a page).
  expect(await admin.inputValue('#f-tenantId')).toBe(TENANT);
  expect(await admin.content()).not.toContain('app-secret-1');
  await check(admin, 'app-registrations-error');

  await admin.getByLabel('Redirect URI').fill(`${cs.url}/oauth/callback`);
  await admin.getByLabel(/Client secret \(not set\)/).fill('app-secret-1');
  await admin.getByRole('button', { name: 'Save' }).click();
  await admin.waitForURL(/\/app-registrations\/[^/?]+\?notice=/);
  const id = new URL(admin.url()).pathname.split('/')[2] ?? '';
  await admin.getByLabel(/Client secret \(set\) — Replace/).waitFor();
  expect(await admin.content()).not.toContain('app-secret-1');
  const consent = new URL((await admin.getAttribute('#admin-consent', 'href')) ?? '');
  expect(consent.pathname).toMatch(new RegExp(`^/${TENANT}/(v2\\.0/)?adminconsent$`));
  expect(consent.searchParams.get('client_id')).toBe(CLIENT_ID);
  await check(admin, 'app-registration-card');
  const stored = await json<{ secretsSet: string[]; redirectUri: string }>(
    await cs.api('config', `/v1/app-registrations/${id}`),
  );
  expect(stored).toMatchObject({
    secretsSet: ['clientSecret'],
    redirectUri: `${cs.url}/oauth/callback`,
  });

  // A Microsoft 365 account needs only the registration: tenant, app and secret come from it.
  await admin.goto(`${cs.url}/setup?connector=microsoft365`);
  expect(
    await admin.getByRole('link', { name: 'Manage app registrations' }).getAttribute('href'),
  ).toBe('/app-registrations');
  await admin
    .getByLabel('App registration', { exact: true })
    .selectOption({ label: 'Verzend email' });
  await admin.getByLabel('Name', { exact: true }).fill('Sales');
  await admin.getByLabel('Email address').fill('sales@cronus.example');
  await admin.getByLabel('Shared mailbox').fill('sales@cronus.example');
  await check(admin, 'setup-microsoft365');
  await admin.getByRole('button', { name: 'Next' }).click();
  await admin.waitForURL(/\/setup\/[^/]+\/test$/);
  const accountId = new URL(admin.url()).pathname.split('/')[2] ?? '';
  const account = await json<{
    needsCredentials: boolean;
    settings: { appRegistrationId?: string; tenantId?: string };
  }>(await cs.api('config', `/v1/accounts/${accountId}`));
  expect(account.settings.appRegistrationId).toBe(id);
  expect(account.settings.tenantId).toBeUndefined();
  expect(account.needsCredentials).toBe(false);
  // The account card and the SMTP form (for OAuth 2.0) offer the registration too.
  await admin.goto(`${cs.url}/accounts/${accountId}`);
  expect(await admin.inputValue('select[name="settings.appRegistrationId"]')).toBe(id);
  await admin.goto(`${cs.url}/setup?connector=smtp`);
  expect(await admin.locator('select[name="settings.oauth.appRegistrationId"]').count()).toBe(1);
  // In use: deleting is refused with the reason.
  await admin.goto(`${cs.url}/app-registrations/${id}`);
  await admin.getByRole('button', { name: 'Delete (Verzend email)' }).click();
  await admin.locator('.problem').first().waitFor();
  expect(await admin.locator('.problem').first().textContent()).toMatch(/use|account/i);
  return accountId;
}

/** Sends `n` emails through the API, 25 at a time. */
async function sendMany(
  cs: ConsoleStack,
  accountId: string,
  n: number,
  to: string,
  subject: string,
): Promise<void> {
  for (let i = 0; i < n; i += 25) {
    await Promise.all(
      Array.from({ length: Math.min(25, n - i) }, (_, k) =>
        cs
          .api('dispatcher', '/v1/emails', {
            method: 'POST',
            headers: { 'content-type': 'application/json' },
            body: JSON.stringify({
              to: [to],
              subject: `${subject} ${i + k + 1}`,
              html: '<p>Hello</p>',
              accountId,
            }),
            claims: { sub: cs.userId(ADMIN), email: ADMIN },
          })
          .then((r) => expect(r.status, `${subject} ${i + k + 1}`).toBe(202)),
      ),
    );
  }
}

/**
 * Activity counts the whole history: 230 sent (more than any one API page) and 2
 * failed on a capture account, per day, with the reason and the fix for the failures.
 */
export async function activityHistory(cs: ConsoleStack, admin: Page): Promise<string> {
  const account = await json<{ id: string }>(
    await cs.api('config', '/v1/accounts', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        name: 'Bulk mailbox',
        emailAddress: 'bulk@cronus.example',
        settings: { connector: 'capture', allowlist: ['@fabrikam.example'] },
        maxAttempts: 1,
      }),
    }),
  );
  await sendMany(cs, account.id, 230, 'ap@fabrikam.example', 'Statement');
  await sendMany(cs, account.id, 2, 'ap@contoso.example', 'Blocked');
  const today = new Date().toISOString().slice(0, 10);
  await expect
    .poll(
      async () => {
        const a = await json<{ items: { accountId: string; day: string }[] }>(
          await cs.api('dispatcher', `/v1/activity?accountId=${account.id}`),
        );
        return a.items;
      },
      { timeout: 60_000, interval: 500 },
    )
    .toEqual([{ accountId: account.id, day: today, sent: 230, failed: 2 }]);

  await admin.goto(`${cs.url}/activity`);
  const row = admin.locator('tr', { hasText: 'Bulk mailbox' }).first();
  expect((await row.locator('td').allTextContents()).slice(1)).toEqual([
    'Bulk mailbox',
    '230',
    '2',
  ]);
  const failure = admin.locator('li', { hasText: 'Blocked 1' });
  expect(await failure.locator('.last-error').textContent()).toContain('allowlist');
  expect(await failure.locator('.help').textContent()).toContain('allowed recipients');
  await check(admin, 'activity-history');
  // In Dutch: the counts with Dutch labels, the fix in Dutch.
  await admin.getByRole('link', { name: 'Nederlands', exact: true }).click();
  await admin.getByRole('heading', { name: 'Activiteit' }).waitFor();
  expect(
    await admin.locator('li', { hasText: 'Blocked 1' }).locator('.help').textContent(),
  ).toContain('toegestane ontvangers');
  await check(admin, 'activity-nl');
  await admin.goto(`${cs.url}/app-registrations`);
  await admin.getByRole('heading', { name: 'Microsoft Entra-app-registraties' }).waitFor();
  await check(admin, 'app-registrations-nl');
  await admin.getByRole('link', { name: 'English', exact: true }).click();
  await admin.getByRole('heading', { name: 'Microsoft Entra app registrations' }).waitFor();
  await admin.goto(`${cs.url}/activity`);
  // A day range without activity lists nothing.
  await admin.getByLabel('From').fill('2020-01-01');
  await admin.getByLabel('To (inclusive)').fill('2020-01-31');
  await admin.getByRole('button', { name: 'Filter' }).click();
  await admin.waitForURL(/from=2020-01-01/);
  expect(await admin.locator('tr', { hasText: 'Bulk mailbox' }).count()).toBe(1); // the throttle table only
  return account.id;
}
