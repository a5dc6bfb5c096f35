/**
 * Verzend as platform teams run it, for fault tests and the scale benchmark:
 * nats-server nodes (one, or a three-node cluster from `deploy/nats-cluster.conf`
 * with the per-service users of `deploy/nats-server.conf`) and every service as
 * its own `node services/<name>/dist/main.js` process from the compiled build.
 * Loopback only; every process is tracked and stopped by `dispose()`.
 * @module
 */
import { type ChildProcess, execFileSync, spawn } from 'node:child_process';
import { randomBytes, randomUUID } from 'node:crypto';
import { closeSync, openSync } from 'node:fs';
import { copyFile, mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import type { NatsConnection } from '@nats-io/nats-core';
import { connect } from '@nats-io/transport-node';
import { makeErpUser } from '@verzend/config';
import { Inboxes, signToken } from '@verzend/shared';
import { serviceNodeArgs } from '../../scripts/processes';
import { freePort, NATS_SERVER_BIN, track } from '../harness';

const root = join(import.meta.dirname, '..', '..');
const deploy = join(root, 'deploy');

let built = false;

/**
 * Compiles the services (`pnpm build`), once per test process: the processes run what
 * production runs, and the sources do not change while the tests run.
 */
export function buildOnce(): void {
  if (!built) {
    execFileSync('pnpm', ['--silent', 'build'], { cwd: root, stdio: 'ignore' });
    built = true;
  }
}

const USERS = ['config', 'dispatcher', 'renderer'] as const;
/** Where the shipped permissions file takes the users an operator adds (ERP users). */
const ERP_MARKER = '    # ERP users: end';
type NatsUser = (typeof USERS)[number];

async function waitFor(check: () => Promise<boolean> | boolean, timeoutMs: number, what: string) {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (await check()) {
      return;
    }
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error(`${what} within ${timeoutMs} ms`);
}

async function healthy(url: string, path: string): Promise<boolean> {
  try {
    return (await fetch(`${url}${path}`)).ok;
  } catch {
    return false;
  }
}

function stopChild(child: ChildProcess, signal: NodeJS.Signals): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) {
    return Promise.resolve();
  }
  return new Promise((resolve) => {
    child.once('exit', () => resolve());
    child.kill(signal);
  });
}

/** One nats-server node. */
interface Node {
  port: number;
  monitor: number;
  route: number;
  dir: string;
  proc?: ChildProcess;
  untrack?: () => void;
}

/** nats-server nodes with the shipped configuration and per-service users. */
export class NatsNodes {
  readonly nodes: Node[];
  readonly passwords: Record<NatsUser, string>;
  // nats-server parses an environment value as a configuration value: a password starting with
  // a digit would be read as a number. A letter first keeps it a string.
  readonly #routePassword = `p${randomBytes(12).toString('hex')}`;
  readonly #clustered: boolean;
  readonly #pending = new Map<number, Promise<void>>();
  #disposed = false;

  private constructor(nodes: Node[], clustered: boolean) {
    this.nodes = nodes;
    this.#clustered = clustered;
    this.passwords = Object.fromEntries(
      USERS.map((u) => [u, `p${randomBytes(12).toString('hex')}`]),
    ) as Record<NatsUser, string>;
  }

  /** Starts `count` nodes (3 = a cluster) with `maxFileStore` bytes of JetStream disk each. */
  static async start(count: 1 | 3, maxFileStore = 1024 * 1024 * 1024): Promise<NatsNodes> {
    const nodes: Node[] = [];
    for (let i = 0; i < count; i++) {
      nodes.push({
        port: await freePort(),
        monitor: await freePort(),
        route: await freePort(),
        dir: await mkdtemp(join(tmpdir(), `verzend-nats${i}-`)),
      });
    }
    const set = new NatsNodes(nodes, count === 3);
    set.#maxFileStore = maxFileStore;
    try {
      await Promise.all(nodes.map((n) => set.#writeConfig(n)));
      await Promise.all(nodes.map((_, i) => set.start(i)));
      if (count === 3) {
        // JetStream places R3 assets once every node reports its storage; until then creates fail.
        await waitFor(() => set.#jetstreamReady(), 60_000, 'the cluster did not elect a leader');
      }
    } catch (err) {
      await set.dispose();
      throw err;
    }
    return set;
  }

  #maxFileStore = 0;
  readonly #erp = new Map<string, { user: string; password: string; inboxPrefix: string }>();

  /**
   * The shipped configuration files, copied into the node's directory (they include each other
   * by relative paths), so users can be added to its permissions file as an operator does.
   */
  async #writeConfig(n: Node): Promise<void> {
    await mkdir(join(n.dir, 'nats'), { recursive: true });
    const permissions = await readFile(join(deploy, 'nats', 'permissions.conf'), 'utf8');
    if (!permissions.includes(ERP_MARKER)) {
      throw new Error('deploy/nats/permissions.conf lost its "ERP users: end" marker');
    }
    await writeFile(join(n.dir, 'nats', 'permissions.conf'), permissions);
    const single = await readFile(join(deploy, 'nats-server.conf'), 'utf8');
    if (this.#clustered) {
      await writeFile(join(n.dir, 'nats-server.conf'), single);
      await copyFile(join(deploy, 'nats-cluster.conf'), join(n.dir, 'nats-cluster.conf'));
    } else {
      // The shipped single-node file, with this node's store and size in the file itself: a
      // store given on the command line (-sd) differs from the file's, and nats-server then
      // refuses every reload (the one that adds an ERP user).
      await writeFile(
        join(n.dir, 'nats-server.conf'),
        single.replace(
          /^\s*store_dir:.*$/m,
          `  store_dir: ${JSON.stringify(join(n.dir, 'js'))}\n  max_file_store: ${this.#maxFileStore}`,
        ),
      );
    }
  }

  async #jetstreamReady(): Promise<boolean> {
    const nodes = await Promise.all(
      this.nodes.map(async (n) => {
        try {
          const r = await fetch(`http://127.0.0.1:${n.monitor}/jsz`);
          return (await r.json()) as { meta_cluster?: { leader?: string; replicas?: unknown[] } };
        } catch {
          return null;
        }
      }),
    );
    // Every node knows the leader, and the leader sees both others current.
    const leader = nodes.find((n) => (n?.meta_cluster?.replicas?.length ?? 0) > 0);
    const current = (leader?.meta_cluster?.replicas ?? []).filter(
      (r) => (r as { current?: boolean }).current,
    );
    return nodes.every((n) => n?.meta_cluster?.leader) && current.length >= 2;
  }

  /** All client URLs, comma-separated (as NATS_URL takes them). */
  get url(): string {
    return this.nodes.map((n) => `nats://127.0.0.1:${n.port}`).join(',');
  }

  /**
   * Starts (again) node `i` on its ports and store. Starts and stops of one node run one
   * after the other, in call order, so a fault script may fire them without awaiting.
   */
  start(i: number): Promise<void> {
    return this.#serial(i, () => this.#start(i));
  }

  /** Stops node `i` (SIGKILL with `kill`), keeping its store; ordered like {@link start}. */
  stop(i: number, opts: { kill?: boolean } = {}): Promise<void> {
    return this.#serial(i, () => this.#stop(i, opts));
  }

  #serial(i: number, op: () => Promise<void>, final = false): Promise<void> {
    const run = (this.#pending.get(i) ?? Promise.resolve())
      .catch(() => undefined)
      .then(() => {
        if (this.#disposed && !final) {
          return undefined;
        }
        return op();
      });
    this.#pending.set(i, run);
    return run;
  }

  async #start(i: number): Promise<void> {
    const n = this.nodes[i] as Node;
    const env: Record<string, string> = {
      PATH: process.env.PATH ?? '',
      ...Object.fromEntries(
        USERS.map((u) => [`VERZEND_NATS_${u.toUpperCase()}_PASSWORD`, this.passwords[u]]),
      ),
    };
    let args: string[];
    if (this.#clustered) {
      Object.assign(env, {
        NATS_SERVER_NAME: `n${i}`,
        NATS_CLIENT_HOST: '127.0.0.1',
        NATS_CLIENT_PORT: String(n.port),
        NATS_MONITOR_LISTEN: `127.0.0.1:${n.monitor}`,
        NATS_CLUSTER_LISTEN: `127.0.0.1:${n.route}`,
        NATS_ROUTE_PASSWORD: this.#routePassword,
        NATS_STORE_DIR: n.dir,
        NATS_MAX_FILE_STORE: String(this.#maxFileStore),
        ...Object.fromEntries(
          this.nodes.map((m, j) => [
            `NATS_ROUTE_${j}`,
            `nats-route://route:${this.#routePassword}@127.0.0.1:${m.route}`,
          ]),
        ),
      });
      args = ['-c', join(n.dir, 'nats-cluster.conf')];
    } else {
      args = [
        '-c',
        join(n.dir, 'nats-server.conf'),
        '-a',
        '127.0.0.1',
        '-p',
        String(n.port),
        '-m',
        String(n.monitor),
      ];
    }
    const log = openSync(join(n.dir, 'server.log'), 'a');
    const proc = spawn(NATS_SERVER_BIN, args, { env, stdio: ['ignore', log, log] });
    n.proc = proc;
    closeSync(log);
    n.untrack = track(`nats-server node ${i}`, () => proc.kill('SIGKILL'));
    try {
      await waitFor(
        () => healthy(`http://127.0.0.1:${n.monitor}`, '/varz'),
        30_000,
        `node ${i} did not start`,
      );
    } catch (err) {
      const log = await readFile(join(n.dir, 'server.log'), 'utf8').catch(() => '');
      throw new Error(`${(err as Error).message}:\n${log.slice(-1500)}`);
    }
  }

  async #stop(i: number, opts: { kill?: boolean } = {}): Promise<void> {
    const n = this.nodes[i] as Node;
    if (n.proc) {
      await stopChild(n.proc, opts.kill ? 'SIGKILL' : 'SIGTERM');
      n.proc = undefined;
      n.untrack?.();
    }
  }

  /** A client connection as one of the shipped service users. */
  async client(user: NatsUser): Promise<NatsConnection> {
    return connect({
      servers: this.url.split(','),
      user,
      pass: this.passwords[user],
      inboxPrefix: Inboxes[user],
      maxReconnectAttempts: -1,
      reconnectTimeWait: 100,
    });
  }

  /**
   * A connection as `company`'s ERP integration. The user is made the documented way
   * (`makeErpUser`, its block pasted into every node's permissions file, then SIGHUP), so the
   * ERP publishes with exactly the rights production gives it.
   */
  async erpClient(company: string): Promise<NatsConnection> {
    let erp = this.#erp.get(company);
    if (!erp) {
      const made = await makeErpUser(company, { cost: 6 });
      for (const n of this.nodes) {
        const path = join(n.dir, 'nats', 'permissions.conf');
        const current = await readFile(path, 'utf8');
        await writeFile(path, current.replace(ERP_MARKER, `${made.block}\n${ERP_MARKER}`));
        n.proc?.kill('SIGHUP');
      }
      erp = made;
      this.#erp.set(company, made);
    }
    const { user, password, inboxPrefix } = erp;
    // The reload is asynchronous: until every node has it, the new user is refused. A
    // connection that lands in the middle of a reload can also go unanswered, so each try is
    // short (the client's default waits 20 s) and another follows.
    const deadline = Date.now() + 30_000;
    for (;;) {
      try {
        return await connect({
          servers: this.url.split(','),
          user,
          pass: password,
          inboxPrefix,
          timeout: 2_000,
          maxReconnectAttempts: -1,
          reconnectTimeWait: 100,
        });
      } catch (err) {
        if (Date.now() > deadline) {
          throw new Error(`the ERP user of ${company} was not accepted`, { cause: err });
        }
        await new Promise((r) => setTimeout(r, 100));
      }
    }
  }

  async dispose(): Promise<void> {
    // After dispose, starts and stops still queued are skipped; the final stop runs last.
    this.#disposed = true;
    await Promise.all(this.nodes.map((_, i) => this.#serial(i, () => this.#stop(i), true)));
    await Promise.all(this.nodes.map((n) => rm(n.dir, { recursive: true, force: true })));
  }
}

export type ServiceName = 'config' | 'renderer' | 'dispatcher';

/** One service process. */
export class ServiceProcess {
  readonly name: ServiceName;
  readonly id: string;
  /** Its HTTP address; the port stays the same across restarts, as behind a Service. */
  readonly url: string;
  /** Warnings and errors this process logged (`msg` only), across restarts. */
  readonly warnings: string[] = [];
  #child: ChildProcess | undefined;
  #untrack: (() => void) | undefined;
  readonly #env: Record<string, string>;

  constructor(name: ServiceName, id: string, port: number, env: Record<string, string>) {
    this.name = name;
    this.id = id;
    this.url = `http://127.0.0.1:${port}`;
    this.#env = { ...env, PORT: String(port) };
  }

  get pid(): number | undefined {
    return this.#child?.pid;
  }

  get running(): boolean {
    return (
      this.#child !== undefined && this.#child.exitCode === null && this.#child.signalCode === null
    );
  }

  /** Starts the process and resolves once it answers /readyz. */
  async start(): Promise<void> {
    const child = spawn(
      process.execPath,
      [
        ...serviceNodeArgs(this.name),
        ...(process.env.BENCH_NODE_ARGS?.split(' ').filter(Boolean) ?? []),
        join(root, 'services', this.name, 'dist', 'main.js'),
      ],
      { cwd: root, env: this.#env, stdio: ['ignore', 'pipe', 'pipe'] },
    );
    this.#child = child;
    this.#untrack = track(`${this.name} process ${this.id}`, () => child.kill('SIGKILL'));
    let output = '';
    createInterface({ input: child.stdout as NodeJS.ReadableStream }).on('line', (line) => {
      output = `${output}${line}\n`.slice(-4000);
      const w = /^\{"level":(4|5|6)0.*"msg":"([^"]*)"/.exec(line);
      if (w?.[2]) {
        this.warnings.push(w[2]);
      }
    });
    child.stderr?.on('data', (d: Buffer) => {
      output = `${output}${d.toString()}`.slice(-4000);
    });
    const exited = new Promise<never>((_, reject) =>
      child.once('exit', (code) =>
        reject(
          new Error(`${this.name} ${this.id} exited (${code}) before it was ready:\n${output}`),
        ),
      ),
    );
    exited.catch(() => undefined);
    await Promise.race([
      exited,
      waitFor(() => healthy(this.url, '/readyz'), 60_000, `${this.name} ${this.id} not ready`),
    ]);
  }

  /** Sends `signal` and waits for the exit (SIGTERM drains, SIGKILL is a crash). */
  async stop(signal: NodeJS.Signals = 'SIGTERM'): Promise<void> {
    if (this.#child) {
      await stopChild(this.#child, signal);
      this.#child = undefined;
      this.#untrack?.();
    }
  }

  /** SIGSTOP / SIGCONT: a paused process (GC pause, overloaded node). */
  signal(signal: 'SIGSTOP' | 'SIGCONT'): void {
    this.#child?.kill(signal);
  }
}

/** Options of {@link startDeployment}. */
export interface DeploymentOptions {
  nats: NatsNodes;
  replicas: Partial<Record<ServiceName, number>>;
  /** Environment for every service, and per service. */
  env?: Record<string, string>;
  serviceEnv?: Partial<Record<ServiceName, Record<string, string>>>;
}

/** The services of a deployment, and helpers to call them. */
export interface Deployment {
  nats: NatsNodes;
  processes: ServiceProcess[];
  of(name: ServiceName): ServiceProcess[];
  company: string;
  /** fetch against a running replica of `service` (round-robin), with an admin token. */
  fetch(service: ServiceName, path: string, init?: RequestInit): Promise<Response>;
  token(): Promise<string>;
  dispose(): Promise<void>;
}

/** Starts every service process (config first: the others ask it at start). */
export async function startDeployment(opts: DeploymentOptions): Promise<Deployment> {
  const jwtSecret = randomBytes(32).toString('base64url');
  const captureDir = await mkdtemp(join(tmpdir(), 'verzend-capture-'));
  const clustered = opts.nats.nodes.length === 3;
  const base: Record<string, string> = {
    PATH: process.env.PATH ?? '',
    NODE_ENV: 'production',
    LOG_LEVEL: 'info',
    NATS_URL: opts.nats.url,
    NATS_REPLICAS: clustered ? '3' : '1',
    HOST: '127.0.0.1',
    PORT: '0',
    AUTH_JWT_SECRET: jwtSecret,
    AUTH_ISSUER: ISSUER,
    AUTH_AUDIENCE: AUDIENCE,
    SECRETS_KEYS: `k1:${randomBytes(32).toString('base64')}`,
    CAPTURE_DIR: captureDir,
    SHUTDOWN_TIMEOUT_S: '10',
    // The SMTP sink listens on loopback, which outbound connections may not reach unless allowed.
    OUTBOUND_ALLOW: 'loopback',
    ...opts.env,
  };
  const processes: ServiceProcess[] = [];
  const deployment: Deployment = {
    nats: opts.nats,
    processes,
    company: `t${randomUUID().replaceAll('-', '').slice(0, 12)}`,
    of: (name) => processes.filter((p) => p.name === name),
    token: () => tokenFor(jwtSecret, deployment.company),
    async fetch(service, path, init = {}) {
      const live = deployment.of(service).filter((p) => p.running && p.url);
      const target = live[rr++ % Math.max(1, live.length)];
      if (!target) {
        throw new Error(`no ${service} process is running`);
      }
      const headers = new Headers(init.headers);
      headers.set('authorization', `Bearer ${await deployment.token()}`);
      return fetch(`${target.url}${path}`, { ...init, headers });
    },
    async dispose() {
      await Promise.all(
        processes.map((p) => p.stop(process.env.BENCH_NODE_ARGS ? 'SIGTERM' : 'SIGKILL')),
      );
      await rm(captureDir, { recursive: true, force: true });
    },
  };
  let rr = 0;
  try {
    for (const name of ['config', 'renderer', 'dispatcher'] as const) {
      const count = opts.replicas[name] ?? 0;
      const started: Promise<void>[] = [];
      for (let i = 0; i < count; i++) {
        const p = new ServiceProcess(name, `${name}-${i}`, await freePort(), {
          ...base,
          NATS_USER: name,
          NATS_PASSWORD: opts.nats.passwords[name],
          ...(name === 'dispatcher' ? { DISPATCHER_ID: `${name}-${i}` } : {}),
          ...opts.serviceEnv?.[name],
        });
        processes.push(p);
        // The first replica creates the streams and buckets; the others then only open them.
        if (i === 0) {
          await p.start();
        } else {
          started.push(p.start());
        }
      }
      await Promise.all(started);
    }
  } catch (err) {
    await deployment.dispose();
    throw err;
  }
  return deployment;
}

/** Production requires tokens to name an issuer and audience the services check. */
const ISSUER = 'https://login.verzend.test';
const AUDIENCE = 'verzend';
const tokens = new Map<string, Promise<string>>();
function tokenFor(secret: string, company: string): Promise<string> {
  const key = `${secret}.${company}`;
  let t = tokens.get(key);
  if (!t) {
    t = signToken(
      secret,
      {
        sub: 'admin',
        company,
        perms: ['email-admin'],
        licence: 'full',
        email: 'admin@example.com',
        records: ['*'],
      },
      '1h',
      { issuer: ISSUER, audience: AUDIENCE },
    );
    tokens.set(key, t);
  }
  return t;
}

/** The Message-ID header of a raw message (what the duplicate count keys on). */
export function messageIdOf(raw: Buffer): string {
  const m = /^message-id:\s*(<[^>\r\n]+>)/im.exec(raw.subarray(0, 8192).toString('latin1'));
  return m?.[1] ?? '';
}
