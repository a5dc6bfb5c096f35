/**
 * Layouts that are broken or hostile in ways a word processor does not
 * produce: damaged XML, EMF images, script links, zip bombs, runaway renders.
 * Each must end as a clear 4xx or a warning, never a crash.
 */
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { RenderEngine, type RenderJob, WorkerPool } from '@verzend/renderer';
import { AppError, createLogger } from '@verzend/shared';
import PizZip from 'pizzip';
import { describe, expect, it } from 'vitest';
import { LAYOUTS_DIR } from './fixtures';

const limits = { cacheSize: 10, maxDocxBytes: 10_000_000, maxUnzippedBytes: 100_000_000 };

function edit(name: string, change: (zip: PizZip) => void): Uint8Array {
  const zip = new PizZip(readFileSync(join(LAYOUTS_DIR, name)));
  change(zip);
  return zip.generate({ type: 'uint8array', compression: 'DEFLATE' });
}

function job(
  layout: Uint8Array,
  data: Record<string, unknown> = {},
  extra: Partial<RenderJob> = {},
): RenderJob {
  return {
    layout,
    layoutSha256: createHash('sha256').update(layout).digest('hex'),
    data,
    locale: 'en-US',
    currency: 'USD',
    payment: undefined,
    strict: false,
    includeDocx: false,
    includeBody: true,
    ...extra,
  };
}

async function layoutError(p: Promise<unknown>): Promise<AppError> {
  try {
    await p;
  } catch (err) {
    expect(err).toBeInstanceOf(AppError);
    expect((err as AppError).code).toBe('LAYOUT_INVALID');
    return err as AppError;
  }
  throw new Error('expected LAYOUT_INVALID');
}

describe('hostile and damaged layouts', () => {
  it('reports damaged XML as a layout error, not a crash', async () => {
    const broken = edit('formatting.docx', (z) => {
      z.file(
        'word/document.xml',
        (z.file('word/document.xml')?.asText() ?? '').replace('</w:body>', '<w:p></w:body>'),
      );
    });
    const err = await layoutError(new RenderEngine(limits).render(job(broken)));
    expect(err.errors?.[0]?.code).toBe('file_has_invalid_xml');
    expect(err.errors?.[0]?.message).toContain('damaged');
  });

  it('refuses raw XML tags, so report data can never write document markup', async () => {
    const raw = edit('formatting.docx', (z) => {
      z.file(
        'word/document.xml',
        (z.file('word/document.xml')?.asText() ?? '').replace('Notes: {Notes}', '{@Notes}'),
      );
    });
    const err = await layoutError(
      new RenderEngine(limits).render(job(raw, { Notes: '<w:r><w:t>x</w:t></w:r>' })),
    );
    expect(err.errors?.[0]).toMatchObject({ tag: 'Notes' });
    expect(err.errors?.[0]?.message).toContain('raw XML is not supported');
  });

  it('leaves EMF images out with a warning instead of a broken image', async () => {
    const emf = edit('sales-invoice-nl.docx', (z) => {
      const png = z.file('word/media/image1.png')?.asUint8Array() ?? new Uint8Array();
      z.remove('word/media/image1.png');
      z.file('word/media/image1.emf', png);
      const rels = 'word/_rels/document.xml.rels';
      z.file(rels, (z.file(rels)?.asText() ?? '').replace('media/image1.png', 'media/image1.emf'));
      const ct = '[Content_Types].xml';
      z.file(
        ct,
        (z.file(ct)?.asText() ?? '').replace(
          '</Types>',
          '<Default Extension="emf" ContentType="image/x-emf"/></Types>',
        ),
      );
    });
    const data = JSON.parse(readFileSync(join(LAYOUTS_DIR, 'sales-invoice-nl.json'), 'utf8'));
    const out = await new RenderEngine(limits).render(job(emf, data));
    expect(out.warnings.map((w) => w.code)).toContain('IMAGE_UNSUPPORTED');
    expect(out.html).not.toContain('<img');
    expect(out.images).toEqual([]);
  });

  it('drops script links and keeps safe ones', async () => {
    const hostile = edit('formatting.docx', (z) => {
      const rels = 'word/_rels/document.xml.rels';
      z.file(
        rels,
        (z.file(rels)?.asText() ?? '').replace(
          'https://www.cronus.example/orders',
          'javascript:alert(document.cookie)',
        ),
      );
    });
    const out = await new RenderEngine(limits).render(job(hostile, { Title: 'x' }));
    expect(out.html).not.toContain('javascript:');
    expect(out.html).toContain('our portal');
    expect(out.html).toContain('href="mailto:ar@cronus.example"');
  });

  it('refuses macro-enabled layouts at validate and at render', async () => {
    const engine = new RenderEngine(limits);
    const withVba = edit('formatting.docx', (z) => {
      z.file('word/vbaProject.bin', new Uint8Array([0xd0, 0xcf, 0x11, 0xe0]));
    });
    const docm = edit('formatting.docx', (z) => {
      const types = z.file('[Content_Types].xml')?.asText() ?? '';
      z.file(
        '[Content_Types].xml',
        types.replace(
          'application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml',
          'application/vnd.ms-word.document.macroEnabled.main+xml',
        ),
      );
    });
    for (const layout of [withVba, docm]) {
      const err = await layoutError(engine.render(job(layout)));
      expect(err.errors?.[0]?.code).toBe('macro_enabled');
      const check = await engine.validate(layout, job(layout).layoutSha256);
      expect(check.valid).toBe(false);
      expect(check.issues[0]?.code).toBe('macro_enabled');
    }
  });

  it('refuses a zip bomb before inflating it into memory', async () => {
    const bomb = edit('formatting.docx', (z) => {
      z.file('word/media/padding.bin', new Uint8Array(3_000_000));
    });
    const err = await layoutError(
      new RenderEngine({ ...limits, maxUnzippedBytes: 1_000_000 }).render(job(bomb)),
    );
    expect(err.errors?.[0]?.code).toBe('zip_bomb');
  });

  it('writes the payment URL into the filled .docx at the tag', async () => {
    const layout = new Uint8Array(readFileSync(join(LAYOUTS_DIR, 'sales-invoice-nl.docx')));
    const data = JSON.parse(readFileSync(join(LAYOUTS_DIR, 'sales-invoice-nl.json'), 'utf8'));
    const payment = {
      merchantEmail: 'pay@cronus.example',
      environment: 'live' as const,
      linkText: 'Pay',
      amount: 10,
      currency: 'EUR',
      documentNo: 'F-1',
      itemName: 'F-1',
      documentType: 'sales-invoice',
    };
    const out = await new RenderEngine(limits).render(
      job(layout, data, { includeDocx: true, payment }),
    );
    const xml = new PizZip(out.docx ?? new Uint8Array()).file('word/document.xml')?.asText() ?? '';
    expect(xml).toContain(
      'https://www.paypal.com/cgi-bin/webscr?cmd=_xclick&amp;charset=UTF-8&amp;business=pay%40cronus.example&amp;amount=10.00',
    );
    expect(xml).not.toMatch(/[\uE000-\uE0FF]/);
    expect(xml).not.toContain('{');
  });

  it('stops a runaway render with its worker and keeps serving', async () => {
    const pool = new WorkerPool({
      size: 1,
      engine: limits,
      timeoutMs: 150,
      queueLimit: 10,
      logger: createLogger({ service: 'test', level: 'silent' }),
    });
    try {
      const layout = new Uint8Array(readFileSync(join(LAYOUTS_DIR, 'list-loop.docx')));
      const items = Array.from({ length: 20_000 }, (_, i) => ({
        Qty: i,
        Name: `Item ${i} with a long name`,
      }));
      const err = await pool
        .render(job(layout, { Customer: { Name: 'X' }, Items: items }))
        .catch((e: unknown) => e);
      expect(err).toBeInstanceOf(AppError);
      expect((err as AppError).code).toBe('RENDER_FAILED');
      const state = await pool.compiledState(new Uint8Array([1, 2, 3]), 'not-a-docx');
      expect(state).toBe('invalid');
    } finally {
      await pool.close();
    }
  });

  it('runs the jobs lined up behind a runaway render on the fresh worker', async () => {
    const pool = new WorkerPool({
      size: 1,
      engine: limits,
      timeoutMs: 150,
      queueLimit: 10,
      depth: 4,
      logger: createLogger({ service: 'test', level: 'silent' }),
    });
    try {
      const layout = new Uint8Array(readFileSync(join(LAYOUTS_DIR, 'list-loop.docx')));
      const items = Array.from({ length: 20_000 }, (_, i) => ({ Qty: i, Name: `Item ${i}` }));
      const runaway = pool
        .render(job(layout, { Customer: { Name: 'X' }, Items: items }))
        .catch((e: unknown) => e);
      // Handed to the same worker behind the runaway one (the pool lines up to 4 jobs).
      const behind = [1, 2, 3].map((i) =>
        pool.compiledState(new Uint8Array([i]), `not-a-docx-${i}`),
      );
      expect(((await runaway) as AppError).code).toBe('RENDER_FAILED');
      expect(await Promise.all(behind)).toEqual(['invalid', 'invalid', 'invalid']);
    } finally {
      await pool.close();
    }
  });

  it('fails jobs at once, and reports not ready, when workers cannot start', async () => {
    const pool = new WorkerPool({
      size: 1,
      // An impossible cache size makes the worker fail while it loads (like a broken install would).
      engine: { ...limits, cacheSize: Number.NaN },
      timeoutMs: 1000,
      queueLimit: 10,
      logger: createLogger({ service: 'test', level: 'silent' }),
    });
    try {
      expect(pool.isReady()).toBe(true);
      const err = await pool.compiledState(new Uint8Array([1]), 'x').catch((e: unknown) => e);
      expect(err).toBeInstanceOf(AppError);
      expect((err as AppError).code).toBe('UNAVAILABLE');
      expect((err as AppError).retry).toBe(true);
      expect(pool.isReady()).toBe(false);
    } finally {
      await pool.close();
    }
  });

  it('stops a body over the size limit with 422 on both paths', async () => {
    const layout = new Uint8Array(readFileSync(join(LAYOUTS_DIR, 'sales-invoice-nl.docx')));
    const data = JSON.parse(
      readFileSync(join(LAYOUTS_DIR, 'sales-invoice-nl.500-lines.json'), 'utf8'),
    );
    for (const mode of ['auto', 'naive'] as const) {
      const engine = new RenderEngine({ ...limits, maxHtmlChars: 50_000, mode });
      const err = await engine.render(job(layout, data)).catch((e: unknown) => e);
      expect(err).toBeInstanceOf(AppError);
      expect((err as AppError).code).toBe('RENDER_FAILED');
      expect((err as AppError).errors?.[0]?.code).toBe('body_too_large');
    }
  });

  it('fails a render that needs more memory than a worker may use, and only that render', async () => {
    const pool = new WorkerPool({
      size: 1,
      engine: limits,
      timeoutMs: 120_000,
      queueLimit: 10,
      memoryMb: 160,
      logger: createLogger({ service: 'test', level: 'silent' }),
    });
    try {
      const layout = new Uint8Array(readFileSync(join(LAYOUTS_DIR, 'list-loop.docx')));
      const items = Array.from({ length: 400_000 }, (_, i) => ({ Qty: i, Name: 'x' }));
      const err = await pool
        .render(job(layout, { Customer: { Name: 'X' }, Items: items }))
        .catch((e: unknown) => e);
      expect(err).toBeInstanceOf(AppError);
      expect((err as AppError).code).toBe('RENDER_FAILED');
      expect((err as AppError).message).toContain('more memory than allowed');
      const small = await pool.render(
        job(layout, { Customer: { Name: 'X' }, Items: [{ Qty: 1, Name: 'ok' }] }),
      );
      expect(small.html).toContain('1 × ok');
    } finally {
      await pool.close();
    }
  });
});
