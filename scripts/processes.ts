/**
 * The multi-process mode of `scripts/up`: each service runs as its own
 * `node services/<name>/dist/main.js` from the compiled build, as in
 * production. A service that exits is started again (after a short pause
 * growing to 10 s when it keeps failing); the others stay up meanwhile.
 * @module
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { join } from 'node:path';
import type { Logger } from '@verzend/shared';

/**
 * The Node.js flags a service runs with in production; the images set the same in
 * `NODE_OPTIONS` (`deploy/Dockerfile`, checked by `test/deploy/manifests.test.ts`).
 * The dispatcher's semi-spaces are 64 MB instead of V8's 16 MB: an email's short-lived
 * objects (request, record copies, MIME parts) then die young, which cut its CPU per email by
 * about an eighth in `pnpm bench dispatch` (ADR-0032).
 */
export function serviceNodeArgs(service: string): string[] {
  return service === 'dispatcher'
    ? ['--enable-source-maps', '--max-semi-space-size=64']
    : ['--enable-source-maps'];
}

/** One supervised service process. */
export interface ServiceProcess {
  name: string;
  url: string;
  /** The current child (replaced when it restarts). */
  child(): ChildProcess | undefined;
}

/** Options of {@link startProcesses}. */
export interface ProcessOptions {
  root: string;
  env: Record<string, string | undefined>;
  logger: Logger;
  /** Service name → HTTP port. */
  ports: Record<string, number>;
}

async function ready(url: string, timeoutMs: number): Promise<boolean> {
  const until = Date.now() + timeoutMs;
  while (Date.now() < until) {
    try {
      const res = await fetch(`${url}/readyz`);
      if (res.ok) {
        return true;
      }
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 200));
  }
  return false;
}

/**
 * Starts every service as a child process and resolves once each answers
 * `/readyz`. `stop()` sends SIGTERM to all and waits for them to exit.
 */
export async function startProcesses(
  opts: ProcessOptions,
): Promise<{ services: ServiceProcess[]; stop(): Promise<void> }> {
  let stopping = false;
  const services: ServiceProcess[] = [];
  for (const [name, port] of Object.entries(opts.ports)) {
    let current: ChildProcess | undefined;
    let failures = 0;
    const url = `http://127.0.0.1:${port}`;
    const run = () => {
      const started = Date.now();
      current = spawn(
        process.execPath,
        [...serviceNodeArgs(name), join(opts.root, 'services', name, 'dist', 'main.js')],
        {
          cwd: opts.root,
          env: { ...opts.env, PORT: String(port) },
          stdio: ['ignore', 'inherit', 'inherit'],
        },
      );
      current.on('exit', (code, signal) => {
        if (stopping) {
          return;
        }
        // A process that ran a while before it died starts again at once; one that keeps dying backs off.
        failures = Date.now() - started > 30_000 ? 0 : failures + 1;
        const delay = Math.min(10_000, 250 * 2 ** failures);
        opts.logger.warn({ service: name, code, signal, restartInMs: delay }, 'service exited');
        setTimeout(run, delay).unref();
      });
    };
    run();
    services.push({ name, url, child: () => current });
  }
  for (const s of services) {
    if (!(await ready(s.url, 60_000))) {
      throw new Error(`${s.name} did not become ready at ${s.url}`);
    }
  }
  return {
    services,
    async stop() {
      stopping = true;
      await Promise.all(
        services.map(
          (s) =>
            new Promise<void>((resolve) => {
              const child = s.child();
              if (!child || child.exitCode !== null || child.signalCode !== null) {
                resolve();
                return;
              }
              child.once('exit', () => resolve());
              child.kill('SIGTERM');
            }),
        ),
      );
    },
  };
}
