/**
 * The filled .docx on the fast path (a docxtemplater template parsed once per
 * layout, written with the native zlib) is the same document as a fresh
 * docxtemplater render (the naive path): for every fixture, every data variant,
 * with and without the payment link, every part of the zip has the same content.
 * The renders of different data are interleaved on one engine, so state left
 * behind by one render would show in the next.
 */
import { RenderEngine, renderNaive } from '@verzend/renderer';
import { describe, expect, it } from 'vitest';
import { fixtureJob, loadFixtures, docxParts as parts } from './fixtures';
import { VARIANTS } from './hostile-data';

const fixtures = loadFixtures();
const engine = new RenderEngine({
  cacheSize: 50,
  maxDocxBytes: 10_000_000,
  maxUnzippedBytes: 100_000_000,
});

const cases = fixtures.flatMap((f) => [
  [`${f.name} (${f.variant}) / sample`, f, f.data] as const,
  ...(f.variant === 'default'
    ? Object.entries(VARIANTS).map(([v, make]) => [`${f.name} / ${v}`, f, make(f.data)] as const)
    : []),
]);

describe('filled .docx on the fast path is exact (differential)', () => {
  it('covers every fixture', () => {
    expect(new Set(cases.map(([, f]) => f.name)).size).toBe(
      new Set(fixtures.map((f) => f.name)).size,
    );
  });

  it.each(cases)('%s: fast docx === docxtemplater docx', async (_label, f, data) => {
    for (const payment of [true, false]) {
      const job = fixtureJob(f, {
        data,
        includeDocx: true,
        ...(payment ? {} : { payment: undefined }),
      });
      // Twice: the second render reuses the parsed template after a render of other data.
      for (let round = 0; round < 2; round++) {
        // The body once (its exactness is fixtures.test.ts's subject; here it shares the data).
        const both = { ...job, includeBody: payment && round === 0 };
        const fast = await engine.render(both);
        const naive = await renderNaive(both);
        expect(parts(fast.docx)).toEqual(parts(naive.docx));
        expect(fast.warnings).toEqual(naive.warnings);
        expect(fast.paymentLink).toBe(naive.paymentLink);
        expect(fast.html).toBe(naive.html);
        const other = cases.find(([, g]) => g.name === f.name && g.data !== data);
        if (other) {
          await engine.render(fixtureJob(f, { data: other[2], includeDocx: true }));
        }
      }
    }
  });

  it('attachment only (no body) is the same document too', async () => {
    for (const f of fixtures) {
      const job = fixtureJob(f, { includeDocx: true, includeBody: false });
      const fast = await engine.render(job);
      const naive = await renderNaive(job);
      expect(fast.html).toBeNull();
      expect(parts(fast.docx)).toEqual(parts(naive.docx));
      expect(fast.warnings).toEqual(naive.warnings);
    }
  });

  it('strict mode still fails on the fast path with the missing tags', async () => {
    const f = fixtures.find((x) => x.name === 'sales-invoice-nl' && x.variant === 'default');
    if (!f) {
      throw new Error('fixture missing');
    }
    const { Customer: _drop, ...data } = f.data;
    const job = fixtureJob(f, { data, includeDocx: true, includeBody: false, strict: true });
    await expect(engine.render(job)).rejects.toMatchObject({ code: 'RENDER_FAILED' });
    await expect(renderNaive(job)).rejects.toMatchObject({ code: 'RENDER_FAILED' });
    // The template stays usable after a failed render.
    const ok = fixtureJob(f, { includeDocx: true, includeBody: false });
    expect(parts((await engine.render(ok)).docx)).toEqual(parts((await renderNaive(ok)).docx));
  });
});
