/**
 * Opt-in (VERZEND_CONTAINER_TESTS=1, needs root, docker.io and debootstrap from Debian):
 * builds the dispatcher image from deploy/Dockerfile on a base made on this machine
 * (a debootstrapped Debian 12 with this machine's Node.js; no image registry needed) and
 * runs it with host networking against a local nats-server until /readyz answers.
 */
import { execFileSync, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { cpSync, existsSync, mkdtempSync, rmSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { freePort, TestNatsServer } from '../harness';

const root = join(import.meta.dirname, '..', '..');
const BASE = 'verzend-base:bookworm-node20-ca';
const enabled = process.env.VERZEND_CONTAINER_TESTS === '1';

function sh(cmd: string, args: string[], timeout = 900_000): string {
  // The classic builder: it takes the base from the local image store, never from a registry.
  return execFileSync(cmd, args, {
    encoding: 'utf8',
    timeout,
    maxBuffer: 64 * 1024 * 1024,
    env: { ...process.env, DOCKER_BUILDKIT: '0' },
  });
}

function dockerUp(): boolean {
  try {
    sh('docker', ['info'], 20_000);
    return true;
  } catch {
    return false;
  }
}

/** Starts dockerd without a bridge or iptables (containers use the host's network only). */
async function ensureDockerd(): Promise<void> {
  if (dockerUp()) {
    return;
  }
  spawn('dockerd', ['--bridge=none', '--iptables=false'], {
    stdio: 'ignore',
    detached: true,
  }).unref();
  for (let i = 0; i < 60 && !dockerUp(); i++) {
    await new Promise((r) => setTimeout(r, 1_000));
  }
}

/** A Debian 12 root with this machine's node and npm, imported as an image. */
function ensureBase(): void {
  try {
    sh('docker', ['image', 'inspect', BASE], 20_000);
    return;
  } catch {
    // not built yet
  }
  const dir = mkdtempSync(join(tmpdir(), 'verzend-rootfs-'));
  try {
    sh('debootstrap', ['--variant=minbase', 'bookworm', dir, 'http://deb.debian.org/debian']);
    const prefix = dirname(dirname(process.execPath));
    cpSync(process.execPath, join(dir, 'usr/local/bin/node'));
    const npm = [join(prefix, 'lib/node_modules/npm'), '/usr/share/nodejs/npm'].find(existsSync);
    if (npm) {
      cpSync(npm, join(dir, 'usr/local/lib/node_modules/npm'), { recursive: true });
      symlinkSync('../lib/node_modules/npm/bin/npm-cli.js', join(dir, 'usr/local/bin/npm'));
    }
    // This machine's trust store (it may reach the package registries through a proxy with its
    // own certificate authority), for npm/pnpm and Node.js inside the build.
    const ca = '/etc/ssl/certs/ca-certificates.crt';
    if (existsSync(ca)) {
      cpSync(ca, join(dir, 'etc/ssl/certs/ca-certificates.crt'));
    }
    const changes = [
      `ENV NODE_EXTRA_CA_CERTS=${ca}`,
      `ENV npm_config_cafile=${ca}`,
      'ENV PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin',
    ]
      .map((c) => `--change '${c}'`)
      .join(' ');
    execFileSync('sh', ['-c', `tar -C ${dir} -c . | docker import ${changes} - ${BASE}`], {
      timeout: 600_000,
    });
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

describe.skipIf(!enabled)('container image (opt-in)', () => {
  it('builds the dispatcher image (multi-stage, non-root) and it serves /readyz with host networking', async () => {
    await ensureDockerd();
    ensureBase();
    const tag = 'verzend/dispatcher:test';
    sh('docker', [
      'build',
      '--network',
      'host',
      '-f',
      join(root, 'deploy/Dockerfile'),
      '--target',
      'dispatcher',
      '--build-arg',
      `BASE=${BASE}`,
      '-t',
      tag,
      root,
    ]);
    expect(sh('docker', ['image', 'inspect', '-f', '{{.Config.User}}', tag]).trim()).toBe(
      '10001:10001',
    );
    await using nats = await TestNatsServer.start();
    const port = await freePort();
    const name = `verzend-test-${randomBytes(4).toString('hex')}`;
    sh('docker', [
      'run',
      '-d',
      '--rm',
      '--name',
      name,
      '--network',
      'host',
      '-e',
      `NATS_URL=${nats.url}`,
      '-e',
      'HOST=127.0.0.1',
      '-e',
      `PORT=${port}`,
      '-e',
      `AUTH_JWT_SECRET=${randomBytes(32).toString('hex')}`,
      '-e',
      'AUTH_ISSUER=https://login.verzend.test',
      '-e',
      'AUTH_AUDIENCE=verzend',
      tag,
    ]);
    try {
      let status = 0;
      for (let i = 0; i < 60 && status !== 200; i++) {
        status = await fetch(`http://127.0.0.1:${port}/readyz`).then(
          (r) => r.status,
          () => 0,
        );
        await new Promise((r) => setTimeout(r, 500));
      }
      expect(status).toBe(200);
      expect(sh('docker', ['exec', name, 'id', '-u']).trim()).toBe('10001');
    } finally {
      sh('docker', ['rm', '-f', name]);
    }
  }, 1_800_000);
});
