/**
 * Browser steps for large lists (10,000 sent emails paged without loading
 * all, date and text filters), editing a draft's files, and 100 MB uploads
 * through the console's forwarding.
 * @module
 */
import { randomBytes } from 'node:crypto';
import { openBucket } from '@verzend/shared';
import type { Page } from 'playwright-core';
import { expect } from 'vitest';
import { ADMIN, check, json, reloadUntil } from './helpers';
import { type ConsoleStack, tempFile } from './stack';

const MINUTE = 60_000;
const BULK = 10_000;

/** Puts `BULK` sent emails straight into the records bucket, one a minute going back from a day ago. */
async function insertSent(cs: ConsoleStack, base: number): Promise<void> {
  const sent = await json<{ items: Record<string, unknown>[] }>(
    await cs.api('dispatcher', '/v1/sent?limit=1', { claims: { sub: cs.userId(ADMIN) } }),
  );
  const template = sent.items[0];
  expect(template).toBeDefined();
  const kv = await openBucket(cs.stack.nc, 'emails');
  for (let i = 0; i < BULK; i += 500) {
    await Promise.all(
      Array.from({ length: Math.min(500, BULK - i) }, (_, k) => {
        const n = i + k;
        const at = base - n * MINUTE;
        const iso = new Date(at).toISOString();
        const id = `${at.toString(36).padStart(9, '0')}${randomBytes(8).toString('hex')}`;
        const record = {
          ...template,
          id,
          subject: `Bulk ${n}`,
          to: [{ address: `bulk${n}@fabrikam.example` }],
          createdAt: iso,
          updatedAt: iso,
          sentAt: iso,
          history: [{ status: 'sent', at: iso, reason: 'Sent' }],
        };
        return kv.put(`${cs.stack.company}.${id}`, JSON.stringify(record));
      }),
    );
  }
}

const subjects = (page: Page) => page.locator('tbody tr td:first-child a').allTextContents();

/** 10,000 sent emails: paged 25 at a time, searched by recipient and subject, filtered by day. */
export async function bigLists(cs: ConsoleStack, admin: Page): Promise<void> {
  const base = Date.now() - 24 * 60 * MINUTE;
  await insertSent(cs, base);
  await admin.goto(`${cs.url}/sent`);
  const first = await subjects(admin);
  expect(first).toHaveLength(25);
  await admin.getByRole('link', { name: /Next page/ }).click();
  await admin.waitForURL(/cursor=/);
  const second = await subjects(admin);
  expect(second).toHaveLength(25);
  expect(second.filter((s) => first.includes(s))).toEqual([]);
  await admin.getByRole('link', { name: /Next page/ }).click();
  await admin.waitForURL((u) => u.searchParams.get('cursor') !== null);
  expect(await subjects(admin)).toHaveLength(25);
  await admin.getByRole('link', { name: 'First page' }).waitFor();
  await check(admin, 'sent-paged');

  // Text: a recipient, then a subject.
  await admin.goto(`${cs.url}/sent`);
  await admin.getByLabel('Search').fill('bulk42@');
  await admin.getByRole('button', { name: 'Filter' }).click();
  await admin.waitForURL(/q=bulk42/);
  expect(await subjects(admin)).toEqual(['Bulk 42']);
  await admin.getByLabel('Search').fill('Bulk 1234');
  await admin.getByRole('button', { name: 'Filter' }).click();
  await admin.waitForURL(/q=Bulk\+1234/);
  expect(await subjects(admin)).toEqual(['Bulk 1234']);
  await check(admin, 'sent-search');

  // One day, five days back: its newest email first, a full page, more on the next.
  const day = new Date(base - 5 * 24 * 60 * MINUTE).toISOString().slice(0, 10);
  const dayEnd = Date.parse(`${day}T00:00:00Z`) + 24 * 60 * MINUTE;
  const newest = Math.ceil((base - dayEnd + 1) / MINUTE);
  await admin.goto(`${cs.url}/sent`);
  await admin.getByLabel('Search').fill('');
  await admin.getByLabel('From').fill(day);
  await admin.getByLabel('To (inclusive)').fill(day);
  await admin.getByRole('button', { name: 'Filter' }).click();
  await admin.waitForURL(/from=/);
  const onDay = await subjects(admin);
  expect(onDay).toHaveLength(25);
  expect(onDay[0]).toBe(`Bulk ${newest}`);
  await admin.getByRole('link', { name: /Next page/ }).waitFor();
  await check(admin, 'sent-day');
}

/** A draft with two files: edit and send removes one and adds another. */
export async function draftFiles(cs: ConsoleStack, admin: Page): Promise<void> {
  await admin.goto(`${cs.url}/compose`);
  await admin.getByLabel('To', { exact: true }).fill('ap@fabrikam.example');
  await admin.getByLabel('Subject').fill('Draft with files');
  await admin.getByLabel('Account').selectOption({ label: 'Bulk mailbox <bulk@cronus.example>' });
  await admin
    .getByLabel('Attachments')
    .setInputFiles([await tempFile('a.txt', 10_000), await tempFile('b.txt', 20_000)]);
  await admin.getByRole('button', { name: 'Save as draft' }).click();
  await admin.waitForURL(/\/outbox\/[^/]+$/);
  const id = new URL(admin.url()).pathname.split('/')[2] ?? '';

  await admin.goto(`${cs.url}/outbox`);
  await admin.getByRole('link', { name: 'Edit and send (Draft with files)' }).click();
  await admin.waitForURL(/\/compose\?draft=/);
  await admin.getByLabel('a.txt').uncheck();
  expect(await admin.getByLabel('b.txt').isChecked()).toBe(true);
  await admin.getByLabel('Attachments').setInputFiles(await tempFile('c.txt', 30_000));
  await check(admin, 'compose-draft');
  await admin.getByRole('button', { name: 'Send', exact: true }).click();
  await admin.waitForURL(new RegExp(`/emails/${id}$`));
  await reloadUntil(admin, /^Sent$/);
  const record = await json<{ attachments: { fileName: string; blob: { size: number } }[] }>(
    await cs.api('dispatcher', `/v1/emails/${id}`, { claims: { sub: cs.userId(ADMIN) } }),
  );
  expect(record.attachments.map((a) => [a.fileName, a.blob.size])).toEqual([
    ['b.txt', 20_000],
    ['c.txt', 30_000],
  ]);
}

/** Samples this process's memory while `run` runs; the peak growth over the start. */
async function peakGrowth(run: () => Promise<void>): Promise<{ rss: number; buffers: number }> {
  const start = process.memoryUsage();
  let rss = 0;
  let buffers = 0;
  const timer = setInterval(() => {
    const m = process.memoryUsage();
    rss = Math.max(rss, m.rss - start.rss);
    buffers = Math.max(buffers, m.arrayBuffers - start.arrayBuffers);
  }, 20);
  try {
    await run();
  } finally {
    clearInterval(timer);
  }
  return { rss, buffers };
}

const MB = 1024 * 1024;

/**
 * 100 MB through the browser, the console's forwarding and the services: a default
 * attachment and a compose attachment, each with its progress bar and its size checked;
 * this process's memory growth during each is reported.
 */
export async function bigUploads(cs: ConsoleStack, admin: Page): Promise<string[]> {
  const file = await tempFile('catalogue.pdf', 100 * MB);
  const report: string[] = [];
  const progress: number[] = [];
  await admin.exposeFunction('reportBigProgress', (v: number) => progress.push(v));
  const watchProgress = `(() => {
    const bar = document.querySelector('progress');
    new MutationObserver(() => window.reportBigProgress(Number(bar.value))).observe(bar, { attributes: true });
  })()`;

  await admin.goto(`${cs.url}/scenarios/sales-invoice`);
  const upload = admin.locator('form[data-upload]');
  await upload.getByLabel('File').setInputFiles(file);
  await admin.evaluate(watchProgress);
  const scenario = await peakGrowth(async () => {
    await upload.getByRole('button', { name: 'Upload' }).click();
    await admin
      .getByRole('link', { name: 'catalogue.pdf', exact: true })
      .waitFor({ timeout: 120_000 });
  });
  expect(progress.at(-1)).toBe(100);
  expect(
    progress.some((p) => p > 0 && p < 100),
    'progress between 0 and 100',
  ).toBe(true);
  const list = await json<{ items: { fileName: string; blob: { size: number } }[] }>(
    await cs.api('config', '/v1/scenarios/sales-invoice/attachments'),
  );
  expect(list.items.find((a) => a.fileName === 'catalogue.pdf')?.blob.size).toBe(100 * MB);
  report.push(
    `default attachment 100 MB: peak growth rss ${Math.round(scenario.rss / MB)} MB, array buffers ${Math.round(scenario.buffers / MB)} MB`,
  );

  progress.length = 0;
  await admin.goto(`${cs.url}/compose`);
  await admin.getByLabel('To', { exact: true }).fill('ap@fabrikam.example');
  await admin.getByLabel('Subject').fill('Catalogue');
  await admin.getByLabel('Attachments').setInputFiles(file);
  await admin.evaluate(watchProgress);
  const compose = await peakGrowth(async () => {
    await admin.getByRole('button', { name: 'Save as draft' }).click();
    await admin.waitForURL(/\/outbox\/[^/]+$/, { timeout: 120_000 });
  });
  expect(progress.at(-1)).toBe(100);
  expect(
    progress.some((p) => p > 0 && p < 100),
    'progress between 0 and 100',
  ).toBe(true);
  const id = new URL(admin.url()).pathname.split('/')[2] ?? '';
  const draft = await json<{ attachments: { fileName: string; blob: { size: number } }[] }>(
    await cs.api('dispatcher', `/v1/emails/${id}`, { claims: { sub: cs.userId(ADMIN) } }),
  );
  expect(draft.attachments.map((a) => [a.fileName, a.blob.size])).toEqual([
    ['catalogue.pdf', 100 * MB],
  ]);
  report.push(
    `compose attachment 100 MB: peak growth rss ${Math.round(compose.rss / MB)} MB, array buffers ${Math.round(compose.buffers / MB)} MB`,
  );
  // Reported, not asserted: this process holds the services too, and collected garbage counts
  // until the collector runs. That the console streams is asserted in apps/console/src/app.test.ts.
  return report;
}
