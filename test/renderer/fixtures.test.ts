/**
 * Every layout fixture renders with its sample data (no tag left, a text part,
 * the expected strings), and the compiled fast path is exact: for every
 * fixture and every hostile data variant, fast and naive paths give the same
 * HTML, text and warnings (ADR-0005).
 */
import { RenderEngine, renderNaive } from '@verzend/renderer';
import { describe, expect, it } from 'vitest';
import { fixtureJob, loadFixtures } from './fixtures';
import { VARIANTS } from './hostile-data';

const fixtures = loadFixtures();
const engine = new RenderEngine({
  cacheSize: 50,
  maxDocxBytes: 10_000_000,
  maxUnzippedBytes: 100_000_000,
});
const TAG_LEFT = /\{[#/^]?\s*[A-Za-z][\w.]*\s*(\|[^}]*)?\}/;

describe('layout fixtures', () => {
  it('finds the fixtures', () => {
    expect(fixtures.length).toBeGreaterThanOrEqual(7);
  });

  it.each(fixtures.map((f) => [`${f.name} (${f.variant})`, f] as const))(
    'renders %s with its sample data',
    async (_label, f) => {
      const out = await engine.render(fixtureJob(f));
      expect(out.path).toBe(f.expect.path);
      expect(out.html).not.toBeNull();
      expect(out.html).not.toMatch(TAG_LEFT);
      expect(out.text?.length ?? 0).toBeGreaterThan(20);
      expect(out.text).not.toMatch(TAG_LEFT);
      expect(out.html).not.toMatch(/[\uE000-\uE0FF]/);
      for (const s of f.expect.html) {
        expect(out.html).toContain(s);
      }
      for (const s of f.expect.text) {
        expect(out.text).toContain(s);
      }
      expect(out.warnings.filter((w) => w.code === 'MISSING_VALUE')).toEqual([]);
    },
  );
});

describe('compiled fast path is exact (differential)', () => {
  const cases = fixtures
    .filter((f) => f.variant === 'default')
    .flatMap((f) => [
      [`${f.name} / sample`, f, f.data] as const,
      ...Object.entries(VARIANTS).map(
        ([v, make]) => [`${f.name} / ${v}`, f, make(f.data)] as const,
      ),
    ]);

  it.each(cases)('%s: fast === naive', async (_label, f, data) => {
    const job = fixtureJob(f, { data });
    const fast = await engine.render(job);
    const naive = await renderNaive(job);
    expect(fast.path).toBe(f.expect.path);
    expect(fast.html).toBe(naive.html);
    expect(fast.text).toBe(naive.text);
    expect(fast.warnings).toEqual(naive.warnings);
    expect(fast.paymentLink).toBe(naive.paymentLink);
    expect(fast.images.map((i) => i.contentId)).toEqual(naive.images.map((i) => i.contentId));
  });

  it('hostile values never become markup', async () => {
    const f = fixtures.find((x) => x.name === 'sales-invoice-nl' && x.variant === 'default');
    if (!f) {
      throw new Error('fixture missing');
    }
    const data = VARIANTS.hostile?.(f.data) ?? {};
    const out = await engine.render(fixtureJob(f, { data }));
    expect(out.path).toBe('fast');
    expect(out.html).not.toContain('<b>"x"');
    expect(out.html).toContain('&lt;b&gt;"x" &amp; \'y\'&lt;/b&gt;');
    expect(out.html).not.toMatch(/[\uE000-\uE0FF]/);
    expect(out.html).not.toContain(String.fromCharCode(7));
  });

  it('the 500-line invoice stays exact and on the fast path', async () => {
    const f = fixtures.find((x) => x.name === 'sales-invoice-nl' && x.variant === '500-lines');
    if (!f) {
      throw new Error('fixture missing');
    }
    const job = fixtureJob(f);
    const fast = await engine.render(job);
    const naive = await renderNaive(job);
    expect(fast.path).toBe('fast');
    expect(fast.html).toBe(naive.html);
    expect(fast.warnings.map((w) => w.code)).toContain('HTML_TOO_LARGE');
    expect((fast.html?.match(/<tr/g) ?? []).length).toBe(501);
  });
});
