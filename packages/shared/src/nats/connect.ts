/**
 * Connecting to NATS and making sure the streams, buckets and object store a
 * service needs exist (idempotent, so every replica may do it at start).
 * @module
 */
import {
  type JetStreamManager,
  jetstream,
  jetstreamManager,
  RetentionPolicy,
  StorageType,
} from '@nats-io/jetstream';
import { type KV, Kvm } from '@nats-io/kv';
import type { NatsConnection } from '@nats-io/nats-core';
import { type ObjectStore, Objm, setSha256Backend } from '@nats-io/obj';
import { connect } from '@nats-io/transport-node';
import { Buckets, ObjectStores, Streams } from '../subjects';

/** Options for {@link connectNats}. */
export interface NatsOptions {
  servers: string;
  name: string;
  user?: string | undefined;
  pass?: string | undefined;
  token?: string | undefined;
  /**
   * Skip capturing a stack trace for every request (nats.js does it to make
   * timeouts debuggable); hot paths doing many requests per item turn it off.
   */
  noAsyncTraces?: boolean | undefined;
}

/** Connects with reconnects that never give up: a NATS restart must not kill a service. */
export async function connectNats(opts: NatsOptions): Promise<NatsConnection> {
  return connect({
    servers: opts.servers.split(',').map((s) => s.trim()),
    name: opts.name,
    maxReconnectAttempts: -1,
    reconnectTimeWait: 250,
    ...(opts.noAsyncTraces ? { noAsyncTraces: true } : {}),
    ...(opts.user ? { user: opts.user, pass: opts.pass ?? '' } : {}),
    ...(opts.token ? { token: opts.token } : {}),
  });
}

/** Per-bucket settings. The idempotency bucket expires keys after 24 h. */
const bucketOptions: Record<keyof typeof Buckets, { history: number; ttl?: number }> = {
  config: { history: 5 },
  secrets: { history: 1 },
  emails: { history: 1 },
  ratelimit: { history: 1 },
  idempotency: { history: 1, ttl: 24 * 60 * 60 * 1000 },
  events: { history: 1 },
  oauthStates: { history: 1, ttl: 15 * 60 * 1000 },
  apiLimits: { history: 1, ttl: 60 * 60 * 1000 },
};

/** Opens (creating when missing) a KV bucket by its logical name. */
export async function openBucket(
  nc: NatsConnection,
  which: keyof typeof Buckets,
  replicas = 1,
): Promise<KV> {
  const kvm = new Kvm(nc);
  const opts = bucketOptions[which];
  return kvm.create(Buckets[which], {
    history: opts.history,
    replicas,
    ...(opts.ttl ? { ttl: opts.ttl } : {}),
  });
}

/**
 * Opens (creating when missing) the blob object store. Object digests use
 * node:crypto rather than the client's default pure-JS SHA-256, which costs
 * several times more CPU on every stored body and attachment.
 */
export async function openBlobStore(nc: NatsConnection, replicas = 1): Promise<ObjectStore> {
  setSha256Backend('native');
  return new Objm(nc).create(ObjectStores.blobs, { replicas, storage: StorageType.File });
}

/** Creates or updates the JetStream streams Verzend uses. */
export async function ensureStreams(nc: NatsConnection, replicas = 1): Promise<JetStreamManager> {
  const jsm = await jetstreamManager(nc);
  const wanted = [
    {
      ...Streams.events,
      retention: RetentionPolicy.Limits,
      duplicate_window: 24 * 60 * 60 * 1e9,
      max_age: 30 * 24 * 60 * 60 * 1e9,
    },
    {
      ...Streams.outbox,
      retention: RetentionPolicy.Workqueue,
      duplicate_window: 24 * 60 * 60 * 1e9,
    },
    {
      ...Streams.telemetry,
      retention: RetentionPolicy.Limits,
      max_age: 7 * 24 * 60 * 60 * 1e9,
      max_bytes: 512 * 1024 * 1024,
    },
  ];
  for (const s of wanted) {
    const config = {
      name: s.name,
      subjects: [...s.subjects],
      retention: s.retention,
      storage: StorageType.File,
      num_replicas: replicas,
      ...('duplicate_window' in s ? { duplicate_window: s.duplicate_window } : {}),
      ...('max_age' in s ? { max_age: s.max_age } : {}),
      ...('max_bytes' in s ? { max_bytes: s.max_bytes } : {}),
    };
    try {
      await jsm.streams.info(s.name);
      const { retention: _r, ...updatable } = config;
      await jsm.streams.update(s.name, updatable);
    } catch {
      await jsm.streams.add(config);
    }
  }
  return jsm;
}

export { jetstream };
