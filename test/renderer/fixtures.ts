/**
 * The layout fixtures (test/fixtures/layouts): each `<name>.docx` with its
 * sample data `<name>.json` (and variants `<name>.<variant>.json`) and the
 * strings the rendered email must contain, `<name>.expect.json`.
 * @module
 */
import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { RenderJob } from '@verzend/renderer';
import PizZip from 'pizzip';

export const LAYOUTS_DIR = join(import.meta.dirname, '..', 'fixtures', 'layouts');

/** What a fixture's rendered email must show. */
export interface Expectation {
  path: 'fast' | 'naive';
  html: string[];
  text: string[];
}

/** One fixture layout with one data set. */
export interface Fixture {
  name: string;
  variant: string;
  layout: Uint8Array;
  sha256: string;
  data: Record<string, unknown>;
  expect: Expectation;
}

/** Every fixture with every data variant. */
export function loadFixtures(): Fixture[] {
  const out: Fixture[] = [];
  for (const file of readdirSync(LAYOUTS_DIR)
    .filter((f) => f.endsWith('.docx'))
    .sort()) {
    const name = file.slice(0, -'.docx'.length);
    const layout = new Uint8Array(readFileSync(join(LAYOUTS_DIR, file)));
    const sha256 = createHash('sha256').update(layout).digest('hex');
    const expectPath = join(LAYOUTS_DIR, `${name}.expect.json`);
    if (!existsSync(expectPath)) {
      throw new Error(`fixture ${name} has no ${name}.expect.json`);
    }
    const expect = JSON.parse(readFileSync(expectPath, 'utf8')) as Expectation;
    const variants = readdirSync(LAYOUTS_DIR).filter(
      (f) => f.startsWith(`${name}.`) && f.endsWith('.json') && !f.endsWith('.expect.json'),
    );
    for (const v of variants) {
      out.push({
        name,
        variant: v.slice(name.length + 1, -'.json'.length) || 'default',
        layout,
        sha256,
        data: JSON.parse(readFileSync(join(LAYOUTS_DIR, v), 'utf8')) as Record<string, unknown>,
        expect,
      });
    }
  }
  return out;
}

/** The render job of a fixture (locale from its language, PayPal for payable documents). */
export function fixtureJob(f: Fixture, overrides: Partial<RenderJob> = {}): RenderJob {
  const locale = f.name.endsWith('-nl')
    ? 'nl-NL'
    : f.name.endsWith('-en')
      ? f.name.startsWith('reminder')
        ? 'en-GB'
        : 'en-US'
      : 'en-US';
  const currency = locale === 'nl-NL' ? 'EUR' : locale === 'en-GB' ? 'GBP' : 'USD';
  return {
    layout: f.layout,
    layoutSha256: f.sha256,
    data: f.data,
    locale,
    currency,
    payment: {
      merchantEmail: 'payments@cronus.example',
      environment: 'sandbox',
      linkText: 'Pay with PayPal',
      amount:
        typeof f.data.Total === 'number'
          ? f.data.Total
          : typeof f.data.TotalDue === 'number'
            ? f.data.TotalDue
            : 0,
      currency,
      documentNo: String(f.data.DocumentNo ?? f.data.ReminderNo ?? 'X'),
      itemName: `Document ${String(f.data.DocumentNo ?? '')}`,
      documentType: f.name.startsWith('credit-memo') ? 'sales-credit-memo' : 'sales-invoice',
    },
    strict: false,
    includeDocx: false,
    includeBody: true,
    ...overrides,
  };
}

/** Every part of a .docx (directories left out), by name, as text; CRCs checked. */
export function docxParts(docx: Uint8Array | null): Record<string, string> {
  if (!docx) {
    throw new Error('no document');
  }
  const out: Record<string, string> = {};
  const files = Object.values(new PizZip(docx, { checkCRC32: true }).files).sort((a, b) =>
    a.name.localeCompare(b.name),
  );
  for (const f of files) {
    if (!f.dir) {
      out[f.name] = f.asText();
    }
  }
  return out;
}
