/**
 * Printing to PDF: the renderer's warm LibreOffice pool against a cold
 * `soffice --headless --convert-to pdf` per document — same filled documents
 * (the demo invoice with 10 and with 500 lines), same machine, same
 * parallelism (one cold process per pool process at a time). Prints PDFs per
 * second, p50/p99 per document and the peak resident memory of this process
 * (the renderer's side) and of the LibreOffice processes, and ends with
 * `RESULT pdf ratio_10=… pdfs_per_s_10=… p99_10_ms=… pdfs_per_s_500=… rss_mb=…`.
 *
 * `PRINT_WORKERS` (default: the number of cores) sets the pool size;
 * `BENCH_PDFS` (default 200) the warm 10-line run's size.
 * @module
 */
import { mkdir, mkdtemp, readFile, rm } from 'node:fs/promises';
import { availableParallelism, tmpdir } from 'node:os';
import { join } from 'node:path';
import { type PrintPool, prepareForPrinting, RenderEngine } from '@verzend/renderer';
import { createLogger } from '@verzend/shared';
import { INVOICE_LAYOUTS } from '../scripts/demo/company';
import { postedInvoice } from '../scripts/demo/invoices';
import { coldPrint, startPrintPool } from '../test/harness';
import { percentile, printResult, printTable } from './util';

const workers = Number(process.env.PRINT_WORKERS ?? Math.min(8, availableParallelism()));
const warmCount10 = Number(process.env.BENCH_PDFS ?? 200);
const warmCount500 = 20;
const coldCount10 = Math.max(workers * 3, 6);
const coldCount500 = workers * 2;
const limits = { maxDocxBytes: 10 * 2 ** 20, maxUnzippedBytes: 100 * 2 ** 20 };

const layout = new Uint8Array(await readFile(INVOICE_LAYOUTS.en.path));
const engine = new RenderEngine({ cacheSize: 4, maxHtmlChars: 25 * 2 ** 20, ...limits });
async function filled(lines: number): Promise<Uint8Array> {
  const event = postedInvoice({ company: 'bench', eventId: 'b', documentNo: '103045', lines });
  const out = await engine.render({
    layout,
    layoutSha256: 'demo-invoice',
    data: event.dataset as Record<string, unknown>,
    locale: 'en-GB',
    currency: 'EUR',
    payment: undefined,
    strict: false,
    includeDocx: true,
    includeBody: false,
  });
  return prepareForPrinting(out.docx as Uint8Array, limits).docx;
}
const docs = { 10: await filled(10), 500: await filled(500) };

/** Runs `count` tasks, `parallel` at a time; each task's duration in ms. */
async function timed(count: number, parallel: number, task: (i: number) => Promise<unknown>) {
  const durations: number[] = [];
  let next = 0;
  const started = performance.now();
  await Promise.all(
    Array.from({ length: parallel }, async () => {
      while (next < count) {
        const i = next++;
        const t = performance.now();
        await task(i);
        durations.push(performance.now() - t);
      }
    }),
  );
  const seconds = (performance.now() - started) / 1000;
  return {
    perSecond: count / seconds,
    p50: percentile(durations, 50),
    p99: percentile(durations, 99),
  };
}

// Peak memory: this process (what the renderer holds) and every LibreOffice process of the pool.
let rendererPeak = 0;
let officePeak = 0;
let pool: PrintPool | null = null;
const sampler = setInterval(async () => {
  rendererPeak = Math.max(rendererPeak, process.memoryUsage().rss);
  officePeak = Math.max(officePeak, (await pool?.rssBytes()) ?? 0);
}, 50);

const base = await mkdtemp(join(tmpdir(), 'verzend-bench-pdf-'));
try {
  // Cold: a new soffice per document (own, already initialised profile per parallel lane).
  const lanes = Array.from({ length: workers }, (_, i) => join(base, `cold-${i}`));
  await Promise.all(lanes.map((dir) => mkdir(dir, { recursive: true })));
  const cold = (docx: Uint8Array, lane: number) =>
    coldPrint(docx, join(lanes[lane] as string, 'profile'));
  // Initialise each lane's profile once, outside the measurement.
  await Promise.all(lanes.map((_, lane) => cold(docs[10], lane)));
  let laneOf = 0;
  const coldRun = (docx: Uint8Array, count: number) =>
    timed(count, workers, () => cold(docx, laneOf++ % workers));
  const cold10 = await coldRun(docs[10], coldCount10);
  const cold500 = await coldRun(docs[500], coldCount500);

  // Warm: the pool the renderer runs.
  const startedAt = performance.now();
  pool = await startPrintPool({
    size: workers,
    timeoutMs: 120_000,
    logger: createLogger({ service: 'bench', level: 'warn' }),
  });
  const startMs = performance.now() - startedAt;
  const print = (docx: Uint8Array) => () =>
    (pool as PrintPool).print({ docx, pdfA: false, title: 'Invoice 103045', author: 'CRONUS' });
  await timed(workers * 4, workers, print(docs[10])); // warm-up: first documents, JIT, caches
  const warm10 = await timed(warmCount10, workers, print(docs[10]));
  const warm500 = await timed(warmCount500, workers, print(docs[500]));
  clearInterval(sampler);

  const rows = [
    { document: '10 lines', path: 'cold soffice', count: coldCount10, ...fmt(cold10) },
    { document: '10 lines', path: 'warm pool', count: warmCount10, ...fmt(warm10) },
    { document: '500 lines', path: 'cold soffice', count: coldCount500, ...fmt(cold500) },
    { document: '500 lines', path: 'warm pool', count: warmCount500, ...fmt(warm500) },
  ];
  process.stdout.write(
    `\npdf: the demo invoice printed to PDF, ${workers} at a time (pool of ${workers} LibreOffice processes, started in ${Math.round(startMs)} ms)\n\n`,
  );
  printTable(rows);
  const rssMb = (rendererPeak + officePeak) / 2 ** 20;
  process.stdout.write('\n');
  printTable([
    {
      ratio_10: warm10.perSecond / cold10.perSecond,
      ratio_500: warm500.perSecond / cold500.perSecond,
      renderer_rss_peak_mb: rendererPeak / 2 ** 20,
      libreoffice_rss_peak_mb: officePeak / 2 ** 20,
      libreoffice_per_process_mb: officePeak / 2 ** 20 / workers,
    },
  ]);
  process.stdout.write('\n');
  printResult('pdf', {
    ratio_10: Math.round((warm10.perSecond / cold10.perSecond) * 10) / 10,
    pdfs_per_s_10: Math.round(warm10.perSecond * 10) / 10,
    p99_10_ms: Math.round(warm10.p99),
    pdfs_per_s_500: Math.round(warm500.perSecond * 100) / 100,
    rss_mb: Math.round(rssMb),
  });
} finally {
  clearInterval(sampler);
  await pool?.close();
  await rm(base, { recursive: true, force: true });
}

function fmt(r: { perSecond: number; p50: number; p99: number }) {
  return { pdfs_per_s: r.perSecond, p50_ms: r.p50, p99_ms: r.p99 };
}
