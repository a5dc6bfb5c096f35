/**
 * Posted events → emails at the SMTP sink per second: 10-line invoices
 * published on JetStream, processed by the intake (sending profile, report
 * selection, render of body and Word document, outbox) and sent through the
 * SMTP connector to a local sink — all services and the sink on this machine.
 * Prints the pipeline's stage timings (from the dispatcher's metrics) and the
 * publish-to-delivery latency. A second run does the same with the sending
 * profiles set to `pdf`: the renderer prints every invoice with its warm
 * LibreOffice pool and the email carries the PDF. Ends with
 * `RESULT e2e emails_per_s=… pdf_emails_per_s=…`.
 *
 * `BENCH_EVENTS` (default 1000) sets each run's size, `BENCH_PDF_EVENTS` (default
 * 500) the PDF run's; `INTAKE_CONCURRENCY` is passed to the dispatcher (default 32
 * here), `PRINT_WORKERS` to the renderer (default: the number of cores).
 * @module
 */

import { availableParallelism } from 'node:os';
import { jetstream } from '@nats-io/jetstream';
import { Subjects } from '@verzend/shared';
import { SENDING_PROFILES, setUpInvoicing } from '../scripts/demo/company';
import { demoCustomers, postedInvoice } from '../scripts/demo/invoices';
import { SmtpSink, startStack } from '../test/harness';
import { percentile, printResult, printTable } from './util';

const total = Number(process.env.BENCH_EVENTS ?? 1000);
const warmup = 40;
const concurrency = process.env.INTAKE_CONCURRENCY ?? '32';
const renderWorkers = process.env.RENDER_WORKERS;
const attachDocument = process.env.BENCH_ATTACHMENT !== '0';
const pdfTotal = Number(process.env.BENCH_PDF_EVENTS ?? 500);
const printWorkers = process.env.PRINT_WORKERS ?? String(Math.min(8, availableParallelism()));

const sink = await SmtpSink.start({ parse: false });
const stack = await startStack({
  // Benchmarks measure the pipeline, not the API limits: off explicitly.
  env: { API_RATE_LIMIT_ENABLED: 'false' },
  serviceEnv: {
    dispatcher: { INTAKE_CONCURRENCY: concurrency },
    renderer: {
      PRINT_WORKERS: printWorkers,
      ...(renderWorkers ? { RENDER_WORKERS: renderWorkers } : {}),
    },
  },
});

try {
  await setUpInvoicing((service, path, init) => stack.fetch(service, path, init), {
    companyName: 'CRONUS International Ltd.',
    account: sink.account('Bench SMTP', 'sales@cronus.example.com', {
      rateLimitPerMinute: 0,
      concurrencyLimit: 10,
    }),
    paypalMerchant: 'payments@cronus.example.com',
    attachDocument,
    attachmentFormat: 'docx',
  });

  const js = jetstream(stack.nc);
  const publishedAt = new Map<string, number>();
  const publishRun = async (prefix: string, count: number) => {
    const inFlight = new Set<Promise<unknown>>();
    for (let i = 0; i < count; i++) {
      const no = `${prefix}${String(i).padStart(6, '0')}`;
      const event = postedInvoice({
        company: stack.company,
        eventId: `SI-${no}`,
        documentNo: no,
        lines: 10,
        customer: demoCustomers[i % demoCustomers.length],
      });
      publishedAt.set(event.eventId, Date.now());
      const p = js
        .publish(Subjects.event(event.company, event.documentType), JSON.stringify(event), {
          msgID: event.eventId,
        })
        .finally(() => inFlight.delete(p));
      inFlight.add(p);
      if (inFlight.size >= 256) {
        await Promise.race(inFlight);
      }
    }
    await Promise.all(inFlight);
  };

  // Warm-up: templates parsed, connections pooled, JIT warm.
  await publishRun('W', warmup);
  await sink.waitFor(warmup, 120_000);

  const startCount = sink.messages.length;
  // Memory of the whole process (all services, the sink and the benchmark) during the run.
  const rssBefore = process.memoryUsage().rss;
  let rssPeak = rssBefore;
  const sampler = setInterval(() => {
    rssPeak = Math.max(rssPeak, process.memoryUsage().rss);
  }, 100);
  const started = performance.now();
  await publishRun('B', total);
  const publishedMs = performance.now() - started;
  await sink.waitFor(startCount + total, 600_000);
  const elapsedMs = performance.now() - started;
  clearInterval(sampler);
  const emailsPerS = total / (elapsedMs / 1000);

  const latencies: number[] = [];
  for (const m of sink.messages.slice(startCount)) {
    const id = /X-Verzend-Event-Id: ([^\r\n]+)/i.exec(m.raw.toString('latin1'))?.[1]?.trim();
    const at = id ? publishedAt.get(id) : undefined;
    if (at !== undefined) {
      latencies.push(m.receivedAt - at);
    }
  }

  // What an operator watching the run sees: counts and progress over every record of the company.
  const listStarted = performance.now();
  const listing = (await (await stack.fetch('dispatcher', '/v1/events?limit=50')).json()) as {
    total: number;
  };
  const listMs = performance.now() - listStarted;

  // Stage timings from the dispatcher's Prometheus histogram (includes the warm-up).
  const metrics = await (await fetch(`${stack.url('dispatcher')}/metrics`)).text();
  const stage = (name: string, what: 'sum' | 'count') =>
    Number(
      new RegExp(
        `verzend_intake_stage_seconds_${what}\\{[^}]*stage="${name}"[^}]*\\} ([0-9.e+-]+)`,
      ).exec(metrics)?.[1] ?? Number.NaN,
    );
  const rows = ['profile', 'selection', 'render', 'enqueue', 'record', 'total'].map((name) => ({
    stage: name,
    mean_ms: (stage(name, 'sum') / stage(name, 'count')) * 1000,
    samples: stage(name, 'count'),
  }));
  // The renderer's own time per render (in its worker), without queueing and transport.
  const rendererMetrics = await (await fetch(`${stack.url('renderer')}/metrics`)).text();
  const renderSum = [
    ...rendererMetrics.matchAll(/verzend_render_duration_seconds_sum\{[^}]*\} ([0-9.e+-]+)/g),
  ].reduce((a, m) => a + Number(m[1]), 0);
  const renderCount = [
    ...rendererMetrics.matchAll(/verzend_render_duration_seconds_count\{[^}]*\} ([0-9.e+-]+)/g),
  ].reduce((a, m) => a + Number(m[1]), 0);
  rows.splice(3, 0, {
    stage: '  in renderer',
    mean_ms: (renderSum / renderCount) * 1000,
    samples: renderCount,
  });
  process.stdout.write(
    `\ne2e: ${total} posted 10-line invoices → SMTP sink, intake concurrency ${concurrency}, ${attachDocument ? 'with' : 'without'} the Word attachment\n\n`,
  );
  printTable(rows);
  process.stdout.write('\n');
  printTable([
    {
      events: total,
      publish_s: publishedMs / 1000,
      elapsed_s: elapsedMs / 1000,
      emails_per_s: emailsPerS,
      latency_p50_ms: percentile(latencies, 50),
      latency_p95_ms: percentile(latencies, 95),
      latency_max_ms: percentile(latencies, 100),
      list_events_ms: listMs,
      listed: listing.total,
      rss_before_mb: rssBefore / 2 ** 20,
      rss_peak_mb: rssPeak / 2 ** 20,
    },
  ]);
  process.stdout.write('\n');

  // The PDF variant: the same pipeline, the sending profiles now attach the printed PDF.
  for (const [code, profile] of Object.entries(SENDING_PROFILES)) {
    const res = await stack.fetch('config', `/v1/sending-profiles/${code}`, {
      method: 'PUT',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ ...profile, attachmentFormat: 'pdf' }),
    });
    if (!res.ok) {
      throw new Error(`sending profile ${code}: ${res.status} ${await res.text()}`);
    }
  }
  // The intake caches look-ups for CONFIG_CACHE_TTL_MS (5 s): let the new profiles reach it.
  await new Promise((r) => setTimeout(r, 5500));
  await publishRun('WP', warmup);
  await sink.waitFor(startCount + total + warmup, 300_000);
  const pdfStart = sink.messages.length;
  const pdfStarted = performance.now();
  const cpuBefore = process.cpuUsage();
  await publishRun('P', pdfTotal);
  await sink.waitFor(pdfStart + pdfTotal, 900_000);
  const pdfMs = performance.now() - pdfStarted;
  const cpu = process.cpuUsage(cpuBefore);
  const pdfEmailsPerS = pdfTotal / (pdfMs / 1000);
  const pdfLatencies: number[] = [];
  let withPdf = 0;
  for (const m of sink.messages.slice(pdfStart)) {
    const raw = m.raw.toString('latin1');
    if (/Content-Type: application\/pdf/i.test(raw)) {
      withPdf++;
    }
    const id = /X-Verzend-Event-Id: ([^\r\n]+)/i.exec(raw)?.[1]?.trim();
    const at = id ? publishedAt.get(id) : undefined;
    if (at !== undefined) {
      pdfLatencies.push(m.receivedAt - at);
    }
  }
  process.stdout.write(
    `e2e with the PDF: ${pdfTotal} posted 10-line invoices → SMTP sink with the printed PDF attached (${printWorkers} LibreOffice processes)\n\n`,
  );
  printTable([
    {
      events: pdfTotal,
      with_pdf: withPdf,
      elapsed_s: pdfMs / 1000,
      emails_per_s: pdfEmailsPerS,
      latency_p50_ms: percentile(pdfLatencies, 50),
      latency_p95_ms: percentile(pdfLatencies, 95),
      node_cpu_s_per_email: (cpu.user + cpu.system) / 1e6 / pdfTotal,
    },
  ]);
  if (withPdf !== pdfTotal) {
    throw new Error(`${pdfTotal - withPdf} emails of the PDF run carry no PDF`);
  }
  process.stdout.write('\n');
  printResult('e2e', {
    emails_per_s: Math.round(emailsPerS * 10) / 10,
    pdf_emails_per_s: Math.round(pdfEmailsPerS * 10) / 10,
  });
} finally {
  await stack.stop();
  await sink.stop();
}
