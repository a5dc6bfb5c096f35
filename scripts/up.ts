/**
 * The one-machine runner behind `scripts/up`: nats-server (reused when one
 * already listens at NATS_URL, else started with a data directory under
 * `.data/`), the three services, a demo company, and the URLs and a dev token
 * printed at the end.
 *
 * By default the services run inside this process from their sources (quick
 * to start on a laptop). `scripts/up --processes` builds them (`pnpm build`)
 * and runs each as its own `node services/<name>/dist/main.js`, as production
 * does: a crash of one leaves the others up, and it is started again.
 * @module
 */
import { spawn, spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { connect as netConnect } from 'node:net';
import { join } from 'node:path';
import { readEnv as readConfigEnv, startConfigService } from '@verzend/config';
import {
  buildConsoleAssets,
  readEnv as readConsoleEnv,
  startConsoleService,
} from '@verzend/console';
import { readEnv as readDispatcherEnv, startDispatcherService } from '@verzend/dispatcher';
import { readEnv as readRendererEnv, startRendererService } from '@verzend/renderer';
import { createLogger, type RunningService, signToken } from '@verzend/shared';
import { seedDemo } from './demo';
import { startProcesses } from './processes';

const root = join(import.meta.dirname, '..');
const dataDir = join(root, '.data');
mkdirSync(dataDir, { recursive: true });

/** A value kept across runs in .data/ (dev secrets: generated once, never committed). */
function persisted(name: string, make: () => string): string {
  const file = join(dataDir, name);
  if (existsSync(file)) {
    return readFileSync(file, 'utf8').trim();
  }
  const value = make();
  writeFileSync(file, `${value}\n`, { mode: 0o600 });
  return value;
}

function listening(host: string, port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = netConnect({ host, port }, () => {
      socket.destroy();
      resolve(true);
    });
    socket.on('error', () => resolve(false));
  });
}

const env: Record<string, string | undefined> = { ...process.env };
env.NATS_URL ??= 'nats://127.0.0.1:4222';
env.AUTH_JWT_SECRET ??= persisted('dev-jwt-secret', () => randomBytes(32).toString('base64url'));
env.SECRETS_KEYS ??= persisted(
  'dev-secrets-key',
  () => `dev1:${randomBytes(32).toString('base64')}`,
);
env.CAPTURE_DIR ??= join(dataDir, 'captured');
// On one machine a local SMTP relay or sink is fair game; production leaves loopback closed.
env.OUTBOUND_ALLOW ??= 'loopback';
env.LOG_LEVEL ??= 'warn';

const logger = createLogger({ service: 'up', level: 'info' });
const natsUrl = new URL(env.NATS_URL.split(',')[0] ?? 'nats://127.0.0.1:4222');
const natsHost = natsUrl.hostname;
const natsPort = Number(natsUrl.port || 4222);
let natsProc: ReturnType<typeof spawn> | undefined;
if (await listening(natsHost, natsPort)) {
  logger.info({ url: env.NATS_URL }, 'reusing the nats-server already listening');
} else {
  const bin =
    ['/usr/sbin/nats-server', '/usr/bin/nats-server'].find((p) => existsSync(p)) ?? 'nats-server';
  const store = join(dataDir, 'nats');
  natsProc = spawn(bin, ['-a', natsHost, '-p', String(natsPort), '-js', '-sd', store], {
    stdio: 'ignore',
  });
  for (let i = 0; i < 100 && !(await listening(natsHost, natsPort)); i++) {
    await new Promise((r) => setTimeout(r, 100));
  }
  logger.info({ url: env.NATS_URL, store }, 'started nats-server');
}

const separate = process.argv.includes('--processes');
const services: Pick<RunningService, 'name' | 'url' | 'stop'>[] = [];
if (separate) {
  const built = spawnSync('pnpm', ['--silent', 'build'], { cwd: root, stdio: 'inherit' });
  if (built.status !== 0) {
    throw new Error('pnpm build failed');
  }
  const group = await startProcesses({
    root,
    env,
    logger,
    ports: { config: 8081, renderer: 8082, dispatcher: 8083 },
  });
  // One stop for the group: SIGTERM to every process at once, each drains by itself.
  services.push(...group.services.map((s) => ({ name: s.name, url: s.url, stop: async () => {} })));
  services.push({ name: 'processes', url: '', stop: () => group.stop() });
} else {
  services.push(await startConfigService(readConfigEnv(env)));
  services.push(await startRendererService(readRendererEnv(env)));
  services.push(await startDispatcherService(readDispatcherEnv(env)));
}
const listed = services.filter((s) => s.url !== '');

const company = 'demo';
const token = await signToken(
  env.AUTH_JWT_SECRET,
  {
    sub: 'admin',
    company,
    perms: ['email-admin'],
    licence: 'full',
    email: 'admin@demo.example',
    name: 'Demo Admin',
    records: ['*'],
  },
  '12h',
  // Tokens must name the issuer and audience the services check, when set.
  { issuer: env.AUTH_ISSUER, audience: env.AUTH_AUDIENCE },
);
const urls = Object.fromEntries(listed.map((s) => [s.name, s.url]));
const demo = await seedDemo({
  token,
  urls,
  natsUrl: env.NATS_URL,
  company,
  captureDir: env.CAPTURE_DIR,
  logger,
});

// The console: built afresh (a second or two), on its own port, signing the demo administrator
// in with one click in development (the key changes every run; refused in production).
await buildConsoleAssets();
const devSignIn = env.NODE_ENV === 'production' ? undefined : randomBytes(24).toString('base64url');
const consoleService = await startConsoleService(
  readConsoleEnv({
    ...env,
    PORT: env.CONSOLE_PORT ?? '8084',
    CONFIG_URL: urls.config,
    DISPATCHER_URL: urls.dispatcher,
    RENDERER_URL: urls.renderer,
    CONSOLE_SESSION_KEY:
      env.CONSOLE_SESSION_KEY ??
      persisted('dev-console-session-key', () => randomBytes(32).toString('base64')),
    CONSOLE_DEV_SIGNIN_KEY: devSignIn,
    CONSOLE_DEV_COMPANY: company,
  }),
);
services.push(consoleService);
const consoleLine = devSignIn
  ? `  console    ${consoleService.url}/auth/dev?key=${devSignIn}   (signs the demo administrator in)`
  : `  console    ${consoleService.url}   (sign in with OIDC_ISSUER; the one-click sign-in is off in production)`;

const lines = [
  '',
  'Verzend is running.',
  consoleLine,
  ...listed.map((s) => `  ${s.name.padEnd(10)} ${s.url}   (API docs: ${s.url}/docs)`),
  ...(separate ? ['  (each service is its own process: node services/<name>/dist/main.js)'] : []),
  `  nats       ${env.NATS_URL}`,
  '',
  `Demo company "${company}". Dev token (email-admin, 12 h):`,
  `  export TOKEN=${token}`,
  ...demo.lines,
  '',
  'Ctrl-C stops everything.',
];
process.stdout.write(`${lines.join('\n')}\n`);

let stopping = false;
const stop = async () => {
  if (stopping) {
    process.exit(1);
  }
  stopping = true;
  for (const s of services.reverse()) {
    await s.stop().catch(() => undefined);
  }
  natsProc?.kill('SIGTERM');
  process.exit(0);
};
process.on('SIGINT', stop);
process.on('SIGTERM', stop);
