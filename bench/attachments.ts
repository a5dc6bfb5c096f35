/**
 * `pnpm bench attachments`: peak memory of the dispatcher **process** while it
 * sends one 100 MB attachment through Microsoft Graph (the local test double:
 * draft + upload session) and through SMTP (the sink, not parsing), relative
 * to the same process idle. Goal: < 150 MB above idle.
 *
 * The dispatcher runs as a child process (tsx) so its RSS is its own; config
 * and NATS run beside it. The attachment is put in the object store by the
 * bench, so only the send is measured. Peak RSS is the kernel's high-water
 * mark (VmHWM, reset through /proc/<pid>/clear_refs before each send), with
 * 10 ms sampling of VmRSS as a fallback.
 * @module
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { Readable } from 'node:stream';
import type { Account } from '@verzend/connectors';
import {
  BlobStore,
  type EmailRecord,
  KvBlobOwners,
  openBlobStore,
  openBucket,
} from '@verzend/shared';
import { GraphDouble } from '../test/graph-double';
import { SmtpSink, startStack } from '../test/harness';
import { printResult, printTable } from './util';

const MiB = 1024 * 1024;
const SIZE = 100 * MiB;
const root = join(import.meta.dirname, '..');

function* generate(size: number): Generator<Buffer> {
  const piece = Buffer.alloc(256 * 1024);
  for (let offset = 0, n = 0; offset < size; offset += piece.length, n++) {
    piece.fill(n % 251);
    piece.writeUInt32LE(n, 0);
    yield Buffer.from(piece.subarray(0, Math.min(piece.length, size - offset)));
  }
}

function status(pid: number, field: 'VmRSS' | 'VmHWM'): number {
  const text = readFileSync(`/proc/${pid}/status`, 'utf8');
  const kb = Number(new RegExp(`^${field}:\\s+(\\d+) kB`, 'm').exec(text)?.[1] ?? Number.NaN);
  return kb / 1024;
}

function resetPeak(pid: number): boolean {
  try {
    writeFileSync(`/proc/${pid}/clear_refs`, '5');
    return true;
  } catch {
    return false;
  }
}

async function startDispatcher(
  env: Record<string, string>,
): Promise<{ child: ChildProcess; url: string }> {
  const child = spawn(
    process.execPath,
    ['--import', 'tsx', '--conditions=development', join(root, 'services/dispatcher/src/main.ts')],
    { cwd: root, env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'inherit'] },
  );
  const lines = createInterface({ input: child.stdout as NodeJS.ReadableStream });
  const url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(
      () => reject(new Error('the dispatcher did not start in 60 s')),
      60_000,
    );
    child.once('exit', (code) => reject(new Error(`the dispatcher exited with ${code}`)));
    lines.on('line', (line) => {
      const m = /"url":"(http:[^"]+)"/.exec(line);
      if (m?.[1] && line.includes('dispatcher service listening')) {
        clearTimeout(timer);
        resolve(m[1]);
      }
    });
  });
  return { child, url };
}

const double = await GraphDouble.start();
const app = { tenantId: 'bench-tenant', clientId: 'bench-app', clientSecret: 'bench-secret' };
double.registerApp(app);
const sink = await SmtpSink.start({ parse: false });
// Benchmarks measure sending, not the API limits: off explicitly.
const stack = await startStack({
  services: ['config'],
  env: { API_RATE_LIMIT_ENABLED: 'false' },
});
let dispatcher: ChildProcess | undefined;
try {
  const token = await stack.token();
  const { child, url } = await startDispatcher({
    ...stack.env,
    LOG_LEVEL: 'info',
    GRAPH_BASE_URL: double.graphBaseUrl,
    OAUTH_AUTHORITY: double.authority,
    INTAKE_ENABLED: 'false',
  });
  dispatcher = child;
  const pid = child.pid ?? 0;
  const call = async (base: string, path: string, init: RequestInit = {}) => {
    const res = await fetch(`${base}${path}`, {
      ...init,
      headers: {
        'content-type': 'application/json',
        authorization: `Bearer ${token}`,
        ...init.headers,
      },
    });
    if (!res.ok) {
      throw new Error(`${init.method ?? 'GET'} ${path}: ${res.status} ${await res.text()}`);
    }
    return res.json() as Promise<unknown>;
  };
  const account = (body: object) =>
    call(stack.url('config'), '/v1/accounts', {
      method: 'POST',
      body: JSON.stringify({ rateLimitPerMinute: 0, ...body }),
    }) as Promise<Account>;
  const graphAccount = await account({
    name: 'Graph',
    emailAddress: 'sales@contoso.example',
    settings: {
      connector: 'microsoft365',
      tenantId: app.tenantId,
      clientId: app.clientId,
      sharedMailbox: 'sales@contoso.example',
      mode: 'app-only',
    },
    secrets: { clientSecret: app.clientSecret },
  });
  const smtpAccount = await account({
    name: 'SMTP',
    emailAddress: 'sales@cronus.example',
    settings: {
      connector: 'smtp',
      host: '127.0.0.1',
      port: sink.port,
      tls: 'none',
      auth: 'anonymous',
    },
  });

  const blobs = new BlobStore(await openBlobStore(stack.nc));
  const ref = await blobs.putStream(Readable.from(generate(SIZE)));
  // Stands in for the company's upload: the reference is the company's to attach (ADR-0021).
  await new KvBlobOwners(await openBucket(stack.nc, 'blobOwners')).grant(stack.company, ref);
  const expected = createHash('sha256');
  for (const b of generate(SIZE)) {
    expected.update(b);
  }
  const expectedSha = expected.digest('hex');

  const send = async (accountId: string, attachments: object[]) => {
    const record = (await call(url, '/v1/emails', {
      method: 'POST',
      body: JSON.stringify({
        to: ['ap@fabrikam.example'],
        subject: 'Archive',
        text: 'Attached.',
        accountId,
        attachments,
      }),
    })) as EmailRecord;
    for (;;) {
      const now = (await call(url, `/v1/emails/${record.id}`)) as EmailRecord;
      if (now.status === 'sent' || now.status === 'failed') {
        if (now.status === 'failed') {
          throw new Error(`send failed: ${now.lastError}`);
        }
        return now;
      }
      await new Promise((r) => setTimeout(r, 25));
    }
  };

  // Warm up both paths with small emails, so idle includes loaded code and pools.
  await send(graphAccount.id, []);
  await send(smtpAccount.id, []);
  await new Promise((r) => setTimeout(r, 1_000));
  const idle = status(pid, 'VmRSS');

  const measure = async (accountId: string) => {
    const hwm = resetPeak(pid);
    let sampled = status(pid, 'VmRSS');
    const timer = setInterval(() => {
      sampled = Math.max(sampled, status(pid, 'VmRSS'));
    }, 10);
    const started = performance.now();
    await send(accountId, [
      { fileName: 'archive.bin', contentType: 'application/octet-stream', blob: ref },
    ]);
    const seconds = (performance.now() - started) / 1000;
    clearInterval(timer);
    const peak = hwm ? Math.max(sampled, status(pid, 'VmHWM')) : sampled;
    return { peak, seconds };
  };

  const graph = await measure(graphAccount.id);
  const graphSent = double.sent.at(-1)?.attachments[0];
  if (graphSent?.sha256 !== expectedSha || graphSent.size !== SIZE) {
    throw new Error('the Graph double did not receive the attachment intact');
  }
  const smtp = await measure(smtpAccount.id);
  const smtpRaw = sink.messages.at(-1)?.raw.length ?? 0;
  if (smtpRaw < SIZE) {
    throw new Error('the SMTP sink did not receive the attachment');
  }

  printTable([
    { path: 'idle', peak_rss_mb: idle, over_idle_mb: 0, seconds: 0 },
    {
      path: 'graph (draft + upload session)',
      peak_rss_mb: graph.peak,
      over_idle_mb: graph.peak - idle,
      seconds: graph.seconds,
    },
    {
      path: 'smtp (sink)',
      peak_rss_mb: smtp.peak,
      over_idle_mb: smtp.peak - idle,
      seconds: smtp.seconds,
    },
  ]);
  printResult('attachments', {
    graph_rss_over_idle_mb: Math.round((graph.peak - idle) * 10) / 10,
    smtp_rss_over_idle_mb: Math.round((smtp.peak - idle) * 10) / 10,
  });
} finally {
  if (dispatcher && dispatcher.exitCode === null) {
    const exited = new Promise((r) => dispatcher?.once('exit', r));
    dispatcher.kill('SIGTERM');
    await exited;
  }
  await stack.stop();
  await sink.stop();
  await double.stop();
}
