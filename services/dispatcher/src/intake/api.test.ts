import { DocumentPostedEvent, UnavailableError, ValidationError } from '@verzend/shared';
import { beforeEach, describe, expect, it } from 'vitest';
import { EventsApi, INLINE_EVENT_LIMIT } from './api';
import { FakeBlobs } from './fakes';
import { MemoryEventStore } from './store';
import type { EventStream, StoredEventMessage } from './stream';

class FakeStream implements EventStream {
  readonly messages: (StoredEventMessage & { msgId: string })[] = [];
  failNext = false;

  async publish(subject: string, data: Uint8Array, msgId: string) {
    if (this.failNext) {
      this.failNext = false;
      throw new Error('no JetStream');
    }
    // As JetStream does: a duplicate is answered with the sequence of the message kept.
    const kept = this.messages.findIndex((m) => m.msgId === msgId);
    if (kept >= 0) {
      return { seq: kept + 1, duplicate: true };
    }
    this.messages.push({ subject, data, msgId });
    return { seq: this.messages.length, duplicate: false };
  }

  async read(seq: number) {
    return this.messages[seq - 1] ?? null;
  }
}

const event = (id: string, extra: Record<string, unknown> = {}) =>
  DocumentPostedEvent.parse({
    eventId: id,
    company: 'cronus',
    documentType: 'sales-invoice',
    documentNo: id,
    dataset: { currency: 'EUR', amountDue: 5, companyName: 'CRONUS' },
    customer: { no: '10000', name: 'Fabrikam', emails: ['ap@fabrikam.example'] },
    postingUser: { id: 'u1' },
    ...extra,
  });

let store: MemoryEventStore;
let stream: FakeStream;
let blobs: FakeBlobs;
let api: EventsApi;
let clock: number;
beforeEach(() => {
  store = new MemoryEventStore();
  stream = new FakeStream();
  blobs = new FakeBlobs();
  clock = Date.parse('2026-11-01T10:00:00Z');
  api = new EventsApi({
    store,
    stream,
    blobs,
    now: () => {
      clock += 1000;
      return new Date(clock);
    },
  });
});

describe('EventsApi.submit', () => {
  it('records the event as received and publishes it under its subject with its id as message id', async () => {
    expect(await api.submit(event('A1'))).toEqual({
      eventId: 'A1',
      status: 'received',
      duplicate: false,
    });
    expect(stream.messages).toHaveLength(1);
    expect(stream.messages[0]).toMatchObject({
      subject: 'verzend.events.cronus.sales-invoice.posted',
      msgId: 'cronus.A1',
    });
    expect((await api.get('cronus', 'A1')).status).toBe('received');
  });

  it("de-duplicates per company: another company's event with the same id is new", async () => {
    const theirs = event('A1', { company: 'fabrikam' });
    expect(await api.submit(event('A1'))).toMatchObject({ duplicate: false });
    expect(await api.submit(theirs)).toMatchObject({ duplicate: false });
    expect(stream.messages.map((m) => [m.subject, m.msgId])).toEqual([
      ['verzend.events.cronus.sales-invoice.posted', 'cronus.A1'],
      ['verzend.events.fabrikam.sales-invoice.posted', 'fabrikam.A1'],
    ]);
    expect(await api.submit(event('A1'))).toMatchObject({ duplicate: true });
    expect(stream.messages).toHaveLength(2);
  });

  it('is not swallowed when someone else took its message id in the duplicate window', async () => {
    stream.messages.push({
      subject: 'verzend.events.mallory.sales-invoice.posted',
      data: new TextEncoder().encode(JSON.stringify(event('S1', { company: 'mallory' }))),
      msgId: 'cronus.S1',
    });
    expect(await api.submit(event('S1'))).toMatchObject({ duplicate: false, status: 'received' });
    expect(stream.messages).toHaveLength(2);
    expect(stream.messages[1]?.subject).toBe('verzend.events.cronus.sales-invoice.posted');
    expect(stream.messages[1]?.msgId).toMatch(/^cronus\.S1\./);
  });

  it("refuses a dataset or attachment of another company's, as if it were not stored", async () => {
    const theirs = await blobs.putBytes(new TextEncoder().encode('{"a":1}'), 'fabrikam');
    const withDataset = event('D1', { datasetBlob: theirs });
    await expect(api.submit(withDataset)).rejects.toMatchObject({
      code: 'NOT_FOUND',
      errors: [{ path: 'datasetBlob' }],
    });
    const extra = { fileName: 'x.pdf', contentType: 'application/pdf', blob: theirs };
    await expect(api.submit(event('D2', { extraAttachments: [extra] }))).rejects.toMatchObject({
      code: 'NOT_FOUND',
      errors: [{ path: 'extraAttachments.0.blob' }],
    });
    expect(await store.get('cronus', 'D1')).toBeNull();
    expect(stream.messages).toEqual([]);
    const mine = await blobs.putBytes(new TextEncoder().encode('{"a":1}'), 'cronus');
    expect(await api.submit(event('D3', { datasetBlob: mine }))).toMatchObject({
      status: 'received',
    });
  });

  it('answers a known event with its status and does not publish a finished one again', async () => {
    await api.submit(event('A1'));
    const stored = await store.get('cronus', 'A1');
    await store.update({ ...stored!.value, status: 'queued' }, stored!.revision);
    expect(await api.submit(event('A1'))).toEqual({
      eventId: 'A1',
      status: 'queued',
      duplicate: true,
    });
    expect(stream.messages).toHaveLength(1);
  });

  it('leaves no record behind when the stream does not take the event', async () => {
    stream.failNext = true;
    await expect(api.submit(event('A1'))).rejects.toBeInstanceOf(UnavailableError);
    await expect(api.get('cronus', 'A1')).rejects.toMatchObject({ code: 'NOT_FOUND' });
  });

  it('moves a dataset over the NATS payload budget to the blob store, keeping the header fields', async () => {
    const lines = Array.from({ length: 4000 }, (_, i) => ({ no: i, description: 'x'.repeat(250) }));
    await api.submit(
      event('BIG', { dataset: { currency: 'EUR', amountDue: 9, companyName: 'CRONUS', lines } }),
    );
    const published = JSON.parse(new TextDecoder().decode(stream.messages[0]!.data));
    expect(stream.messages[0]!.data.byteLength).toBeLessThan(INLINE_EVENT_LIMIT);
    expect(published.dataset).toEqual({ currency: 'EUR', amountDue: 9, companyName: 'CRONUS' });
    const stored = JSON.parse(
      new TextDecoder().decode(await blobs.getBytes(published.datasetBlob.sha256)),
    );
    expect(stored.lines).toHaveLength(4000);
  });

  it('moves a large inline e-document to the blob store before the dataset', async () => {
    const xml = `<Invoice>${'<Note>x</Note>'.repeat(45_000)}</Invoice>`;
    const lines = Array.from({ length: 1500 }, (_, i) => ({ no: i, description: 'x'.repeat(250) }));
    await api.submit(
      event('EDOC', {
        dataset: { currency: 'EUR', amountDue: 5, companyName: 'CRONUS', lines },
        eDocument: { format: 'PEPPOL BIS3', rootElement: 'Invoice', xml },
      }),
    );
    const published = JSON.parse(new TextDecoder().decode(stream.messages[0]!.data));
    expect(stream.messages[0]!.data.byteLength).toBeLessThan(INLINE_EVENT_LIMIT);
    expect(published.eDocument).toEqual({
      format: 'PEPPOL BIS3',
      rootElement: 'Invoice',
      blob: expect.objectContaining({ size: xml.length }),
    });
    // Without the e-document the event fits: the dataset stays inline.
    expect(published.dataset.lines).toHaveLength(1500);
    expect(new TextDecoder().decode(await blobs.getBytes(published.eDocument.blob.sha256))).toBe(
      xml,
    );
  });
});

describe('EventsApi.list', () => {
  it('counts per status, shows progress and pages newest first', async () => {
    for (const id of ['E1', 'E2', 'E3', 'E4', 'E5']) {
      await api.submit(event(id));
    }
    for (const [id, status] of [
      ['E1', 'queued'],
      ['E2', 'failed'],
      ['E3', 'skipped'],
    ] as const) {
      const s = await store.get('cronus', id);
      await store.update({ ...s!.value, status }, s!.revision);
    }
    const first = await api.list('cronus', { limit: 2 });
    expect(first.counts).toEqual({
      received: 2,
      processing: 0,
      rendered: 0,
      queued: 1,
      sent: 0,
      draft: 0,
      skipped: 1,
      failed: 1,
    });
    expect(first.total).toBe(5);
    expect(first.progress).toEqual({ done: 3, pending: 2, percent: 60 });
    expect(first.items.map((r) => r.eventId)).toEqual(['E5', 'E4']);
    const second = await api.list('cronus', { limit: 2, cursor: first.nextCursor ?? undefined });
    expect(second.items.map((r) => r.eventId)).toEqual(['E3', 'E2']);
    const third = await api.list('cronus', { limit: 2, cursor: second.nextCursor ?? undefined });
    expect(third.items.map((r) => r.eventId)).toEqual(['E1']);
    expect(third.nextCursor).toBeNull();
    // A cursor the API did not issue is a client's mistake (400), not "from the start".
    for (const cursor of ['nonsense', Buffer.from('x|E3').toString('base64url')]) {
      await expect(api.list('cronus', { limit: 2, cursor })).rejects.toBeInstanceOf(
        ValidationError,
      );
    }
    const failed = await api.list('cronus', { limit: 50, status: 'failed' });
    expect(failed.items.map((r) => r.eventId)).toEqual(['E2']);
    const byNumber = await api.list('cronus', { limit: 50, documentNo: 'E4' });
    expect(byNumber.items.map((r) => r.eventId)).toEqual(['E4']);
    expect(byNumber.total).toBe(5);
    expect((await api.list('fabrikam', { limit: 50 })).total).toBe(0);
  });

  it('never shows the internal stream bookkeeping', async () => {
    await api.submit(event('E1'));
    const [item] = (await api.list('cronus', { limit: 1 })).items;
    expect(item).not.toHaveProperty('claimSeq');
    expect(item).not.toHaveProperty('sourceSeq');
  });
});

describe('EventsApi.retry', () => {
  it('republishes a failed event from the stream and marks it received', async () => {
    await api.submit(event('F1'));
    const s = await store.get('cronus', 'F1');
    await store.update(
      {
        ...s!.value,
        status: 'failed',
        reason: 'renderer down',
        errorCode: 'UNAVAILABLE',
        sourceSeq: 1,
      },
      s!.revision,
    );
    const record = await api.retry('cronus', 'F1', 'anna');
    expect(record).toMatchObject({ status: 'received', errorCode: null });
    expect(record.reason).toContain('anna');
    expect(stream.messages).toHaveLength(2);
    expect(stream.messages[1]?.data).toEqual(stream.messages[0]?.data);
    expect(stream.messages[1]?.msgId).not.toBe('F1');
  });

  it('refuses events that did not fail, and unknown or other companies’ events', async () => {
    await api.submit(event('Q1'));
    await expect(api.retry('cronus', 'Q1', 'anna')).rejects.toMatchObject({
      code: 'INVALID_STATE',
    });
    await expect(api.retry('cronus', 'nope', 'anna')).rejects.toMatchObject({ code: 'NOT_FOUND' });
    await expect(api.retry('fabrikam', 'Q1', 'anna')).rejects.toMatchObject({ code: 'NOT_FOUND' });
  });
});
