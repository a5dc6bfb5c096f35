/**
 * The designer preview page in a real browser (Debian `chromium` driven by
 * playwright-core): pick a layout and sample data, see the rendered email,
 * its text part and warnings; a broken layout lists every error with tag and
 * context. Skipped, saying so, only when Chromium is not installed
 * (scripts/ensure-deps.sh installs it).
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
  ? 'designer preview page (headless Chromium)'
  : `designer preview page — SKIPPED: Chromium is not installed at ${CHROMIUM} (run scripts/ensure-deps.sh)`;

describe.skipIf(!installed)(title, () => {
  it('renders a layout with sample data and lists the errors of a broken one', async () => {
    await using stack = await startStack({
      services: ['renderer'],
      serviceEnv: { renderer: { RENDER_WORKERS: '0' } },
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
      await page.check('#paypal');
      await page.click('#render');
      await page.locator('#status', { hasText: 'Rendered' }).waitFor();
      expect(await page.textContent('#status')).toContain('fast path');
      const frame = page.frameLocator('#frame');
      await expect.poll(() => frame.locator('h1').textContent()).toBe('Factuur F-103045');
      expect(await frame.locator('img').getAttribute('src')).toMatch(/^data:image\/png;base64,/);
      expect(await frame.locator('table').count()).toBeGreaterThan(0);
      expect(await frame.locator('a', { hasText: 'Pay with PayPal' }).getAttribute('href')).toMatch(
        /^https:\/\/www\.sandbox\.paypal\.com\/cgi-bin\/webscr\?cmd=_xclick&charset=UTF-8&business=designer%40example\.com&amount=\d+\.\d\d&currency_code=EUR/,
      );
      expect(await page.textContent('#text')).toContain('Bureaustoel ergonomisch #1');
      expect(await page.textContent('#sizes')).toContain('1 inline image');

      await page.setInputFiles('#layout', join(LAYOUTS_DIR, 'broken', 'malformed-tags.docx'));
      await page.click('#render');
      await page.locator('#errors li').first().waitFor();
      const errors = await page.locator('#errors li').allTextContents();
      expect(errors).toHaveLength(3);
      expect(errors[1]).toContain('{Total | bogusfilter}');
      expect(errors[1]).toContain('The total is {Total | bogusfilter}.');
      expect(await page.textContent('#status')).toContain('The layout is not valid');
    } finally {
      await browser.close();
    }
  });
});
