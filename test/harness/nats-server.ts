/**
 * A private nats-server for a test: free port, temporary JetStream store,
 * stop / restart (same port and store) for fault tests.
 * @module
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { connect as netConnect } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import type { Readable } from 'node:stream';
import { freePort } from './ports';
import { track } from './resources';

/** Path of the nats-server binary (Debian puts it in /usr/sbin, which is not always on PATH). */
export const NATS_SERVER_BIN =
  ['/usr/sbin/nats-server', '/usr/bin/nats-server', '/usr/local/bin/nats-server'].find((p) =>
    existsSync(p),
  ) ?? 'nats-server';

async function waitForPort(port: number, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    const ok = await new Promise<boolean>((resolve) => {
      const socket = netConnect({ host: '127.0.0.1', port }, () => {
        socket.destroy();
        resolve(true);
      });
      socket.on('error', () => resolve(false));
    });
    if (ok) {
      return;
    }
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error(`nats-server did not listen on ${port} within ${timeoutMs} ms`);
}

/** Options of {@link TestNatsServer.start}. */
export interface TestNatsServerOptions {
  /** More command-line arguments (e.g. `-c <config file>`). */
  extraArgs?: string[];
  /** More environment for the server process (e.g. the passwords a config file reads). */
  env?: Record<string, string>;
  /**
   * Run from a configuration file instead of `-js -sd`: called once with the store
   * directory, it writes a file whose `jetstream` block uses it and returns its path.
   * (A store directory given both ways makes nats-server refuse every reload.)
   */
  configFile?: (storeDir: string) => Promise<string>;
}

/** A running private nats-server. */
export class TestNatsServer {
  readonly port: number;
  readonly storeDir: string;
  /** Permission violations the server logged (publish or subscribe refused), newest last. */
  readonly violations: string[] = [];
  #proc: ChildProcess | undefined;
  #lastLines: string[] = [];
  #untrack: (() => void) | undefined;
  #configPath: string | undefined;
  readonly #opts: TestNatsServerOptions;

  private constructor(port: number, storeDir: string, opts: TestNatsServerOptions) {
    this.port = port;
    this.storeDir = storeDir;
    this.#opts = opts;
  }

  /** Starts a server with JetStream on a free port and a fresh temporary store. */
  static async start(opts: TestNatsServerOptions = {}): Promise<TestNatsServer> {
    const port = await freePort();
    const storeDir = await mkdtemp(join(tmpdir(), 'verzend-nats-'));
    const server = new TestNatsServer(port, storeDir, opts);
    server.#configPath = await opts.configFile?.(storeDir);
    await server.#spawn();
    return server;
  }

  get url(): string {
    return `nats://127.0.0.1:${this.port}`;
  }

  /** The server's process id while it runs (benchmarks read its CPU time). */
  get pid(): number | undefined {
    return this.#proc?.pid;
  }

  async #spawn(): Promise<void> {
    const proc = spawn(
      NATS_SERVER_BIN,
      [
        '-a',
        '127.0.0.1',
        '-p',
        String(this.port),
        ...(this.#configPath ? ['-c', this.#configPath] : ['-js', '-sd', this.storeDir]),
        ...(this.#opts.extraArgs ?? []),
      ],
      {
        stdio: ['ignore', 'ignore', 'pipe'],
        ...(this.#opts.env ? { env: { ...process.env, ...this.#opts.env } } : {}),
      },
    );
    // The server logs to stderr; keep the permission refusals for tests to assert on.
    createInterface({ input: proc.stderr as Readable }).on('line', (line) => {
      this.#lastLines = [...this.#lastLines.slice(-19), line];
      if (line.includes('Violation')) {
        this.violations.push(line);
      }
    });
    this.#proc = proc;
    this.#untrack = track(`nats-server :${this.port}`, () => proc.kill('SIGKILL'));
    try {
      await waitForPort(this.port, 10_000);
    } catch (err) {
      // Say why: a configuration error is on the server's stderr.
      throw new Error(`${(err as Error).message}:\n${this.#lastLines.join('\n')}`);
    }
  }

  /** Stops the server (SIGTERM, or SIGKILL with `kill: true`), keeping the store. */
  async stop(opts: { kill?: boolean } = {}): Promise<void> {
    const proc = this.#proc;
    if (!proc || proc.exitCode !== null || proc.signalCode !== null) {
      this.#proc = undefined;
      this.#untrack?.();
      return;
    }
    const exited = new Promise<void>((resolve) => proc.once('exit', () => resolve()));
    proc.kill(opts.kill ? 'SIGKILL' : 'SIGTERM');
    await exited;
    this.#proc = undefined;
    this.#untrack?.();
  }

  /** Restarts on the same port with the same store (JetStream state survives). */
  async restart(opts: { kill?: boolean } = {}): Promise<void> {
    await this.stop(opts);
    await this.#spawn();
  }

  /** Stops the server and deletes its store. */
  async dispose(): Promise<void> {
    await this.stop();
    await rm(this.storeDir, { recursive: true, force: true });
  }

  async [Symbol.asyncDispose](): Promise<void> {
    await this.dispose();
  }
}
