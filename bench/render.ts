/**
 * `pnpm bench render`: the compiled fast path against the naive pipeline
 * (new PizZip + docxtemplater fill + generate + mammoth + sanitize-html + juice
 * + html-to-text per email) on the 10-line and the 500-line Dutch invoice, in
 * the same run; whether both paths give identical HTML on every fixture; and
 * `/healthz` latency of a running renderer while 4 large renders run.
 *
 * The filled .docx (the attachment) is timed the same way: a fresh docxtemplater
 * render + PizZip DEFLATE against the template parsed once per layout.
 *
 * Ends with: RESULT render ratio_10=… ratio_500=… p50_10_ms=… p50_500_ms=… identical=… healthz_p99_ms=… docx_p50_10_ms=… docx_ratio_10=…
 * @module
 */
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Worker } from 'node:worker_threads';
import {
  RenderEngine,
  type RenderJob,
  readEnv as readRendererEnv,
  renderNaive,
} from '@verzend/renderer';
import { RenderResult, Rpc, requestJson } from '@verzend/shared';
import { startStack } from '../test/harness';
import { docxParts, fixtureJob, LAYOUTS_DIR, loadFixtures } from '../test/renderer/fixtures';
import { percentile, printResult, printTable } from './util';

const layout = new Uint8Array(readFileSync(join(LAYOUTS_DIR, 'sales-invoice-nl.docx')));
const sha = createHash('sha256').update(layout).digest('hex');
const data10 = JSON.parse(readFileSync(join(LAYOUTS_DIR, 'sales-invoice-nl.json'), 'utf8'));
const data500 = JSON.parse(
  readFileSync(join(LAYOUTS_DIR, 'sales-invoice-nl.500-lines.json'), 'utf8'),
);

const job = (data: Record<string, unknown>, docx = false): RenderJob => ({
  layout,
  layoutSha256: sha,
  data,
  locale: 'nl-NL',
  currency: 'EUR',
  payment: {
    merchantEmail: 'payments@cronus.example',
    environment: 'live',
    linkText: 'Betaal met PayPal',
    amount: Number(data.Total),
    currency: 'EUR',
    documentNo: 'F-103045',
    itemName: 'Factuur F-103045',
    documentType: 'sales-invoice',
  },
  strict: false,
  includeDocx: docx,
  includeBody: !docx,
});

async function time(n: number, fn: () => Promise<unknown>): Promise<number[]> {
  const samples: number[] = [];
  for (let i = 0; i < n; i++) {
    const t = performance.now();
    await fn();
    samples.push(performance.now() - t);
  }
  return samples;
}

const engine = new RenderEngine({
  cacheSize: 10,
  maxDocxBytes: 10_000_000,
  maxUnzippedBytes: 100_000_000,
});
const compileStart = performance.now();
await engine.render(job(data10));
const compileMs = performance.now() - compileStart;

// Warm both paths (JIT, Intl caches) before measuring.
for (let i = 0; i < 5; i++) {
  await renderNaive(job(data10));
  await engine.render(job(data10));
}

const rows: Record<string, string | number>[] = [];
const measure = async (
  label: string,
  data: Record<string, unknown>,
  nNaive: number,
  nFast: number,
) => {
  const naive = await time(nNaive, () => renderNaive(job(data)));
  const fast = await time(nFast, () => engine.render(job(data)));
  for (const [path, s] of [
    ['naive', naive],
    ['fast', fast],
  ] as const) {
    const mean = s.reduce((a, b) => a + b, 0) / s.length;
    rows.push({
      invoice: label,
      path,
      n: s.length,
      p50_ms: percentile(s, 50),
      p95_ms: percentile(s, 95),
      renders_per_s: 1000 / mean,
    });
  }
  return { naiveP50: percentile(naive, 50), fastP50: percentile(fast, 50) };
};
const r10 = await measure('10 lines', data10, 60, 400);
const r500 = await measure('500 lines', data500, 10, 60);

// The attachment alone: fresh docxtemplater + PizZip DEFLATE against the parsed-once template.
for (let i = 0; i < 5; i++) {
  await renderNaive(job(data10, true));
  await engine.render(job(data10, true));
}
const docxNaive = percentile(await time(60, () => renderNaive(job(data10, true))), 50);
const docxFast = percentile(await time(400, () => engine.render(job(data10, true))), 50);

// Exactness on every fixture (sample data) and on the large invoice.
let identical = true;
const checked: string[] = [];
for (const f of loadFixtures()) {
  const j = fixtureJob(f);
  const [fast, naive] = [await engine.render(j), await renderNaive(j)];
  const same = fast.html === naive.html && fast.text === naive.text;
  const [fastDocx, naiveDocx] = [
    await engine.render({ ...j, includeDocx: true }),
    await renderNaive({ ...j, includeDocx: true }),
  ];
  identical &&=
    JSON.stringify(docxParts(fastDocx.docx)) === JSON.stringify(docxParts(naiveDocx.docx));
  identical &&= same;
  checked.push(`${f.name}/${f.variant}:${fast.path}${same ? '' : ' DIFFERS'}`);
}

// /healthz of a running renderer (worker threads) while 4 large renders run.
const healthz = async (workers: string | undefined) => {
  await using stack = await startStack({
    services: ['renderer'],
    // Benchmarks measure rendering, not the API limits: off explicitly.
    env: { API_RATE_LIMIT_ENABLED: 'false' },
    serviceEnv: { renderer: workers === undefined ? {} : { RENDER_WORKERS: workers } },
  });
  const big = {
    company: stack.company,
    // A layout the compiler refuses: each of these renders runs the whole naive pipeline.
    layout: { docxBase64: readFileSync(join(LAYOUTS_DIR, 'statement-en.docx')).toString('base64') },
    data: {
      Customer: { Name: 'Bench' },
      Overdue: true,
      OverdueAmount: 10,
      Entries: Array.from({ length: 500 }, (_, i) => ({
        DocumentNo: `INV-${i}`,
        Amount: i * 3.5,
        PostingDate: '2026-11-01',
      })),
    },
    locale: 'en-US',
  };
  // Boot the workers and the layout cache first.
  await requestJson(stack.nc, Rpc.renderRender, big, RenderResult, { timeoutMs: 120_000 });
  const load = new Worker(new URL('./render-load.worker.mjs', import.meta.url), {
    workerData: {
      url: stack.nats.url,
      subject: Rpc.renderRender,
      payload: JSON.stringify(big),
      concurrency: 4,
    },
  });
  const done = new Promise<{ renders: number }>((resolve) => load.once('message', resolve));
  const samples: number[] = [];
  const until = performance.now() + 8000;
  while (performance.now() < until) {
    const t = performance.now();
    const res = await fetch(`${stack.url('renderer')}/healthz`);
    await res.arrayBuffer();
    samples.push(performance.now() - t);
    await new Promise((r) => setTimeout(r, 10));
  }
  load.postMessage('stop');
  const { renders } = await done;
  await load.terminate();
  return {
    p50: percentile(samples, 50),
    p99: percentile(samples, 99),
    samples: samples.length,
    renders,
  };
};
const defaultWorkers = readRendererEnv({}).RENDER_WORKERS;
const withWorkers = await healthz(undefined);
const inline = await healthz('0');

printTable(rows);
process.stdout.write('\n');
printTable([
  {
    invoice: '10 lines',
    naive_p50_ms: r10.naiveP50,
    fast_p50_ms: r10.fastP50,
    speedup: r10.naiveP50 / r10.fastP50,
  },
  {
    invoice: '500 lines',
    naive_p50_ms: r500.naiveP50,
    fast_p50_ms: r500.fastP50,
    speedup: r500.naiveP50 / r500.fastP50,
  },
]);
printTable([
  {
    document: '10 lines, .docx only',
    naive_p50_ms: docxNaive,
    fast_p50_ms: docxFast,
    speedup: docxNaive / docxFast,
  },
]);
process.stdout.write(`\ncompile (once per layout hash): ${compileMs.toFixed(1)} ms\n`);
process.stdout.write(`identical on ${checked.length} fixtures: ${checked.join(', ')}\n\n`);
printTable([
  {
    renders_on: `worker threads (${defaultWorkers}, the default here)`,
    healthz_p50_ms: withWorkers.p50,
    healthz_p99_ms: withWorkers.p99,
    samples: withWorkers.samples,
    large_renders: withWorkers.renders,
  },
  {
    renders_on: 'main thread',
    healthz_p50_ms: inline.p50,
    healthz_p99_ms: inline.p99,
    samples: inline.samples,
    large_renders: inline.renders,
  },
]);
printResult('render', {
  ratio_10: r10.naiveP50 / r10.fastP50,
  ratio_500: r500.naiveP50 / r500.fastP50,
  p50_10_ms: r10.fastP50,
  p50_500_ms: r500.fastP50,
  identical,
  healthz_p99_ms: withWorkers.p99,
  docx_p50_10_ms: docxFast,
  docx_ratio_10: docxNaive / docxFast,
});
