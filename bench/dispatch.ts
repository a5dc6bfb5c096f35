/**
 * `pnpm bench dispatch`: the dispatcher end to end against a local SMTP sink.
 *
 * 1. Throughput: emails/s from HTTP accept to the sink, 10 accounts, limits off,
 *    next to raw nodemailer pooled to the same sink in the same run. Both are
 *    timed warm (300 emails each first: connections open, code compiled).
 * 2. Throttle accuracy: 3 replicas share one account; worst window vs the limit
 *    and utilisation. The window is shortened (RATE_WINDOW_MS) so it runs in seconds.
 * 3. Isolation: accept→sent p99 of an unthrottled account while another account
 *    has 10,000 emails queued.
 *
 * The services run as their own processes from the compiled build, started as
 * production starts them (`node` with `serviceNodeArgs` then `services/<name>/dist/main.js`:
 * config, dispatcher replicas, nats-server); this process is the client and the
 * SMTP sink, which the raw baseline uses too. The client posts through `node:http` with kept-alive
 * connections: it shares the two cores with the services, and `fetch` cost about 0.5 ms more CPU
 * per request (client and sink 1.2–1.5 against 0.7 ms per email), time the services then lacked.
 * CPU time per email of each process is read from /proc,
 * which varies less than rates on a shared machine. BENCH_NODE_ARGS passes flags
 * to the service processes after the production ones (e.g. `--cpu-prof --cpu-prof-dir=/tmp/prof`,
 * or `--max-semi-space-size=16` for V8's default young generation).
 * BENCH_TRACING=on runs the services with every trace sampled and exported over
 * OTLP/HTTP to a receiver in this process that drops what it gets (the cost of
 * tracing on); by default tracing is off, as it is in production unless chosen.
 * @module
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Account } from '@verzend/connectors';
import { type EmailRecord, signToken } from '@verzend/shared';
import { createTransport } from 'nodemailer';
import { serviceNodeArgs } from '../scripts/processes';
import { freePort, SmtpSink, TestNatsServer } from '../test/harness';
import { buildOnce } from '../test/scale/deployment';
import { cpuSeconds, jsonPoster, peakRssMb, percentile, printResult, printTable } from './util';

const N = Number(process.env.BENCH_DISPATCH_N ?? 4_000);
/** Emails sent through each path before it is timed: connections open, code compiled (steady state). */
const WARMUP = 300;
const ISOLATION_BACKLOG = Number(process.env.BENCH_DISPATCH_BACKLOG ?? 10_000);
const THROTTLE_WINDOW_MS = 2_000;
const THROTTLE_LIMIT = 30;
const THROTTLE_WINDOWS = 5;
const TRACING = process.env.BENCH_TRACING === 'on';
const html = `<html><body>${'<p>Dear customer, please find your invoice attached. Thank you for your business.</p>'.repeat(120)}</body></html>`;

const messageIdOf = (raw: Buffer) =>
  raw.toString('latin1', 0, 4096).match(/^Message-ID: *(<[^>\r\n]+>)/im)?.[1] ?? '';

async function pool<T>(items: T[], width: number, fn: (item: T, i: number) => Promise<void>) {
  let next = 0;
  await Promise.all(
    Array.from({ length: width }, async () => {
      while (next < items.length) {
        const i = next++;
        await fn(items[i] as T, i);
      }
    }),
  );
}

async function waitUntil(check: () => boolean, timeoutMs: number, what: string) {
  const deadline = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > deadline) {
      throw new Error(`timed out: ${what}`);
    }
    await new Promise((r) => setTimeout(r, 20));
  }
}

const root = join(import.meta.dirname, '..');

/** A service running as its own process. */
interface Proc {
  url: string;
  child: ChildProcess;
}

/** The services under test: nats-server, config and dispatcher replicas as processes. */
interface Stack {
  nats: TestNatsServer;
  env: Record<string, string>;
  config: Proc;
  dispatchers: Proc[];
  url(service: 'config' | 'dispatcher'): string;
}

async function startProc(
  service: 'config' | 'dispatcher',
  env: Record<string, string>,
): Promise<Proc> {
  const port = await freePort();
  const entry = `services/${service}/dist/main.js`;
  const child = spawn(
    process.execPath,
    [
      ...serviceNodeArgs(service),
      // After the production flags, so a flag given here wins (e.g. --max-semi-space-size=16).
      ...(process.env.BENCH_NODE_ARGS?.split(' ').filter(Boolean) ?? []),
      entry,
    ],
    {
      cwd: root,
      env: { ...process.env, ...env, PORT: String(port) },
      stdio: 'ignore',
    },
  );
  const url = `http://127.0.0.1:${port}`;
  await waitUntilAsync(
    async () => (await fetch(`${url}/readyz`).catch(() => null))?.status === 200,
    30_000,
    `${entry} ready`,
  );
  return { url, child };
}

async function stopProc(p: Proc): Promise<void> {
  if (p.child.exitCode === null) {
    const exited = new Promise((r) => p.child.once('exit', r));
    p.child.kill('SIGTERM');
    await exited;
  }
}

async function waitUntilAsync(check: () => Promise<boolean>, timeoutMs: number, what: string) {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) {
      throw new Error(`timed out: ${what}`);
    }
    await new Promise((r) => setTimeout(r, 50));
  }
}

/** An OTLP/HTTP receiver that answers every export with 200 and keeps nothing. */
async function startSpanSink(): Promise<{ url: string; server: Server; bytes: () => number }> {
  let bytes = 0;
  const server = createServer((req, res) => {
    req.on('data', (chunk: Buffer) => {
      bytes += chunk.length;
    });
    req.on('end', () => {
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end('{}');
    });
  });
  const port = await freePort();
  await new Promise<void>((resolve) => server.listen(port, '127.0.0.1', resolve));
  return { url: `http://127.0.0.1:${port}/v1/traces`, server, bytes: () => bytes };
}

const spanSink = TRACING ? await startSpanSink() : undefined;

async function startServices(captureDir: string): Promise<Stack> {
  const nats = await TestNatsServer.start();
  const env = {
    ...(spanSink
      ? {
          OTEL_TRACES_EXPORTER: 'otlp',
          OTEL_TRACES_SAMPLER: 'always_on',
          OTEL_EXPORTER_OTLP_TRACES_ENDPOINT: spanSink.url,
        }
      : {}),
    NODE_ENV: 'production',
    LOG_LEVEL: 'silent',
    NATS_URL: nats.url,
    HOST: '127.0.0.1',
    AUTH_JWT_SECRET: randomBytes(32).toString('base64url'),
    AUTH_ISSUER: 'https://erp.bench.example',
    AUTH_AUDIENCE: 'verzend',
    SECRETS_KEYS: `k1:${randomBytes(32).toString('base64')}`,
    CAPTURE_DIR: captureDir,
    // The SMTP sink listens on loopback.
    OUTBOUND_ALLOW: 'loopback',
    // Benchmarks measure the pipeline, not the API limits: off explicitly.
    API_RATE_LIMIT_ENABLED: 'false',
    // Every replica must share one window length; the short one keeps the throttle part to seconds.
    RATE_WINDOW_MS: String(THROTTLE_WINDOW_MS),
  };
  const config = await startProc('config', env);
  const dispatcher = await startProc('dispatcher', {
    ...env,
    DISPATCHER_ID: 'bench-1',
  });
  const stack: Stack = {
    nats,
    env,
    config,
    dispatchers: [dispatcher],
    url: (service) => (service === 'config' ? config.url : dispatcher.url),
  };
  return stack;
}

async function createAccount(stack: Stack, token: string, port: number, i: number, extra: object) {
  const res = await fetch(`${stack.url('config')}/v1/accounts`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
    body: JSON.stringify({
      name: `Bench ${i}`,
      emailAddress: `bench${i}@cronus.example`,
      settings: { connector: 'smtp', host: '127.0.0.1', port, tls: 'none', auth: 'anonymous' },
      rateLimitPerMinute: 0,
      concurrencyLimit: 10,
      ...extra,
    }),
  });
  if (res.status !== 201) {
    throw new Error(`account: ${res.status} ${await res.text()}`);
  }
  return (await res.json()) as Account;
}

function composer(stack: Stack, token: string) {
  const post = jsonPoster(`${stack.url('dispatcher')}/v1/emails`, {
    authorization: `Bearer ${token}`,
  });
  return async (accountId: string, to: string): Promise<EmailRecord> => {
    const res = await post({ to: [to], subject: 'Invoice', html, text: 'Invoice', accountId });
    if (res.status !== 202) {
      throw new Error(`compose: ${res.status} ${JSON.stringify(res.body)}`);
    }
    return res.body as EmailRecord;
  };
}

async function raw(sink: SmtpSink): Promise<number> {
  const transport = createTransport({
    pool: true,
    host: '127.0.0.1',
    port: sink.port,
    secure: false,
    ignoreTLS: true,
    maxConnections: 10,
    maxMessages: Number.POSITIVE_INFINITY,
  });
  const mail = (i: number) =>
    transport.sendMail({
      from: 'bench@cronus.example',
      to: `raw${i}@fabrikam.example`,
      subject: 'Invoice',
      html,
      text: 'Invoice',
    });
  const warm = sink.messages.length;
  await pool(
    Array.from({ length: WARMUP }, (_, i) => i),
    64,
    async (i) => {
      await mail(i);
    },
  );
  await waitUntil(() => sink.messages.length - warm >= WARMUP, 60_000, 'raw warm-up');
  const before = sink.messages.length;
  const cpu0 = cpuSeconds(process.pid);
  const started = performance.now();
  await pool(
    Array.from({ length: N }, (_, i) => i),
    64,
    async (i) => {
      await mail(i);
    },
  );
  await waitUntil(() => sink.messages.length - before >= N, 60_000, 'raw deliveries');
  cpuMs.raw = perEmailMs(cpu0, cpuSeconds(process.pid));
  transport.close();
  return N / ((performance.now() - started) / 1000);
}

let acceptPerS = 0;
/** CPU milliseconds per email, by process, over the throughput parts. */
const cpuMs: Record<'raw' | 'bench' | 'dispatcher' | 'nats', number | null> = {
  raw: null,
  bench: null,
  dispatcher: null,
  nats: null,
};
const perEmailMs = (before: number | null, after: number | null) =>
  before === null || after === null ? null : ((after - before) * 1000) / N;

/** The throughput replica's peak resident memory (the young generation's size shows here). */
let dispatcherPeakRssMb: number | null = null;

async function throughput(stack: Stack, token: string, sink: SmtpSink): Promise<number> {
  const accounts: Account[] = [];
  for (let i = 0; i < 10; i++) {
    accounts.push(await createAccount(stack, token, sink.port, i, {}));
  }
  const send = composer(stack, token);
  const warm = sink.messages.length;
  await pool(
    Array.from({ length: WARMUP }, (_, i) => i),
    64,
    async (i) => {
      await send((accounts[i % accounts.length] as Account).id, `w${i}@fabrikam.example`);
    },
  );
  await waitUntil(() => sink.messages.length - warm >= WARMUP, 60_000, 'pipeline warm-up');
  const before = sink.messages.length;
  const pids = {
    bench: process.pid,
    dispatcher: stack.dispatchers[0]?.child.pid,
    nats: stack.nats.pid,
  };
  const cpu0 = Object.fromEntries(Object.entries(pids).map(([k, pid]) => [k, cpuSeconds(pid)]));
  const started = performance.now();
  await pool(
    Array.from({ length: N }, (_, i) => i),
    64,
    async (i) => {
      await send((accounts[i % accounts.length] as Account).id, `p${i}@fabrikam.example`);
    },
  );
  acceptPerS = N / ((performance.now() - started) / 1000);
  await waitUntil(() => sink.messages.length - before >= N, 120_000, 'pipeline deliveries');
  const rate = N / ((performance.now() - started) / 1000);
  for (const [k, pid] of Object.entries(pids)) {
    cpuMs[k as keyof typeof cpuMs] = perEmailMs(cpu0[k] ?? null, cpuSeconds(pid));
  }
  dispatcherPeakRssMb = peakRssMb(pids.dispatcher);
  return rate;
}

async function throttle(stack: Stack, token: string, sink: SmtpSink) {
  const replicas: Proc[] = [];
  for (const n of [2, 3]) {
    replicas.push(
      await startProc('dispatcher', {
        ...stack.env,
        DISPATCHER_ID: `bench-${n}`,
      }),
    );
  }
  try {
    const account = await createAccount(stack, token, sink.port, 100, {
      rateLimitPerMinute: THROTTLE_LIMIT,
      concurrencyLimit: 3,
    });
    const send = composer(stack, token);
    const total = THROTTLE_LIMIT * (THROTTLE_WINDOWS + 1);
    const ids = new Set<string>();
    await pool(
      Array.from({ length: total }, (_, i) => i),
      16,
      async (i) => {
        ids.add((await send(account.id, `t${i}@fabrikam.example`)).messageId);
      },
    );
    await waitUntil(
      () => sink.messages.filter((m) => ids.has(messageIdOf(m.raw))).length >= total,
      (THROTTLE_WINDOWS + 4) * THROTTLE_WINDOW_MS * 2,
      'throttled deliveries',
    );
    const times = sink.messages
      .filter((m) => ids.has(messageIdOf(m.raw)))
      .map((m) => m.receivedAt)
      .sort((a, b) => a - b);
    let worst = 0;
    let j = 0;
    for (let i = 0; i < times.length; i++) {
      while ((times[j] ?? 0) <= (times[i] ?? 0) - THROTTLE_WINDOW_MS) {
        j++;
      }
      worst = Math.max(worst, i - j + 1);
    }
    // Utilisation over the full windows while the queue was never empty.
    const t0 = times[0] ?? 0;
    const windows = Math.floor(((times.at(-1) ?? t0) - t0) / THROTTLE_WINDOW_MS);
    const inWindows = times.filter((t) => t < t0 + windows * THROTTLE_WINDOW_MS).length;
    const utilisation = windows > 0 ? inWindows / (windows * THROTTLE_LIMIT) : 0;
    return { worst, overLimit: Math.max(0, worst - THROTTLE_LIMIT), utilisation };
  } finally {
    for (const r of replicas) {
      await stopProc(r);
    }
  }
}

async function isolation(stack: Stack, token: string, sink: SmtpSink) {
  const blocked = await createAccount(stack, token, sink.port, 200, {
    rateLimitPerMinute: 30,
    concurrencyLimit: 3,
  });
  const free = await createAccount(stack, token, sink.port, 201, {});
  const send = composer(stack, token);
  await pool(
    Array.from({ length: ISOLATION_BACKLOG }, (_, i) => i),
    64,
    async (i) => {
      await send(blocked.id, `b${i}@fabrikam.example`);
    },
  );
  const accepted = new Map<string, number>();
  const latencies: number[] = [];
  const seen = new Set<string>();
  const probes = 200;
  let scanned = sink.messages.length;
  const collect = () => {
    for (; scanned < sink.messages.length; scanned++) {
      const m = sink.messages[scanned];
      const id = m ? messageIdOf(m.raw) : '';
      const t = accepted.get(id);
      if (m && t !== undefined && !seen.has(id)) {
        seen.add(id);
        latencies.push(m.receivedAt - t);
      }
    }
  };
  for (let i = 0; i < probes; i++) {
    const startedAt = Date.now();
    const rec = await send(free.id, `f${i}@fabrikam.example`);
    accepted.set(rec.messageId, startedAt);
    await new Promise((r) => setTimeout(r, 10));
    collect();
  }
  await waitUntil(
    () => {
      collect();
      return latencies.length >= probes;
    },
    30_000,
    'isolation probes',
  );
  return { p50: percentile(latencies, 50), p99: percentile(latencies, 99) };
}

buildOnce();
const sink = await SmtpSink.start({ parse: false });
const captureDir = await mkdtemp(join(tmpdir(), 'verzend-bench-'));
const stack = await startServices(captureDir);
try {
  const token = await signToken(
    stack.env.AUTH_JWT_SECRET ?? '',
    { sub: 'bench', company: 'bench', perms: ['email-admin'], licence: 'full', records: ['*'] },
    '12h',
    { issuer: stack.env.AUTH_ISSUER, audience: stack.env.AUTH_AUDIENCE },
  );
  const rawPerS = await raw(sink);
  const pipelinePerS = await throughput(stack, token, sink);
  const t = await throttle(stack, token, sink);
  const iso = await isolation(stack, token, sink);
  printTable([
    { measure: `raw nodemailer pooled (10 conns), ${N} emails`, value: rawPerS, unit: 'emails/s' },
    {
      measure: `pipeline HTTP accept → sink, 10 accounts, ${N} emails`,
      value: pipelinePerS,
      unit: 'emails/s',
    },
    { measure: 'pipeline ÷ raw', value: pipelinePerS / rawPerS, unit: 'ratio' },
    {
      measure: '  of which: HTTP accept alone (202s returned)',
      value: acceptPerS,
      unit: 'emails/s',
    },
    ...(['raw', 'dispatcher', 'bench', 'nats'] as const)
      .filter((k) => cpuMs[k] !== null)
      .map((k) => ({
        measure: {
          raw: '  CPU per email: raw sender + sink (one process)',
          dispatcher: '  CPU per email: dispatcher (accept + send)',
          bench: '  CPU per email: HTTP client + sink',
          nats: '  CPU per email: nats-server',
        }[k],
        value: cpuMs[k] ?? 0,
        unit: 'ms',
      })),
    ...(dispatcherPeakRssMb === null
      ? []
      : [{ measure: '  dispatcher peak resident memory', value: dispatcherPeakRssMb, unit: 'MB' }]),
    {
      measure: `throttle: worst ${THROTTLE_WINDOW_MS} ms window, 3 replicas (limit ${THROTTLE_LIMIT}; short window)`,
      value: t.worst,
      unit: 'emails',
    },
    { measure: 'throttle: utilisation of the limit', value: t.utilisation, unit: '0..1' },
    {
      measure: `isolation: accept→sent p50 with ${ISOLATION_BACKLOG} queued elsewhere`,
      value: iso.p50,
      unit: 'ms',
    },
    {
      measure: `isolation: accept→sent p99 with ${ISOLATION_BACKLOG} queued elsewhere`,
      value: iso.p99,
      unit: 'ms',
    },
  ]);
  printResult('dispatch', {
    ratio: pipelinePerS / rawPerS,
    emails_per_s: Math.round(pipelinePerS),
    raw_per_s: Math.round(rawPerS),
    over_limit: t.overLimit,
    utilisation: t.utilisation,
    isolation_p99_ms: Math.round(iso.p99),
    dispatcher_cpu_ms_per_email: cpuMs.dispatcher ?? 'n/a',
    tracing: TRACING ? 'on' : 'off',
    ...(spanSink ? { exported_span_kb: Math.round(spanSink.bytes() / 1024) } : {}),
  });
} finally {
  for (const p of [...stack.dispatchers, stack.config]) {
    await stopProc(p);
  }
  await stack.nats.dispose();
  await sink.stop();
  spanSink?.server.close();
  await rm(captureDir, { recursive: true, force: true });
}
process.exit(0);
