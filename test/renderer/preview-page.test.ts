/**
 * The designer preview page in a real browser (Debian `chromium` driven by
 * playwright-core): pick a layout and sample data, see the rendered email,
 * its text part and warnings; a broken layout lists every error with tag and
 * context. Skipped, saying so, only when Chromium is not installed
 * (scripts/ensure-deps.sh installs it).
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { chromium, type Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { startStack } from '../harness';
import { FIDELITY_DIR } from './fidelity/load';
import { LAYOUTS_DIR } from './fixtures';

const CHROMIUM = '/usr/bin/chromium';
const installed = existsSync(CHROMIUM);
const title = installed
  ? 'designer preview page (headless Chromium)'
  : `designer preview page — SKIPPED: Chromium is not installed at ${CHROMIUM} (run scripts/ensure-deps.sh)`;

/** The designer page of a fresh renderer, with a token pasted in, in headless Chromium. */
async function withPreviewPage(
  viewport: { width: number; height: number } | undefined,
  use: (page: Page) => Promise<void>,
): Promise<void> {
  await using stack = await startStack({
    services: ['renderer'],
    serviceEnv: { renderer: { RENDER_WORKERS: '0' } },
  });
  const browser = await chromium.launch({
    executablePath: CHROMIUM,
    args: ['--headless', '--no-sandbox', '--disable-gpu'],
  });
  try {
    const page = await browser.newPage(viewport ? { viewport } : {});
    await page.goto(`${stack.url('renderer')}/preview`);
    await page.fill('#token', await stack.token({ perms: ['email-edit'] }));
    await use(page);
  } finally {
    await browser.close();
  }
}

describe.skipIf(!installed)(title, () => {
  it('renders a layout with sample data and lists the errors of a broken one', async () => {
    await withPreviewPage(undefined, async (page) => {
      await page.setInputFiles('#layout', join(LAYOUTS_DIR, 'sales-invoice-nl.docx'));
      await page.setInputFiles('#data', join(LAYOUTS_DIR, 'sales-invoice-nl.json'));
      await page.fill('#locale', 'nl-NL');
      await page.check('#paypal');
      await page.fill('#amountField', 'Total');
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
    });
  });

  it('renders on every change (debounced), in the data’s language, with the configured amount, at desktop and phone width', async () => {
    await withPreviewPage({ width: 1500, height: 1000 }, async (page) => {
      let renders = 0;
      page.on('request', (r) => {
        if (r.url().endsWith('/v1/preview')) {
          renders++;
        }
      });
      const rendered = (n: number) =>
        expect
          .poll(
            async () =>
              renders === n && (await page.textContent('#status'))?.startsWith('Rendered'),
          )
          .toBe(true);
      await page.fill('#locale', 'en-US');
      // Layout and data picked one after the other: one render, without pressing Render.
      await page.setInputFiles('#layout', join(FIDELITY_DIR, 'invoice-nl.docx'));
      await page.setInputFiles('#data', join(FIDELITY_DIR, 'invoice-nl.json'));
      await rendered(1);
      await page.waitForTimeout(700);
      expect(renders).toBe(1);
      expect(await page.inputValue('#locale')).toBe('NLD');
      const desktop = page.frameLocator('#frame');
      const phone = page.frameLocator('#phone');
      await expect.poll(() => desktop.locator('h1').textContent()).toBe('Factuur F-103045');
      expect(await phone.locator('h1').textContent()).toBe('Factuur F-103045');
      expect(await desktop.locator('body').textContent()).toMatch(/€\s804,47/);
      // The email is shown at phone and desktop width (the frames' inner width).
      expect(await page.evaluate("document.getElementById('phone').clientWidth")).toBe(375);
      expect(await page.evaluate("document.getElementById('frame').clientWidth")).toBe(760);

      // PayPal: the amount comes from TotalAmountInclVAT (the default amount field).
      await page.check('#paypal');
      await rendered(2);
      await expect
        .poll(() => desktop.locator('a', { hasText: 'Pay with PayPal' }).getAttribute('href'))
        .toContain('amount=804.47&currency_code=EUR');

      // Header and footer can be switched off; the change renders again by itself.
      expect(await desktop.locator('body').textContent()).toContain('KvK 12345678');
      await page.uncheck('#headerFooter');
      await rendered(3);
      await expect.poll(() => desktop.locator('body').textContent()).not.toContain('KvK 12345678');
    });
  });
});
