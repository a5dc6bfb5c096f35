/**
 * The designer preview page with printing: ticking "Also print the PDF" shows
 * the printed page (page count, a blob: link and frame) next to the email
 * body. Headless Debian Chromium; skipped, saying so, when it is not installed.
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { chromium } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { startStack } from '../harness';
import { LAYOUTS_DIR } from './fixtures';

const CHROMIUM = '/usr/bin/chromium';
const installed = existsSync(CHROMIUM);
const title = installed
  ? 'designer preview page with the printed PDF (headless Chromium)'
  : `designer preview page with the printed PDF — SKIPPED: Chromium is not installed at ${CHROMIUM}`;

describe.skipIf(!installed)(title, () => {
  it('shows the printed PDF next to the email body', async () => {
    await using stack = await startStack({
      services: ['renderer'],
      serviceEnv: { renderer: { RENDER_WORKERS: '0', PRINT_WORKERS: '1' } },
    });
    const browser = await chromium.launch({
      executablePath: CHROMIUM,
      args: ['--headless', '--no-sandbox', '--disable-gpu'],
    });
    try {
      const page = await browser.newPage();
      await page.goto(`${stack.url('renderer')}/preview`);
      await page.fill('#token', await stack.token({ perms: ['email-edit'] }));
      await page.setInputFiles('#layout', join(LAYOUTS_DIR, 'sales-invoice-nl.docx'));
      await page.setInputFiles('#data', join(LAYOUTS_DIR, 'sales-invoice-nl.json'));
      await page.fill('#locale', 'nl-NL');
      await page.check('#pdf');
      await page.click('#render');
      await page.locator('#status', { hasText: 'Rendered' }).waitFor({ timeout: 60_000 });
      await page.locator('#pdfSection').waitFor({ state: 'visible' });
      expect(await page.textContent('#pdfInfo')).toMatch(/^Printed PDF: \d+ page\(s\), \d+ bytes$/);
      expect(await page.getAttribute('#pdfLink', 'href')).toMatch(/^blob:/);
      expect(await page.getAttribute('#pdfFrame', 'src')).toMatch(/^blob:/);
      await expect
        .poll(() => page.frameLocator('#frame').locator('h1').textContent())
        .toBe('Factuur F-103045');
    } finally {
      await browser.close();
    }
  });
});
