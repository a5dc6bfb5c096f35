/**
 * The fidelity layouts (test/fixtures/fidelity, built in LibreOffice Writer by
 * make-fidelity-layouts.py) with their sample data, as render jobs.
 * @module
 */
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { RenderJob } from '@verzend/renderer';

export const FIDELITY_DIR = join(import.meta.dirname, '..', '..', 'fixtures', 'fidelity');

/** A fidelity layout and its sample data. */
export interface FidelityFixture {
  name: string;
  layout: Uint8Array;
  data: Record<string, unknown>;
}

export function loadFidelity(name: string): FidelityFixture {
  return {
    name,
    layout: new Uint8Array(readFileSync(join(FIDELITY_DIR, `${name}.docx`))),
    data: JSON.parse(readFileSync(join(FIDELITY_DIR, `${name}.json`), 'utf8')) as Record<
      string,
      unknown
    >,
  };
}

/** The render job: language from the data's LanguageCode, currency by language. */
export function fidelityJob(f: FidelityFixture, overrides: Partial<RenderJob> = {}): RenderJob {
  const language = String(f.data.LanguageCode ?? 'ENU');
  return {
    layout: f.layout,
    layoutSha256: createHash('sha256').update(f.layout).digest('hex'),
    data: f.data,
    locale: language,
    currency:
      language === 'ENG' ? 'GBP' : language === 'ENU' && !f.name.startsWith('rich') ? 'USD' : 'EUR',
    payment: undefined,
    strict: false,
    includeDocx: false,
    includeBody: true,
    ...overrides,
  };
}
