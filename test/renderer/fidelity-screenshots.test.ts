/**
 * Side by side: each realistic fidelity layout filled with its sample data,
 * as the email (headless Chromium, desktop and phone width) and as LibreOffice
 * prints the same filled document (PDF, first page as PNG). The pairs are kept
 * in .data/fidelity/ (`<name>.email.png`, `<name>.phone.png`, `<name>.print.png`)
 * for a person to compare. Skipped, saying so, when Chromium, LibreOffice or
 * poppler is not installed (scripts/ensure-deps.sh installs them).
 */
import { execFile } from 'node:child_process';
import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  rmSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { RenderEngine, type RenderOutput } from '@verzend/renderer';
import { chromium } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { coldPrint } from '../harness';
import { fidelityJob, loadFidelity } from './fidelity/load';

const run = promisify(execFile);
const CHROMIUM = '/usr/bin/chromium';
const tools = [CHROMIUM, '/usr/bin/soffice', '/usr/bin/pdftoppm'];
const missing = tools.filter((t) => !existsSync(t));
const NAMES = [
  'invoice-nl',
  'quote-en',
  'reminder-nl',
  'purchase-order-en',
  'statement-en',
  'rich-formatting',
];
const OUT = join(import.meta.dirname, '..', '..', '.data', 'fidelity');
const title =
  missing.length === 0
    ? 'email beside the printed layout (Chromium, LibreOffice)'
    : `email beside the printed layout — SKIPPED: ${missing.join(', ')} not installed (run scripts/ensure-deps.sh)`;

function withImages(out: RenderOutput): string {
  let html = out.html ?? '';
  for (const img of out.images) {
    html = html.replaceAll(
      `cid:${img.contentId}`,
      `data:${img.contentType};base64,${Buffer.from(img.bytes).toString('base64')}`,
    );
  }
  return html;
}

function pngSize(file: string): { width: number; height: number } {
  const b = readFileSync(file);
  return { width: b.readUInt32BE(16), height: b.readUInt32BE(20) };
}

describe.skipIf(missing.length > 0)(title, () => {
  it('screenshots every realistic layout beside LibreOffice’s print of it', {
    timeout: 180_000,
  }, async () => {
    mkdirSync(OUT, { recursive: true });
    const engine = new RenderEngine({
      cacheSize: 10,
      maxDocxBytes: 10_000_000,
      maxUnzippedBytes: 100_000_000,
    });
    const pages: Record<string, string> = {};
    for (const name of NAMES) {
      const out = await engine.render(fidelityJob(loadFidelity(name), { includeDocx: true }));
      writeFileSync(join(OUT, `${name}.docx`), out.docx ?? new Uint8Array());
      pages[name] = withImages(out);
      writeFileSync(join(OUT, `${name}.email.html`), pages[name]);
    }
    // LibreOffice's own (cold) print of each filled document, one private profile for the lot.
    const profile = mkdtempSync(join(tmpdir(), 'vz-fidelity-lo-'));
    try {
      for (const name of NAMES) {
        const docx = readFileSync(join(OUT, `${name}.docx`));
        writeFileSync(join(OUT, `${name}.pdf`), await coldPrint(docx, profile));
      }
    } finally {
      rmSync(profile, { recursive: true, force: true });
    }
    for (const name of NAMES) {
      await run(
        'pdftoppm',
        [
          '-png',
          '-r',
          '72',
          '-f',
          '1',
          '-l',
          '1',
          '-singlefile',
          join(OUT, `${name}.pdf`),
          join(OUT, `${name}.print`),
        ],
        {
          timeout: 30_000,
        },
      );
      expect(statSync(join(OUT, `${name}.print.png`)).size).toBeGreaterThan(1000);
    }
    const browser = await chromium.launch({
      executablePath: CHROMIUM,
      args: ['--headless', '--no-sandbox', '--disable-gpu'],
    });
    try {
      for (const [width, suffix] of [
        [760, 'email'],
        [375, 'phone'],
      ] as const) {
        const page = await browser.newPage({ viewport: { width, height: 800 } });
        for (const name of NAMES) {
          await page.setContent(pages[name] ?? '', { waitUntil: 'load' });
          const file = join(OUT, `${name}.${suffix}.png`);
          await page.screenshot({ path: file, fullPage: true });
          expect(pngSize(file).width).toBe(width);
          // Nothing is wider than the screen: fixed widths give way (max-width:100%).
          const overflow = Number(
            await page.evaluate('document.documentElement.scrollWidth - window.innerWidth'),
          );
          expect(overflow, `${name} at ${width}px`).toBeLessThanOrEqual(0);
        }
        await page.close();
      }
    } finally {
      await browser.close();
    }
  });
});
