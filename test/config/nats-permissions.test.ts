import { randomBytes } from 'node:crypto';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Kvm } from '@nats-io/kv';
import type { NatsConnection } from '@nats-io/nats-core';
import { connect } from '@nats-io/transport-node';
import { readEnv, startConfigService } from '@verzend/config';
import { Buckets, createLogger, Rpc } from '@verzend/shared';
import { describe, expect, it } from 'vitest';
import { TestNatsServer } from '../harness';

const shipped = join(import.meta.dirname, '..', '..', 'deploy', 'nats-server.conf');
const users = ['config', 'dispatcher', 'renderer', 'erp'] as const;

describe('config: shipped NATS server permissions', () => {
  it('lets only the dispatcher ask for secrets and keeps the secrets bucket from the renderer and ERP', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'verzend-conf-'));
    const passwords = Object.fromEntries(users.map((u) => [u, randomBytes(12).toString('hex')]));
    let conf = await readFile(shipped, 'utf8');
    for (const u of users) {
      conf = conf.replace(`$VERZEND_NATS_${u.toUpperCase()}_PASSWORD`, `"${passwords[u]}"`);
    }
    // The harness gives the server its own store directory (-sd), which may not appear twice.
    conf = conf.replace(/^\s*store_dir:.*$/m, '');
    const confPath = join(dir, 'nats-server.conf');
    await writeFile(confPath, conf);
    const nats = await TestNatsServer.start({ extraArgs: ['-c', confPath] });
    const clients: NatsConnection[] = [];
    const as = async (user: (typeof users)[number]) => {
      const nc = await connect({ servers: nats.url, user, pass: passwords[user] });
      clients.push(nc);
      return nc;
    };
    const service = await startConfigService(
      readEnv({
        NATS_URL: nats.url,
        NATS_USER: 'config',
        NATS_PASSWORD: passwords.config,
        PORT: '0',
        LOG_LEVEL: 'silent',
        AUTH_JWT_SECRET: randomBytes(32).toString('base64url'),
        SECRETS_KEYS: `k:${randomBytes(32).toString('base64')}`,
      }),
      { logger: createLogger({ service: 'test', level: 'silent' }) },
    );
    try {
      const dispatcher = await as('dispatcher');
      const renderer = await as('renderer');
      const erp = await as('erp');
      await expect(
        connect({ servers: nats.url, user: 'renderer', pass: 'wrong' }),
      ).rejects.toThrow();

      // Secret look-ups: the dispatcher may, the renderer and ERP may not.
      const storeToken = JSON.stringify({
        company: 'acme',
        accountId: 'a1',
        userId: 'alice',
        token: { refreshToken: 'rt' },
      });
      const notFound = await dispatcher.request(Rpc.configStoreUserToken, storeToken, {
        timeout: 5000,
      });
      expect(notFound.headers?.get('Nats-Service-Error')).toBe('NOT_FOUND');
      const ask = JSON.stringify({ company: 'acme', accountId: 'a1', userId: 'alice' });
      const ok = await dispatcher.request(Rpc.configGetUserToken, ask, { timeout: 5000 });
      expect(ok.json()).toEqual({ token: null });
      await expect(
        renderer.request(Rpc.configGetUserToken, ask, { timeout: 1500 }),
      ).rejects.toThrow();
      await expect(
        renderer.request(Rpc.configResolveAccount, JSON.stringify({ company: 'acme' }), {
          timeout: 1500,
        }),
      ).rejects.toThrow();
      await expect(
        erp.request(Rpc.configResolveAccount, JSON.stringify({ company: 'acme' }), {
          timeout: 1500,
        }),
      ).rejects.toThrow();

      // Non-secret look-ups stay open to the renderer.
      const company = await renderer.request(
        Rpc.configCompany,
        JSON.stringify({ company: 'acme' }),
        { timeout: 5000 },
      );
      expect(company.json()).toEqual({ company: null });

      // The secrets bucket itself is out of the renderer's reach.
      await expect(
        (async () => {
          const kv = await new Kvm(renderer).open(Buckets.secrets);
          return kv.get('acme.account.a1.password');
        })(),
      ).rejects.toThrow();
    } finally {
      for (const nc of clients) {
        await nc.close();
      }
      await service.stop();
      await nats.dispose();
      await rm(dir, { recursive: true, force: true });
    }
  });
});
