/**
 * Printing filled layouts to PDF with the warm LibreOffice pool: text,
 * headers, footers and Page X of Y; document properties and PDF/A-2b;
 * fidelity against LibreOffice's own cold print of the same filled document;
 * a kill -9 in the middle of 200 conversions; a document that keeps
 * LibreOffice busy past the limit; nothing fetched from the network. One pool
 * (two processes) serves the whole file.
 */

import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import {
  PrintFailedError,
  type PrintPool,
  prepareForPrinting,
  RenderEngine,
  type RenderJob,
} from '@verzend/renderer';
import PizZip from 'pizzip';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { postedInvoice } from '../../scripts/demo/invoices';
import { coldPrint, officePids, pdfInfo, pdfText, startPrintPool } from '../harness';
import { LAYOUTS_DIR } from './fixtures';

const layout = new Uint8Array(readFileSync(join(LAYOUTS_DIR, 'print', 'invoice-print.docx')));
const limits = { maxDocxBytes: 10 * 2 ** 20, maxUnzippedBytes: 100 * 2 ** 20 };
const engine = new RenderEngine({ cacheSize: 10, maxHtmlChars: 25 * 2 ** 20, ...limits });
const TIMEOUT_MS = 4000;
let pool: PrintPool;

const dataset = (lines: number, no = '103045') =>
  postedInvoice({ company: 'c', eventId: 'e', documentNo: no, lines }).dataset as Record<
    string,
    unknown
  >;

/** The filled .docx of a layout (what the renderer hands LibreOffice); the print layout by default. */
async function filled(
  data: Record<string, unknown>,
  source: { bytes: Uint8Array; name: string; locale: string } = {
    bytes: layout,
    name: 'print-layout',
    locale: 'en-GB',
  },
): Promise<Uint8Array> {
  const job: RenderJob = {
    layout: source.bytes,
    layoutSha256: source.name,
    data,
    locale: source.locale,
    currency: 'EUR',
    payment: undefined,
    strict: source.bytes === layout,
    includeDocx: true,
    includeBody: false,
  };
  const out = await engine.render(job);
  return prepareForPrinting(out.docx as Uint8Array, limits).docx;
}

const normalise = (text: string) => text.replace(/\s+/g, ' ').trim();

beforeAll(async () => {
  pool = await startPrintPool({ size: 2, timeoutMs: TIMEOUT_MS });
});

afterAll(async () => {
  await pool?.close();
  expect(await officePids()).toEqual([]);
});

describe('printing to PDF', () => {
  it('prints every line, the totals, the header and the footer with Page X of Y', async () => {
    const data = dataset(10);
    const { pdf, pages } = await pool.print({
      docx: await filled(data),
      pdfA: false,
      title: 'Invoice 103045',
      author: 'CRONUS International Ltd.',
    });
    expect(pdf.subarray(0, 5).toString()).toBe('%PDF-');
    expect(pages).toBe(1);
    const text = normalise(await pdfText(pdf));
    for (const line of data.Lines as { No: string; Description: string }[]) {
      expect(text).toContain(line.No);
      expect(text).toContain(line.Description);
    }
    const totals = data.Totals as { Total: number };
    expect(text).toContain(
      new Intl.NumberFormat('en-GB', { style: 'currency', currency: 'EUR' }).format(totals.Total),
    );
    expect(text).toContain('CRONUS International Ltd. — Invoice 103045'); // page header
    expect(text).toContain('Page 1 of 1'); // page footer fields
    const info = await pdfInfo(pdf);
    expect(info.fields.Title).toBe('Invoice 103045');
    expect(info.fields.Author).toBe('CRONUS International Ltd.');
    expect(info.pdfA2b).toBe(false);
  });

  it('prints PDF/A-2b when asked', async () => {
    const { pdf } = await pool.print({
      docx: await filled(dataset(3)),
      pdfA: true,
      title: 'Factuur 103045',
      author: 'CRONUS',
    });
    const info = await pdfInfo(pdf);
    expect(info.pdfA2b).toBe(true);
    expect(info.fields.Title).toBe('Factuur 103045');
  });

  it('matches LibreOffice’s own print of the same filled document: pages and text', async () => {
    // The print layout (Writer over UNO) with 10 and 80 lines, and the Dutch invoice fixture
    // (Writer from HTML, see test/fixtures/layouts/build.sh).
    const dutch = {
      bytes: new Uint8Array(readFileSync(join(LAYOUTS_DIR, 'sales-invoice-nl.docx'))),
      name: 'sales-invoice-nl',
      locale: 'nl-NL',
    };
    const dutchData = JSON.parse(
      readFileSync(join(LAYOUTS_DIR, 'sales-invoice-nl.json'), 'utf8'),
    ) as Record<string, unknown>;
    for (const [lines, docx] of [
      [10, await filled(dataset(10))],
      [80, await filled(dataset(80))],
      [0, await filled(dutchData, dutch)],
    ] as const) {
      const [warm, cold] = await Promise.all([
        pool.print({ docx, pdfA: false, title: undefined, author: undefined }),
        coldPrint(docx),
      ]);
      const [warmInfo, coldInfo] = await Promise.all([pdfInfo(warm.pdf), pdfInfo(cold)]);
      expect(warmInfo.fields.Pages).toBe(coldInfo.fields.Pages);
      expect(Number(warmInfo.fields.Pages)).toBe(warm.pages);
      expect(normalise(await pdfText(warm.pdf))).toBe(normalise(await pdfText(cold)));
      if (lines === 80) {
        expect(warm.pages).toBeGreaterThan(1);
        expect(await pdfText(warm.pdf)).toContain(`Page ${warm.pages} of ${warm.pages}`);
      }
    }
  });

  it('finishes every one of 200 conversions when a LibreOffice process is killed with -9 midway', async () => {
    const docx = await filled(dataset(10));
    let done = 0;
    let killed: number | undefined;
    const jobs = Array.from({ length: 200 }, async (_, i) => {
      const { pdf } = await pool.print({ docx, pdfA: false, title: `Invoice ${i}`, author: 'X' });
      done++;
      if (done === 40 && killed === undefined) {
        killed = (await officePids())[0];
        if (killed !== undefined) {
          process.kill(killed, 'SIGKILL');
        }
      }
      return pdf;
    });
    const pdfs = await Promise.all(jobs);
    expect(killed).toBeDefined();
    expect(pdfs).toHaveLength(200);
    expect(pdfs.every((p) => p.subarray(0, 5).toString() === '%PDF-')).toBe(true);
    await pool.warm();
    expect(pool.state()).toMatchObject({ available: true, ready: 2 });
    expect(await officePids()).not.toContain(killed);
  });

  it('stops a document that keeps LibreOffice busy past the limit, with a clear error, and recovers', async () => {
    // 8,000 invoice lines: far more than LibreOffice lays out within the test's 4 s limit.
    const docx = await filled(dataset(8000));
    const before = await officePids();
    const failure = await pool
      .print({ docx, pdfA: false, title: undefined, author: undefined })
      .catch((err: unknown) => err);
    expect(failure).toBeInstanceOf(PrintFailedError);
    expect(failure).toMatchObject({
      code: 'RENDER_FAILED',
      retry: false,
      errors: [expect.objectContaining({ code: 'print_timeout' })],
    });
    expect((failure as Error).message).toContain('time limit');
    await pool.warm();
    // The hung processes were killed and replaced; the pool prints again.
    const after = await officePids();
    expect(after.filter((p) => before.includes(p)).length).toBeLessThan(before.length);
    const { pages } = await pool.print({
      docx: await filled(dataset(2)),
      pdfA: false,
      title: undefined,
      author: undefined,
    });
    expect(pages).toBe(1);
  });

  it('takes its LibreOffice along when the renderer dies without cleaning up (kill -9)', async () => {
    const child = spawn(
      process.execPath,
      [
        '--import',
        'tsx',
        '--conditions=development',
        join(import.meta.dirname, 'print-orphan.child.ts'),
      ],
      { stdio: ['ignore', 'pipe', 'ignore'] },
    );
    const line = await new Promise<string>((resolve, reject) => {
      createInterface({ input: child.stdout }).once('line', resolve);
      child.once('exit', (code) => reject(new Error(`the child exited with ${code}`)));
    });
    const [office] = (JSON.parse(line) as { pids: number[] }).pids;
    expect(office).toEqual(expect.any(Number));
    const exited = new Promise((r) => child.once('exit', r));
    child.kill('SIGKILL');
    await exited;
    const alive = () => {
      try {
        process.kill(office as number, 0);
        return true;
      } catch {
        return false;
      }
    };
    const until = Date.now() + 10_000;
    while (alive() && Date.now() < until) {
      await new Promise((r) => setTimeout(r, 50));
    }
    expect(alive()).toBe(false);
  });

  it('never lets LibreOffice fetch a remote image: external links are removed and the office has no way out', async () => {
    let requests = 0;
    const server: Server = createServer((_req, res) => {
      requests++;
      res.end();
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    const port = (server.address() as { port: number }).port;
    try {
      // A document whose image is linked to a URL (as Word's "Insert > Link to file" writes it).
      const zip = new PizZip(await filled(dataset(1)));
      const rels = zip.file('word/_rels/document.xml.rels')?.asText() ?? '';
      zip.file(
        'word/_rels/document.xml.rels',
        rels.replace(
          '</Relationships>',
          `<Relationship Id="rIdRemote" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/image" Target="http://127.0.0.1:${port}/logo.png" TargetMode="External"/></Relationships>`,
        ),
      );
      const doc = zip.file('word/document.xml')?.asText() ?? '';
      zip.file(
        'word/document.xml',
        doc.replace(
          '</w:body>',
          `<w:p><w:r><w:fldSimple w:instr=" INCLUDEPICTURE &quot;http://127.0.0.1:${port}/x.png&quot; \\d "/></w:r></w:p></w:body>`,
        ),
      );
      const hostile = zip.generate({ type: 'uint8array' });
      const { docx, report } = prepareForPrinting(hostile, limits);
      expect(report).toEqual({ removedRelationships: 1, neutralisedFields: 1 });
      const { pdf } = await pool.print({ docx, pdfA: false, title: undefined, author: undefined });
      expect(pdf.subarray(0, 5).toString()).toBe('%PDF-');
      // Even the unguarded document: the office's proxy leads nowhere and untrusted links are blocked.
      await pool.print({ docx: hostile, pdfA: false, title: undefined, author: undefined });
      expect(requests).toBe(0);
    } finally {
      await new Promise((r) => server.close(r));
    }
  });
});
