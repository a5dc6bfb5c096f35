import type { KV } from '@nats-io/kv';
import type { Account, InstalledConnectors } from '@verzend/connectors';
import {
  type BlobStore,
  createLogger,
  type EmailRecord,
  MemoryBlobOwners,
  type Telemetry,
} from '@verzend/shared';
import { describe, expect, it } from 'vitest';
import type { ConfigLookups } from '../accounts/config-client';
import { MemoryHandoff } from '../emails/handoff';
import { EmailRecords } from '../emails/records';
import { KnownBlobs } from './known-blobs';
import { Outbox } from './outbox';
import type { EnqueueRequest } from './port';
import type { OutboxPublisher, PublishedPointer } from './publisher';

/** A KV with create-if-absent semantics, enough for {@link EmailRecords}. */
function memoryKv() {
  const items = new Map<string, { value: string; revision: number }>();
  let revision = 0;
  const kv = {
    async create(key: string, value: string) {
      if (items.has(key)) {
        throw new Error('wrong last sequence: 1');
      }
      items.set(key, { value, revision: ++revision });
      return revision;
    },
    async get(key: string) {
      const item = items.get(key);
      return item
        ? {
            operation: 'PUT',
            length: item.value.length,
            revision: item.revision,
            json: () => JSON.parse(item.value),
          }
        : null;
    },
  };
  return { kv: kv as unknown as KV, items };
}

/** A publisher that behaves like the stream's duplicate window (message ids seen). */
class FakePublisher {
  readonly published: { emailId: string; after: number | undefined }[] = [];
  readonly #ids = new Map<string, number>();

  async publish(
    record: EmailRecord,
    { after }: { after?: number } = {},
  ): Promise<PublishedPointer> {
    const id = `${record.id}.${record.dispatch?.generation}${after === undefined ? '' : `.${after}`}`;
    const seen = this.#ids.get(id);
    if (seen !== undefined) {
      return { seq: seen, duplicate: true };
    }
    this.published.push({ emailId: record.id, after });
    this.#ids.set(id, this.published.length);
    return { seq: this.published.length, duplicate: false };
  }
}

const account = {
  id: 'acc1',
  name: 'Sales',
  emailAddress: 'sales@cronus.example',
  needsCredentials: false,
  settings: { connector: 'smtp', senderType: 'account', senderSubstitution: 'none' },
} as unknown as Account;

function outbox(blobs?: KnownBlobs) {
  const { kv, items } = memoryKv();
  const publisher = new FakePublisher();
  const queued: string[] = [];
  const records = new EmailRecords(kv, { handoff: new MemoryHandoff() });
  const box = new Outbox({
    records,
    blobs:
      blobs ??
      ({
        exists: async () => true,
        unowned: async () => [],
        putText: async (t: string) => ({ sha256: 'a'.repeat(64), size: t.length }),
        keep: async () => undefined,
      } as unknown as KnownBlobs),
    config: {
      resolveAccount: async () => ({ account, secrets: {} }),
      company: async () => null,
      scenarioAttachments: async () => [],
    } as unknown as ConfigLookups,
    connectors: {
      get: () => ({
        capabilities: { delivers: true, maxRecipients: 500, maxMessageBytes: 35_000_000 },
      }),
    } as unknown as InstalledConnectors,
    publisher: publisher as unknown as OutboxPublisher,
    telemetry: { emit: () => undefined } as unknown as Telemetry,
    logger: createLogger({ service: 'test', level: 'silent' }),
    onQueued: (_c, _a) => {
      queued.push(_a);
    },
  });
  return { box, publisher, items, queued, records };
}

function request(eventId: string | undefined, extra: Partial<EnqueueRequest> = {}): EnqueueRequest {
  return {
    company: 'cronus',
    owner: { userId: 'u1', email: undefined, name: undefined, licence: 'full' },
    email: {
      to: [{ address: 'ap@fabrikam.example' }],
      cc: [],
      bcc: [],
      replyTo: [],
      subject: 'Invoice 103045',
      text: 'Attached.',
      attachments: [],
      relatedRecords: [],
      headers: {},
      mode: 'send',
      addDefaultAttachments: false,
    },
    ...(eventId ? { sourceEventId: eventId, sourceReceivedAt: '2026-11-20T09:15:00.000Z' } : {}),
    ...extra,
  };
}

describe('Outbox.enqueue for posting events', () => {
  it('returns the accepted email when the same event comes again, without queuing it twice', async () => {
    const { box, publisher, items, queued } = outbox();
    const first = await box.enqueue(request('SI-1'));
    const again = await box.enqueue(request('SI-1'));
    expect(again.id).toBe(first.id);
    expect(items.size).toBe(1);
    expect(publisher.published).toHaveLength(1);
    expect(queued).toHaveLength(1);
  });

  it('a replay that skips the look-up is caught by create-if-absent and returns the first email', async () => {
    const { box, items, queued } = outbox();
    const first = await box.enqueue(request('SI-1'));
    const again = await box.enqueue(request('SI-1', { sourceFirstTry: true }));
    expect(again.id).toBe(first.id);
    expect(again.createdAt).toBe(first.createdAt);
    expect(items.size).toBe(1);
    expect(queued).toHaveLength(1);
  });

  it('after a crash between pointer and record, publishes a second copy the duplicate window cannot swallow', async () => {
    const { box, publisher, items } = outbox();
    const crashed = outbox();
    // The first try stored its pointer, then died: replay it against the same stream.
    const first = await crashed.box.enqueue(request('SI-1'));
    await publisher.publish(first);
    const replay = await box.enqueue(request('SI-1'));
    expect(replay.id).toBe(first.id);
    expect(publisher.published).toEqual([
      { emailId: first.id, after: undefined },
      { emailId: first.id, after: 1 },
    ]);
    expect(items.size).toBe(1);
  });

  it('other events and emails without an event get their own emails', async () => {
    const { box, items } = outbox();
    const a = await box.enqueue(request('SI-1'));
    const b = await box.enqueue(request('SI-2'));
    const c = await box.enqueue(request(undefined));
    const d = await box.enqueue(request(undefined));
    expect(new Set([a.id, b.id, c.id, d.id]).size).toBe(4);
    expect(items.size).toBe(4);
  });
});

describe('Outbox attachments by reference', () => {
  it("takes the company's own blobs and refuses another company's like unknown ones", async () => {
    const store = {
      putBytes: async (d: Uint8Array) => ({ sha256: 'f'.repeat(64), size: d.byteLength }),
      lease: async () => ({ size: 3, since: Date.now() }),
    } as unknown as BlobStore;
    const owners = new MemoryBlobOwners();
    const blobs = new KnownBlobs(store, owners);
    const mine = { sha256: 'b'.repeat(64), size: 3 };
    const theirs = { sha256: 'c'.repeat(64), size: 3 };
    await owners.grant('cronus', mine);
    await owners.grant('fabrikam', theirs);
    const { box } = outbox(blobs);
    const withAttachments = (...refs: (typeof mine)[]) =>
      request(undefined, {
        email: {
          ...request(undefined).email,
          attachments: refs.map((blob) => ({
            fileName: 'x.pdf',
            contentType: 'application/pdf',
            blob,
            inline: false,
          })),
        },
      });
    expect((await box.enqueue(withAttachments(mine))).attachments).toHaveLength(1);
    await expect(box.enqueue(withAttachments(mine, theirs))).rejects.toMatchObject({
      code: 'VALIDATION_FAILED',
      errors: [{ path: 'attachments.1.blob' }],
    });
    // The bodies it stores become the company's.
    const text = await blobs.putText('Dear customer', 'cronus');
    expect(await owners.owns('cronus', text.sha256)).toBe(true);
    expect(await owners.owns('fabrikam', text.sha256)).toBe(false);
  });
});

describe('Outbox.enqueue with an Idempotency-Key id', () => {
  const keyed = (retry: boolean) => ({ keyed: { emailId: '0mxbabc12aaaabbbbccccdddd', retry } });

  it('a retry after a crash returns the email the first try accepted, queued once', async () => {
    const { box, publisher, items, queued } = outbox();
    const first = await box.enqueue(request(undefined, keyed(false)));
    expect(first.id).toBe('0mxbabc12aaaabbbbccccdddd');
    const again = await box.enqueue(request(undefined, keyed(true)));
    expect(again).toEqual(first);
    expect(items.size).toBe(1);
    expect(publisher.published).toHaveLength(1);
    expect(queued).toHaveLength(1);
  });

  it('two tries at once end in one email (create-if-absent decides)', async () => {
    const { box, items } = outbox();
    const [a, b] = await Promise.all([
      box.enqueue(request(undefined, keyed(false))),
      box.enqueue(request(undefined, keyed(true))),
    ]);
    expect(a.id).toBe(b.id);
    expect(a.createdAt).toBe(b.createdAt);
    expect(items.size).toBe(1);
  });

  it('another user’s email under the id is a conflict, never returned', async () => {
    const { box } = outbox();
    await box.enqueue(request(undefined, keyed(false)));
    const other = request(undefined, keyed(true));
    other.owner = { ...other.owner, userId: 'u2' };
    await expect(box.enqueue(other)).rejects.toMatchObject({ status: 409 });
  });
});

describe('EmailRecords.findToSend', () => {
  it('hands the sender the copy its replica just accepted once, marked as such; later looks read KV', async () => {
    const { box, records, items } = outbox();
    const email = await box.enqueue(request(undefined));
    const first = await records.findToSend('cronus', email.id);
    expect(first?.cached).toBe(true);
    expect(first?.value).toEqual(email);
    const second = await records.findToSend('cronus', email.id);
    expect(second?.cached).toBeUndefined();
    expect(second?.revision).toBe(items.get(`cronus.${email.id}`)?.revision);
  });
});
