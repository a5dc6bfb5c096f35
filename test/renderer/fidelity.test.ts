/**
 * Email bodies that look like the Word layout. Each fidelity layout (made in
 * LibreOffice Writer, test/fixtures/fidelity) is rendered on the fast and the
 * naive path — identical, also with hostile data — and every feature it must
 * keep is checked in the HTML. The count ("N of M features kept") is written
 * to .data/fidelity/features.json.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { RenderEngine, renderNaive } from '@verzend/renderer';
import { afterAll, describe, expect, it } from 'vitest';
import { DOCUMENTS, type Feature, RICH } from './fidelity/features';
import { fidelityJob, loadFidelity } from './fidelity/load';
import { VARIANTS } from './hostile-data';

const engine = new RenderEngine({
  cacheSize: 20,
  maxDocxBytes: 10_000_000,
  maxUnzippedBytes: 100_000_000,
});
const FIXTURES: [string, Feature[]][] = [['rich-formatting', RICH], ...Object.entries(DOCUMENTS)];
const report: Record<string, { kept: number; of: number; lost: string[] }> = {};

afterAll(() => {
  const dir = join(import.meta.dirname, '..', '..', '.data', 'fidelity');
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, 'features.json'), `${JSON.stringify(report, null, 2)}\n`);
});

describe('layout fidelity', () => {
  it.each(FIXTURES)(
    '%s keeps every feature of its layout, on both paths',
    async (name, features) => {
      const f = loadFidelity(name);
      const fast = await engine.render(fidelityJob(f));
      const naive = await renderNaive(fidelityJob(f));
      expect(fast.path).toBe('fast');
      expect(fast.html).toBe(naive.html);
      expect(fast.warnings).toEqual([]);
      const html = fast.html ?? '';
      const lost = features.filter((x) => !x.kept(html)).map((x) => `${x.id} ${x.what}`);
      report[name] = { kept: features.length - lost.length, of: features.length, lost };
      expect(lost).toEqual([]);
    },
  );

  it('the rich-formatting layout has its 29 features', () => {
    expect(RICH).toHaveLength(29);
    expect(new Set(RICH.map((x) => x.id)).size).toBe(29);
  });

  it.each(FIXTURES.flatMap(([name]) => Object.keys(VARIANTS).map((v) => [name, v] as const)))(
    '%s / %s data: fast === naive',
    async (name, variant) => {
      const f = loadFidelity(name);
      const data = VARIANTS[variant]?.(f.data) ?? f.data;
      const fast = await engine.render(fidelityJob(f, { data }));
      const naive = await renderNaive(fidelityJob(f, { data }));
      expect(fast.html).toBe(naive.html);
      expect(fast.text).toBe(naive.text);
      expect(fast.warnings).toEqual(naive.warnings);
    },
  );

  it('leaves header and footer out when the report selection says so, on both paths', async () => {
    const f = loadFidelity('invoice-nl');
    const job = fidelityJob(f, { headerFooter: false });
    const fast = await engine.render(job);
    const naive = await renderNaive(job);
    expect(fast.path).toBe('fast');
    expect(fast.html).toBe(naive.html);
    // A tag only the header uses warns the same on both paths, shown or not.
    const { CompanyName: _, ...withoutCompany } = f.data;
    for (const headerFooter of [true, false]) {
      const partial = fidelityJob(f, { data: withoutCompany, headerFooter });
      const [a, b] = [await engine.render(partial), await renderNaive(partial)];
      expect(a.warnings).toEqual(b.warnings);
      expect(a.html).toBe(b.html);
    }
    expect(fast.html).not.toContain('KvK 12345678');
    expect(fast.html).not.toContain('Stationsplein 12');
    expect((await engine.render(fidelityJob(f))).html).toContain('KvK 12345678');
  });
});
