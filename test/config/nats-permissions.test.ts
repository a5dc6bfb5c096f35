/**
 * The SHIPPED NATS permissions (deploy/nats-server.conf + deploy/nats/permissions.conf,
 * test passwords from the server's environment, ERP users made by `makeErpUser`)
 * as a table: for every user, each right it must have and each it must not.
 * The server is the judge: a refused publish or subscription comes back as a
 * permission violation for exactly that subject (and queue). Then the attacks
 * the permissions exist for are played for real against a running config service.
 */

import { randomBytes } from 'node:crypto';
import { jetstream, jetstreamManager } from '@nats-io/jetstream';
import { Kvm } from '@nats-io/kv';
import { errors, type NatsConnection } from '@nats-io/nats-core';
import { connect } from '@nats-io/transport-node';
import { readEnv, startConfigService } from '@verzend/config';
import {
  Buckets,
  Consumers,
  createLogger,
  ensureStreams,
  erpStatusConsumer,
  Inboxes,
  Rpc,
  Services,
  Streams,
  Subjects,
} from '@verzend/shared';
import { describe, expect, it } from 'vitest';
import { startShippedNats } from '../harness';

const A = 'acme';
const B = 'globex';
const SERVICES = ['config', 'renderer', 'dispatcher'] as const;
const USERS = [...SERVICES, `erp-${A}`, `erp-${B}`] as const;
type User = (typeof USERS)[number];

/** One right: may `user` publish to / subscribe to `subject` (in `queue`)? */
interface Right {
  user: User;
  op: 'pub' | 'sub';
  subject: string;
  queue?: string;
  allowed: boolean;
}

/** Streams by owner: only the owner may create or update them. */
const OWNED: Record<User, string[]> = {
  config: ['KV_verzend_config', 'KV_verzend_secrets', 'OBJ_verzend_blobs', 'KV_verzend_api_limits'],
  dispatcher: [
    'VERZEND_EVENTS',
    'VERZEND_OUTBOX',
    'VERZEND_TELEMETRY',
    'VERZEND_STATUS',
    'KV_verzend_emails',
    'KV_verzend_ratelimit',
    'KV_verzend_idempotency',
    'KV_verzend_event_records',
    'KV_verzend_oauth_states',
    'VERZEND_WEBHOOKS',
    'KV_verzend_webhook_deliveries',
    'KV_verzend_retention',
  ],
  renderer: [],
  [`erp-${A}`]: [],
  [`erp-${B}`]: [],
} as Record<User, string[]>;
const ALL_STREAMS = Object.values(OWNED).flat();
const BLOB_USERS: User[] = ['config', 'renderer', 'dispatcher'];

/** Request subjects each user may ask (publish to). */
const ASKS: Record<User, string[]> = {
  config: [Rpc.renderValidate, Rpc.dispatcherTestAccount],
  renderer: [Rpc.configLayout],
  dispatcher: [
    ...Object.values(Rpc).filter((s) => s.startsWith('verzend.rpc.config.')),
    Rpc.renderRender,
  ],
  [`erp-${A}`]: [],
  [`erp-${B}`]: [],
} as Record<User, string[]>;

const inboxOf = (u: User) =>
  u in Inboxes ? Inboxes[u as keyof typeof Inboxes] : `_INBOX_erp_${u.slice(4)}`;

function matrix(): Right[] {
  const rows: Right[] = [];
  const add = (user: User, op: Right['op'], subject: string, allowed: boolean, queue?: string) =>
    rows.push({ user, op, subject, allowed, ...(queue ? { queue } : {}) });
  for (const u of USERS) {
    const service = (SERVICES as readonly string[]).includes(u);
    // Replies: its own prefix only; nobody reads the shared default prefix or everything.
    for (const other of USERS) {
      add(u, 'sub', `${inboxOf(other)}.>`, other === u);
    }
    add(u, 'sub', '_INBOX.>', false);
    add(u, 'sub', '>', false);
    // Requests: exactly the ones it makes.
    for (const subject of Object.values(Rpc)) {
      add(u, 'pub', subject, ASKS[u].includes(subject));
    }
    // Answering: only its own API, only in its own queue group (no one poses as another service).
    for (const s of SERVICES) {
      const { queue } = Services[s];
      add(u, 'sub', `verzend.rpc.${s}.>`, u === s, queue);
      add(u, 'sub', `verzend.rpc.${s}.>`, false);
      add(u, 'sub', `verzend.rpc.${s}.>`, false, 'impostors');
      add(u, 'sub', `$SRV.PING.${Services[s].name}`, u === s);
    }
    add(u, 'sub', '$SRV.PING', service);
    // Posting events: an ERP user for its own company only; the dispatcher (HTTP intake, retry).
    add(u, 'pub', Subjects.event(A, 'sales-invoice'), u === `erp-${A}` || u === 'dispatcher');
    add(u, 'pub', Subjects.event(B, 'sales-invoice'), u === `erp-${B}` || u === 'dispatcher');
    add(u, 'pub', `verzend.events.${A}`, u === 'dispatcher');
    add(u, 'sub', Subjects.event(A, 'sales-invoice'), false);
    // Outbox, telemetry, change notices.
    add(u, 'pub', Subjects.outbox(A, 'a1'), u === 'dispatcher');
    add(u, 'sub', Subjects.outbox(A, 'a1'), u === 'dispatcher');
    add(u, 'pub', Subjects.telemetry(A, 'email-sent'), service);
    add(u, 'sub', Subjects.telemetry(A, 'email-sent'), false);
    // Status changes: the dispatcher announces; an ERP user reads its own company's only,
    // live or through its one consumer, whose filter stays inside its company.
    add(u, 'pub', Subjects.status(A, 'email.sent'), u === 'dispatcher');
    add(u, 'sub', Subjects.statusOf(A), u === `erp-${A}`);
    add(u, 'sub', Subjects.statusOf(B), u === `erp-${B}`);
    add(u, 'sub', 'verzend.status.>', false);
    const statusApi = (op: string, company: string) =>
      `$JS.API.CONSUMER.${op}.${Streams.status.name}.${erpStatusConsumer(company)}`;
    add(u, 'pub', `${statusApi('CREATE', A)}.${Subjects.statusOf(A)}`, u === `erp-${A}`);
    add(u, 'pub', `${statusApi('CREATE', A)}.${Subjects.statusOf(B)}`, false);
    add(u, 'pub', `${statusApi('CREATE', A)}.verzend.status.>`, false);
    add(u, 'pub', statusApi('CREATE', A), false);
    add(u, 'pub', statusApi('MSG.NEXT', A), u === `erp-${A}`);
    add(u, 'pub', statusApi('MSG.NEXT', B), u === `erp-${B}`);
    add(u, 'pub', statusApi('INFO', B), u === `erp-${B}`);
    add(u, 'pub', `$JS.ACK.${Streams.status.name}.${erpStatusConsumer(A)}.x`, u === `erp-${A}`);
    add(u, 'pub', '$JS.ACK.KV_verzend_emails.x', u === 'dispatcher');
    // Webhooks (ADR-0024): the dispatcher's own fan-out consumer on the status stream, its
    // work queue and delivery log; nobody else's consumer.
    const fanout = `$JS.API.CONSUMER.%s.${Streams.status.name}.${Consumers.webhookFanout.durable}`;
    add(u, 'pub', `${fanout.replace('%s', 'CREATE')}.verzend.status.>`, u === 'dispatcher');
    add(u, 'pub', fanout.replace('%s', 'MSG.NEXT'), u === 'dispatcher');
    add(u, 'pub', fanout.replace('%s', 'INFO'), u === 'dispatcher');
    add(u, 'pub', Subjects.webhook(A, 'e1'), u === 'dispatcher');
    add(u, 'sub', Subjects.webhook(A, 'e1'), false);
    add(u, 'pub', `$KV.${Buckets.webhookDeliveries}.${A}.e1.d.x`, u === 'dispatcher');
    add(u, 'pub', Subjects.configChanged(A, 'account'), u === 'config');
    add(u, 'sub', Subjects.configChangedAny, u === 'dispatcher');
    // Bucket writes: the owner's own; blob chunks and metadata: the three services.
    add(u, 'pub', `$KV.${Buckets.secrets}.${A}.account.a1.password`, u === 'config');
    add(u, 'pub', `$KV.${Buckets.config}.${A}.account.a1`, u === 'config');
    add(u, 'pub', `$KV.${Buckets.emails}.${A}.e1`, u === 'dispatcher');
    add(u, 'pub', `$KV.${Buckets.ratelimit}.${A}.a1.rate`, u === 'dispatcher');
    add(u, 'pub', `$KV.${Buckets.apiLimits}.company.${A}.1`, service);
    add(u, 'pub', `$JS.API.DIRECT.GET.KV_verzend_api_limits.$KV.${Buckets.apiLimits}.x`, service);
    add(u, 'pub', '$O.verzend_blobs.C.x', BLOB_USERS.includes(u));
    add(u, 'pub', '$O.verzend_blobs.M.x', BLOB_USERS.includes(u));
    add(u, 'pub', '$JS.ACK.VERZEND_OUTBOX.x', u === 'dispatcher');
    add(u, 'pub', '$JS.ACK.VERZEND_EVENTS.x', u === 'dispatcher');
    // JetStream API: creating/updating only what it owns; deleting, snapshots, listing never.
    for (const stream of ALL_STREAMS) {
      const owns = OWNED[u].includes(stream);
      add(u, 'pub', `$JS.API.STREAM.CREATE.${stream}`, owns);
      add(u, 'pub', `$JS.API.STREAM.UPDATE.${stream}`, owns);
      add(u, 'pub', `$JS.API.STREAM.DELETE.${stream}`, false);
      add(u, 'pub', `$JS.API.STREAM.SNAPSHOT.${stream}`, false);
      add(u, 'pub', `$JS.API.STREAM.MSG.DELETE.${stream}`, false);
    }
    // Reading single messages of the streams: the dispatcher those of its outbox (the oldest
    // waiting email of each account, for the backlog gauges) and its posting events (retries read
    // them back); nobody the status, webhook or telemetry messages, nobody with a direct get.
    add(u, 'pub', `$JS.API.STREAM.MSG.GET.${Streams.outbox.name}`, u === 'dispatcher');
    add(u, 'pub', `$JS.API.STREAM.MSG.GET.${Streams.events.name}`, u === 'dispatcher');
    for (const stream of [Streams.status.name, Streams.webhooks.name, Streams.telemetry.name]) {
      add(u, 'pub', `$JS.API.STREAM.MSG.GET.${stream}`, false);
    }
    for (const { name } of [
      Streams.outbox,
      Streams.events,
      Streams.status,
      Streams.webhooks,
      Streams.telemetry,
    ]) {
      add(u, 'pub', `$JS.API.DIRECT.GET.${name}`, false);
    }
    add(u, 'pub', '$JS.API.STREAM.CREATE.STOLEN_SECRETS', false);
    add(u, 'pub', '$JS.API.STREAM.NAMES', false);
    add(u, 'pub', '$JS.API.STREAM.LIST', false);
    add(u, 'pub', '$JS.API.INFO', service);
    // Reading buckets: each owner its own; the blob store for the three services.
    const secretsKey = `$KV.${Buckets.secrets}.${A}.account.a1.password`;
    add(u, 'pub', `$JS.API.DIRECT.GET.KV_verzend_secrets.${secretsKey}`, u === 'config');
    add(u, 'pub', '$JS.API.STREAM.MSG.GET.KV_verzend_secrets', u === 'config');
    add(u, 'pub', '$JS.API.CONSUMER.CREATE.KV_verzend_secrets.x.y', u === 'config');
    add(u, 'pub', '$JS.API.CONSUMER.DURABLE.CREATE.KV_verzend_secrets.x', false);
    add(
      u,
      'pub',
      `$JS.API.DIRECT.GET.KV_verzend_config.$KV.${Buckets.config}.${A}.x`,
      u === 'config',
    );
    add(u, 'pub', '$JS.API.DIRECT.GET.KV_verzend_emails', u === 'dispatcher');
    add(u, 'pub', '$JS.API.DIRECT.GET.OBJ_verzend_blobs', BLOB_USERS.includes(u));
    add(u, 'pub', '$JS.API.CONSUMER.CREATE.OBJ_verzend_blobs.x.y', BLOB_USERS.includes(u));
    // Purging (deleting and replacing objects) only for config and the dispatcher: a purge
    // filter cannot be restricted, so the renderer, which only adds results, gets none.
    add(u, 'pub', '$JS.API.STREAM.PURGE.OBJ_verzend_blobs', u === 'config' || u === 'dispatcher');
    add(u, 'pub', '$JS.API.STREAM.PURGE.KV_verzend_secrets', false);
    add(u, 'pub', '$JS.API.STREAM.PURGE.VERZEND_EVENTS', false);
    add(u, 'pub', '$JS.API.CONSUMER.DURABLE.CREATE.VERZEND_OUTBOX.x', u === 'dispatcher');
    add(u, 'pub', '$JS.API.CONSUMER.MSG.NEXT.VERZEND_EVENTS.verzend-intake', u === 'dispatcher');
    add(u, 'pub', '$JS.API.CONSUMER.DELETE.VERZEND_EVENTS.verzend-intake', false);
    // Retention: the dispatcher's sweeper purges telemetry, takes its lease, lists every object;
    // config reads its whole bucket once for the blob sweeper's marks (ADR-0026).
    add(u, 'pub', '$JS.API.STREAM.PURGE.VERZEND_TELEMETRY', u === 'dispatcher');
    add(u, 'pub', `$KV.${Buckets.retention}.sweeper`, u === 'dispatcher');
    add(u, 'pub', '$JS.API.CONSUMER.MSG.NEXT.OBJ_verzend_blobs.x', u === 'dispatcher');
    add(u, 'pub', '$JS.API.CONSUMER.MSG.NEXT.KV_verzend_config.x', u === 'config');
  }
  return rows;
}

const key = (op: string, subject: string, queue = '') => `${op} ${subject} ${queue}`;

/** Performs every right of one user on its own connection; returns the refused ones. */
async function refusals(nc: NatsConnection, rights: Right[]): Promise<Set<string>> {
  const refused = new Set<string>();
  const watch = (async () => {
    for await (const s of nc.status()) {
      if (s.type === 'error' && s.error instanceof errors.PermissionViolationError) {
        const op = s.error.operation === 'publish' ? 'pub' : 'sub';
        refused.add(key(op, s.error.subject, s.error.queue));
      }
    }
  })();
  const subs = [];
  for (const r of rights) {
    if (r.op === 'pub') {
      nc.publish(r.subject, 'x');
    } else {
      subs.push(nc.subscribe(r.subject, r.queue ? { queue: r.queue } : {}));
    }
  }
  // The server answers in order: once the PONG is back, every refusal has arrived.
  await nc.flush();
  for (const s of subs) {
    s.unsubscribe();
  }
  await nc.close();
  await watch;
  return refused;
}

describe('shipped NATS permissions', () => {
  const rows = matrix();
  it(`grants every user exactly its rights (table of ${rows.length})`, async () => {
    const shipped = await startShippedNats({ erpCompanies: [A, B] });
    try {
      const wrong: string[] = [];
      for (const user of USERS) {
        const mine = rows.filter((r) => r.user === user);
        const refused = await refusals(await shipped.connect(user), mine);
        for (const r of mine) {
          if (refused.has(key(r.op, r.subject, r.queue)) === r.allowed) {
            wrong.push(
              `${user} ${r.allowed ? 'must' : 'must not'} ${r.op} ${r.subject} ${r.queue ?? ''}`,
            );
          }
        }
      }
      expect(wrong).toEqual([]);
      // Every user has rights it must have and rights it must not.
      for (const user of USERS) {
        const mine = rows.filter((r) => r.user === user);
        expect(mine.some((r) => r.allowed) && mine.some((r) => !r.allowed)).toBe(true);
      }
    } finally {
      await shipped.dispose();
    }
  });

  it('stops the attacks it exists for, against a running config service', async () => {
    const shipped = await startShippedNats({ erpCompanies: [A, B] });
    const service = await startConfigService(
      readEnv({
        NATS_URL: shipped.nats.url,
        ...shipped.serviceEnv.config,
        PORT: '0',
        LOG_LEVEL: 'silent',
        AUTH_JWT_SECRET: randomBytes(32).toString('base64url'),
        SECRETS_KEYS: `k:${randomBytes(32).toString('base64')}`,
      }),
      { logger: createLogger({ service: 'test', level: 'silent' }) },
    );
    const dispatcher = await shipped.connect('dispatcher');
    const renderer = await shipped.connect('renderer');
    const erpA = await shipped.connect(`erp-${A}`);
    try {
      await expect(
        shipped.connect('renderer', { inboxPrefix: '_INBOX_renderer' }).then((nc) => nc.close()),
      ).resolves.toBeUndefined();
      await expect(
        connect({ servers: shipped.nats.url, user: 'renderer', pass: 'wrong' }),
      ).rejects.toThrow();
      // The owner makes the streams; an ERP user of A gets acks for A, and is refused for B.
      await ensureStreams(dispatcher);
      const ack = await jetstream(erpA).publish(Subjects.event(A, 'sales-invoice'), '{}', {
        msgID: 'SI-1',
      });
      expect(ack.stream).toBe('VERZEND_EVENTS');
      await expect(
        jetstream(erpA).publish(Subjects.event(B, 'sales-invoice'), '{}', { timeout: 2000 }),
      ).rejects.toThrow(/Permissions Violation/);

      // The renderer cannot mirror the secrets bucket, read it, or send mail for anyone.
      const jsm = await jetstreamManager(renderer, { checkAPI: false });
      await expect(
        jsm.streams.add({ name: 'STOLEN', mirror: { name: 'KV_verzend_secrets' } }),
      ).rejects.toThrow(/Permissions Violation/);
      await expect(
        (async () =>
          (await new Kvm(renderer).open(Buckets.secrets)).get(`${A}.account.a1.password`))(),
      ).rejects.toThrow();
      await expect(
        renderer.request(Rpc.dispatcherEnqueue, '{}', { timeout: 2000 }),
      ).rejects.toThrow(/Permissions Violation/);
      // Neither can the dispatcher read the bucket itself: it gets sealed secrets from config.
      await expect(
        (async () =>
          (await new Kvm(dispatcher).open(Buckets.secrets)).get(`${A}.account.a1.password`))(),
      ).rejects.toThrow();

      // The renderer cannot join config's queue group; config keeps answering the dispatcher.
      const impostor = renderer.subscribe(Rpc.configCompany, { queue: Services.config.queue });
      await expect(impostor.closed).resolves.toBeInstanceOf(errors.PermissionViolationError);
      for (let i = 0; i < 3; i++) {
        const reply = await dispatcher.request(Rpc.configCompany, JSON.stringify({ company: A }), {
          timeout: 5000,
        });
        expect(reply.json()).toEqual({ company: null });
      }
      // The renderer and ERP may not ask for secrets; the dispatcher may.
      const ask = JSON.stringify({ company: A, accountId: 'a1', userId: 'alice' });
      expect(
        (await dispatcher.request(Rpc.configGetUserToken, ask, { timeout: 5000 })).json(),
      ).toEqual({ token: null });
      await expect(
        renderer.request(Rpc.configGetUserToken, ask, { timeout: 2000 }),
      ).rejects.toThrow(/Permissions Violation/);
      await expect(erpA.request(Rpc.configResolveAccount, ask, { timeout: 2000 })).rejects.toThrow(
        /Permissions Violation/,
      );
    } finally {
      for (const nc of [dispatcher, renderer, erpA]) {
        await nc.close();
      }
      await service.stop();
      await shipped.dispose();
    }
  });
});
