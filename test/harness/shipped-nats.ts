/**
 * A private nats-server running the SHIPPED configuration (deploy/nats-server.conf
 * with deploy/nats/permissions.conf), with test passwords from its environment
 * and ERP users made the documented way (`makeErpUser`, pasted between the ERP
 * markers). Only the JetStream store directory is the harness's own.
 * @module
 */
import { randomBytes } from 'node:crypto';
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { NatsConnection } from '@nats-io/nats-core';
import { connect } from '@nats-io/transport-node';
import { type ErpUser, makeErpUser } from '@verzend/config';
import { Inboxes } from '@verzend/shared';
import { TestNatsServer } from './nats-server';
import type { ServiceName } from './stack';

const deploy = join(import.meta.dirname, '..', '..', 'deploy');
/** The service users of the shipped permissions. */
export const SERVICE_USERS = ['config', 'renderer', 'dispatcher'] as const;
/** Name of the test-only privileged user (never in the shipped file). */
export const OBSERVER = 'observer';

/** Options of {@link startShippedNats}. */
export interface ShippedNatsOptions {
  /** Companies to make ERP users for. */
  erpCompanies?: string[];
  /** Add a test-only user allowed everything, to watch every subject. */
  observer?: boolean;
}

/** A running server with the shipped permissions. */
export interface ShippedNats {
  nats: TestNatsServer;
  /** Password of each user (service users, `observer`, `erp-<company>`). */
  passwords: Record<string, string>;
  /** ERP users by company. */
  erp: Record<string, ErpUser>;
  /** Per-service environment for `startStack({ serviceEnv })`: each service's own credential. */
  serviceEnv: Record<ServiceName, Record<string, string>>;
  /**
   * Adds user blocks (e.g. printed by `erp-user`) between the ERP markers of the
   * running server's permissions file and reloads it with SIGHUP, as an operator would.
   */
  addUsers(blocks: string[]): Promise<void>;
  /** Connects as a user, with that user's own reply prefix (services, ERP) or the default. */
  connect(user: string, opts?: { inboxPrefix?: string }): Promise<NatsConnection>;
  dispose(): Promise<void>;
}

/** Starts nats-server with the shipped configuration. */
export async function startShippedNats(opts: ShippedNatsOptions = {}): Promise<ShippedNats> {
  const dir = await mkdtemp(join(tmpdir(), 'verzend-conf-'));
  const passwords: Record<string, string> = {};
  const env: Record<string, string> = {};
  for (const user of SERVICE_USERS) {
    passwords[user] = randomBytes(12).toString('hex');
    // nats-server parses a variable's value as configuration: quoted, it is a plain string.
    env[`VERZEND_NATS_${user.toUpperCase()}_PASSWORD`] = `"${passwords[user]}"`;
  }
  const erp: Record<string, ErpUser> = {};
  const blocks: string[] = [];
  for (const company of opts.erpCompanies ?? []) {
    const made = await makeErpUser(company, { cost: 6 });
    erp[company] = made;
    passwords[made.user] = made.password;
    blocks.push(made.block);
  }
  if (opts.observer) {
    passwords[OBSERVER] = randomBytes(12).toString('hex');
    blocks.push(
      `    { user: ${OBSERVER}, password: "${passwords[OBSERVER]}", permissions: { publish: ">", subscribe: ">" } }`,
    );
  }
  const marker = '    # ERP users: end';
  const permissions = await readFile(join(deploy, 'nats', 'permissions.conf'), 'utf8');
  if (!permissions.includes(marker)) {
    throw new Error('deploy/nats/permissions.conf lost its "ERP users: end" marker');
  }
  const main = await readFile(join(deploy, 'nats-server.conf'), 'utf8');
  if (!/^\s*store_dir:.*$/m.test(main)) {
    throw new Error('deploy/nats-server.conf lost its store_dir line');
  }
  await mkdir(join(dir, 'nats'));
  const permissionsPath = join(dir, 'nats', 'permissions.conf');
  await writeFile(permissionsPath, permissions.replace(marker, [...blocks, marker].join('\n')));
  const nats = await TestNatsServer.start({
    env,
    // The shipped file as is, but for the store: the harness's own temporary directory.
    async configFile(storeDir) {
      const path = join(dir, 'nats-server.conf');
      await writeFile(path, main.replace(/^(\s*store_dir:).*$/m, `$1 ${JSON.stringify(storeDir)}`));
      return path;
    },
  });
  const credential = (user: ServiceName) => ({
    NATS_USER: user,
    NATS_PASSWORD: passwords[user] as string,
  });
  const serviceEnv = {
    config: credential('config'),
    renderer: credential('renderer'),
    dispatcher: credential('dispatcher'),
  };
  const inboxOf = (user: string): string | undefined => {
    if (user in Inboxes) {
      return Inboxes[user as keyof typeof Inboxes];
    }
    return Object.values(erp).find((e) => e.user === user)?.inboxPrefix;
  };
  return {
    nats,
    passwords,
    erp,
    serviceEnv,
    async addUsers(added) {
      const current = await readFile(permissionsPath, 'utf8');
      await writeFile(permissionsPath, current.replace(marker, [...added, marker].join('\n')));
      process.kill(nats.pid as number, 'SIGHUP');
    },
    connect(user, o = {}) {
      const inboxPrefix = o.inboxPrefix ?? inboxOf(user);
      return connect({
        servers: nats.url,
        user,
        pass: passwords[user] ?? 'unknown',
        ...(inboxPrefix ? { inboxPrefix } : {}),
      });
    },
    async dispose() {
      await nats.dispose();
      await rm(dir, { recursive: true, force: true });
    },
  };
}
