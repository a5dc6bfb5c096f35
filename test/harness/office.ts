/**
 * Helpers for printing tests: the LibreOffice processes this test process
 * started (to kill -9 one), PDF text and properties through poppler's
 * `pdftotext`/`pdfinfo`, and LibreOffice's own cold print of a document (the
 * reference a warm print must match).
 * @module
 */
import { execFile } from 'node:child_process';
import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { PrintPool, type PrintPoolOptions } from '@verzend/renderer';
import { createLogger } from '@verzend/shared';

const run = promisify(execFile);

/** PIDs of `soffice.bin` processes whose parent is this process. */
export async function officePids(): Promise<number[]> {
  const pids: number[] = [];
  for (const entry of await readdir('/proc')) {
    if (!/^\d+$/.test(entry)) {
      continue;
    }
    try {
      const stat = await readFile(`/proc/${entry}/stat`, 'utf8');
      // pid (comm) state ppid …
      const match = /^\d+ \((.*)\) \S+ (\d+)/.exec(stat);
      if (match?.[1] === 'soffice.bin' && Number(match[2]) === process.pid) {
        pids.push(Number(entry));
      }
    } catch {
      // The process ended while we looked.
    }
  }
  return pids;
}

async function withFile<T>(pdf: Uint8Array, work: (path: string) => Promise<T>): Promise<T> {
  const dir = await mkdtemp(join(tmpdir(), 'verzend-pdf-'));
  try {
    const path = join(dir, 'doc.pdf');
    await writeFile(path, pdf);
    return await work(path);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

/** The PDF's text in content order (`pdftotext -raw`: a table cell's wrapped lines stay together). */
export function pdfText(pdf: Uint8Array): Promise<string> {
  return withFile(pdf, async (path) => (await run('pdftotext', ['-raw', path, '-'])).stdout);
}

/** `pdfinfo` fields (Title, Author, Pages…) and whether the XMP metadata declares PDF/A-2b. */
export function pdfInfo(
  pdf: Uint8Array,
): Promise<{ fields: Record<string, string>; pdfA2b: boolean }> {
  return withFile(pdf, async (path) => {
    const info: Record<string, string> = {};
    for (const line of (await run('pdfinfo', [path])).stdout.split('\n')) {
      const i = line.indexOf(':');
      if (i > 0) {
        info[line.slice(0, i).trim()] = line.slice(i + 1).trim();
      }
    }
    const meta = (await run('pdfinfo', ['-meta', path])).stdout;
    const pdfA2b =
      /<pdfaid:part>2<\/pdfaid:part>/.test(meta) &&
      /<pdfaid:conformance>B<\/pdfaid:conformance>/.test(meta);
    return { fields: info, pdfA2b };
  });
}

/**
 * LibreOffice's own print of a .docx: a cold `soffice --convert-to pdf`, with a private profile
 * (`profileDir` to reuse one across runs, as a benchmark does; default: a fresh one).
 */
export async function coldPrint(docx: Uint8Array, profileDir?: string): Promise<Buffer> {
  const dir = await mkdtemp(join(tmpdir(), 'verzend-cold-'));
  try {
    await writeFile(join(dir, 'doc.docx'), docx);
    await run(
      'soffice',
      [
        `-env:UserInstallation=file://${profileDir ?? join(dir, 'profile')}`,
        '--headless',
        '--norestore',
        '--convert-to',
        'pdf',
        '--outdir',
        dir,
        join(dir, 'doc.docx'),
      ],
      { timeout: 120_000, env: { PATH: '/usr/local/bin:/usr/bin:/bin', HOME: dir } },
    );
    return await readFile(join(dir, 'doc.pdf'));
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

/** Starts a print pool with test settings (Debian's LibreOffice) and waits until it is warm. */
export async function startPrintPool(opts: Partial<PrintPoolOptions> = {}): Promise<PrintPool> {
  const pool = new PrintPool({
    size: 1,
    timeoutMs: 10_000,
    queueLimit: 1000,
    memoryMb: 2048,
    maxJobsPerProcess: 100_000,
    startTimeoutMs: 120_000,
    sofficeBin: '/usr/lib/libreoffice/program/soffice.bin',
    python: '/usr/bin/python3',
    logger: createLogger({ service: 'test', level: 'silent' }),
    ...opts,
  });
  await pool.start();
  await pool.warm(opts.startTimeoutMs ?? 120_000);
  return pool;
}
