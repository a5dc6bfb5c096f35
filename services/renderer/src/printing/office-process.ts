/**
 * One warm LibreOffice: a `soffice.bin` process with its own user profile,
 * listening on a private UNO pipe, and the small Python bridge
 * (`bridge.py`, Debian's python3-uno) that converts one document at a time
 * for it over JSON lines. The pool (pool.ts) owns time limits, retries and
 * replacement; this class starts, converts, reports death and kills.
 * @module
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import type { Logger } from '@verzend/shared';
import { officeEnv, prepareProfile } from './profile';

/** What a process needs to start. */
export interface OfficeProcessOptions {
  /** The `soffice.bin` executable (not the `soffice` wrapper, whose PID is not the office's). */
  sofficeBin: string;
  /** `/usr/bin/python3` (Debian's, which sees the `uno` module). */
  python: string;
  bridgeScript: string;
  /** `prlimit` to cap the address space, or null to run without the cap. */
  prlimit: string | null;
  /** This process's directory: profile and job files (created 0700). */
  dir: string;
  /** Address-space cap of soffice.bin, in MB (0 = none). */
  memoryMb: number;
  startTimeoutMs: number;
  logger: Logger;
}

/** Why a conversion did not produce a PDF. */
export type AttemptFailure = 'crashed' | 'timeout' | 'document';

/** A failed conversion attempt; `kind` decides whether the pool retries it elsewhere. */
export class PrintAttemptError extends Error {
  readonly kind: AttemptFailure;
  constructor(kind: AttemptFailure, message: string) {
    super(message);
    this.name = 'PrintAttemptError';
    this.kind = kind;
  }
}

/** One conversion. */
export interface PrintJob {
  docx: Uint8Array;
  pdfA: boolean;
  title: string | undefined;
  author: string | undefined;
}

/** A printed document. */
export interface Printed {
  pdf: Buffer;
  pages: number;
}

interface Pending {
  resolve: (answer: { ok: boolean; pages?: number; error?: string }) => void;
}

/** soffice.bin exits with 81 after it has initialised a fresh profile and wants to be restarted. */
const RESTART_REQUESTED = 81;

/** A running LibreOffice with its bridge. */
export class OfficeProcess {
  readonly #o: OfficeProcessOptions;
  #office: ChildProcess | null = null;
  #bridge: ChildProcess | null = null;
  #dead = false;
  #starting = false;
  #deathReason = '';
  #seq = 0;
  readonly #pending = new Map<number, Pending>();
  #onDeath: ((reason: string) => void) | null = null;
  /** Conversions done by this process (the pool recycles it after a number of them). */
  jobs = 0;

  private constructor(opts: OfficeProcessOptions) {
    this.#o = opts;
  }

  /** Starts soffice.bin and the bridge; resolves once the office answers over UNO. */
  static async start(opts: OfficeProcessOptions): Promise<OfficeProcess> {
    const proc = new OfficeProcess(opts);
    try {
      await proc.#start();
      return proc;
    } catch (err) {
      proc.kill('start failed');
      throw err;
    }
  }

  /** The office's PID (the process to kill -9 in a fault test). */
  get pid(): number | undefined {
    return this.#office?.pid;
  }

  get dead(): boolean {
    return this.#dead;
  }

  /** Called once when the process dies or is killed. */
  onDeath(cb: (reason: string) => void): void {
    this.#onDeath = cb;
  }

  async #start(): Promise<void> {
    await mkdir(join(this.#o.dir, 'jobs'), { recursive: true, mode: 0o700 });
    const profileUrl = await prepareProfile(join(this.#o.dir, 'profile'));
    const pipe = `verzend-${process.pid}-${randomBytes(6).toString('hex')}`;
    const connection = `pipe,name=${pipe};urp`;
    const deadline = Date.now() + this.#o.startTimeoutMs;
    this.#starting = true;
    this.#launchOffice(profileUrl, connection, 0);
    await this.#spawnBridge(connection, deadline);
    this.#starting = false;
  }

  /**
   * Spawns soffice.bin. A fresh profile makes the first start exit with 81 ("restart me"); it is
   * started again, as LibreOffice's own launcher does. Any other exit is the process's death.
   */
  #launchOffice(profileUrl: string, connection: string, restarts: number): void {
    const args = [
      `-env:UserInstallation=${profileUrl}`,
      '--headless',
      '--invisible',
      '--nologo',
      '--norestore',
      '--nodefault',
      '--nolockcheck',
      `--accept=${connection};`,
    ];
    const cap = this.#o.memoryMb > 0 && this.#o.prlimit;
    const [cmd, argv] = cap
      ? [
          this.#o.prlimit as string,
          [`--as=${this.#o.memoryMb * 1024 * 1024}`, '--', this.#o.sofficeBin, ...args],
        ]
      : [this.#o.sofficeBin, args];
    const office = spawn(cmd, argv, {
      env: officeEnv(this.#o.dir),
      stdio: ['ignore', 'ignore', 'pipe'],
    });
    this.#office = office;
    // A bridge already running learns the new PID, to kill it should the renderer die.
    if (office.pid !== undefined && this.#bridge?.stdin?.writable) {
      this.#bridge.stdin.write(`${JSON.stringify({ office: office.pid })}\n`);
    }
    let stderr = '';
    office.stderr?.on('data', (d: Buffer) => {
      stderr = (stderr + d.toString()).slice(-2000);
    });
    office.once('error', (err) => {
      this.#die(`LibreOffice could not be started (${this.#o.sofficeBin}): ${err.message}`);
    });
    office.once('exit', (code, signal) => {
      if (this.#office !== office) {
        return;
      }
      if (this.#starting && code === RESTART_REQUESTED && restarts < 2) {
        this.#launchOffice(profileUrl, connection, restarts + 1);
        return;
      }
      const last = stderr.trim().split('\n').pop();
      this.#die(
        `LibreOffice (pid ${office.pid}) exited${signal ? ` on ${signal}` : ` with code ${code}`}${last ? `: ${last}` : ''}`,
      );
    });
  }

  #spawnBridge(connection: string, deadline: number): Promise<void> {
    const waitS = Math.max(1, (deadline - Date.now()) / 1000);
    const officePid = String(this.#office?.pid ?? 0);
    const bridge = spawn(
      this.#o.python,
      [this.#o.bridgeScript, connection, String(waitS), officePid],
      {
        env: officeEnv(this.#o.dir),
        stdio: ['pipe', 'pipe', 'pipe'],
      },
    );
    this.#bridge = bridge;
    let stderr = '';
    bridge.stderr?.on('data', (d: Buffer) => {
      stderr = (stderr + d.toString()).slice(-2000);
    });
    bridge.stdin?.on('error', () => {
      // A dead bridge is reported by its exit event.
    });
    const lines = createInterface({ input: bridge.stdout as NodeJS.ReadableStream });
    return new Promise((resolve, reject) => {
      let ready = false;
      const timer = setTimeout(
        () => reject(new Error('the LibreOffice bridge did not become ready in time')),
        Math.max(1000, deadline - Date.now() + 2000),
      );
      lines.on('line', (line) => {
        let msg: { ready?: boolean; id?: number; ok?: boolean; pages?: number; error?: string };
        try {
          msg = JSON.parse(line);
        } catch {
          return;
        }
        if (!ready && msg.ready !== undefined) {
          clearTimeout(timer);
          if (msg.ready) {
            ready = true;
            resolve();
          } else {
            reject(new Error(msg.error ?? 'LibreOffice did not answer'));
          }
          return;
        }
        if (typeof msg.id === 'number') {
          const pending = this.#pending.get(msg.id);
          this.#pending.delete(msg.id);
          pending?.resolve({
            ok: msg.ok === true,
            ...(msg.pages === undefined ? {} : { pages: msg.pages }),
            ...(msg.error === undefined ? {} : { error: msg.error }),
          });
        }
      });
      bridge.once('error', (err) => {
        clearTimeout(timer);
        reject(err);
      });
      bridge.once('exit', (code) => {
        clearTimeout(timer);
        if (!ready) {
          reject(
            new Error(
              `the LibreOffice bridge exited with code ${code}${stderr ? `: ${stderr.trim().split('\n').pop()}` : ''}`,
            ),
          );
          return;
        }
        this.#die(`the LibreOffice bridge exited with code ${code}`);
      });
    });
  }

  #die(reason: string): void {
    this.kill(reason);
  }

  /** Kills both processes (SIGKILL: a hung office does not answer anything else). */
  kill(reason = 'killed'): void {
    if (!this.#dead) {
      this.#dead = true;
      this.#deathReason = reason;
      for (const p of this.#pending.values()) {
        p.resolve({ ok: false, error: reason });
      }
      this.#pending.clear();
      this.#onDeath?.(reason);
    }
    for (const child of [this.#office, this.#bridge]) {
      if (child && child.exitCode === null && child.signalCode === null) {
        child.kill('SIGKILL');
      }
    }
  }

  /** Resident memory of soffice.bin in bytes (0 when unknown). */
  async rssBytes(): Promise<number> {
    const pid = this.pid;
    if (pid === undefined || this.#dead) {
      return 0;
    }
    try {
      const status = await readFile(`/proc/${pid}/status`, 'utf8');
      const kb = /VmRSS:\s+(\d+)/.exec(status)?.[1];
      return kb ? Number(kb) * 1024 : 0;
    } catch {
      return 0;
    }
  }

  /**
   * Converts one document. Rejects with {@link PrintAttemptError}: `crashed` when the process
   * died meanwhile, `document` when LibreOffice refused the file. Time limits are the caller's.
   */
  async convert(job: PrintJob): Promise<Printed> {
    if (this.#dead) {
      throw new PrintAttemptError('crashed', this.#deathReason || 'the process is gone');
    }
    const id = ++this.#seq;
    const input = join(this.#o.dir, 'jobs', `${id}.docx`);
    const output = join(this.#o.dir, 'jobs', `${id}.pdf`);
    try {
      await writeFile(input, job.docx, { mode: 0o600 });
      const answer = await new Promise<{ ok: boolean; pages?: number; error?: string }>(
        (resolve) => {
          this.#pending.set(id, { resolve });
          const line = JSON.stringify({
            id,
            in: input,
            out: output,
            pdfA: job.pdfA,
            title: job.title ?? null,
            author: job.author ?? null,
          });
          this.#bridge?.stdin?.write(`${line}\n`);
        },
      );
      this.jobs++;
      if (!answer.ok) {
        // An error line may come from a bridge whose office just died: let the exit event land first.
        await new Promise((r) => setTimeout(r, 50));
        if (this.#dead || !this.#alive()) {
          throw new PrintAttemptError('crashed', this.#deathReason || (answer.error ?? 'died'));
        }
        throw new PrintAttemptError('document', answer.error ?? 'LibreOffice could not print it');
      }
      return { pdf: await readFile(output), pages: answer.pages ?? 0 };
    } finally {
      await rm(input, { force: true });
      await rm(output, { force: true });
    }
  }

  #alive(): boolean {
    const pid = this.pid;
    if (pid === undefined) {
      return false;
    }
    try {
      process.kill(pid, 0);
      return true;
    } catch {
      return false;
    }
  }
}
