import { jetstream, jetstreamManager } from '@nats-io/jetstream';
import { headers } from '@nats-io/nats-core';
import { eventEmailId, GENERATION_HEADER } from '@verzend/dispatcher/testing';
import {
  type ComposeEmail,
  EmailRecord,
  Rpc,
  requestJson,
  Streams,
  Subjects,
} from '@verzend/shared';
import { describe, expect, it } from 'vitest';
import { SmtpSink, type Stack, startStack } from '../harness';
import { createSmtpAccount, waitForStatus } from './helpers';

const receivedAt = '2026-11-20T09:15:00.000Z';

function email(subject: string, mode: 'send' | 'draft' = 'send'): ComposeEmail {
  return {
    to: [{ address: 'ap@fabrikam.example', name: 'Fabrikam' }],
    cc: [],
    bcc: [],
    replyTo: [],
    subject,
    text: `${subject} attached`,
    attachments: [],
    relatedRecords: [],
    headers: {},
    mode,
    addDefaultAttachments: false,
  };
}

/** The outbox port over NATS, as the intake calls it for a posting event. */
function enqueue(
  stack: Stack,
  accountId: string,
  subject: string,
  sourceEventId?: string,
  mode: 'send' | 'draft' = 'send',
) {
  return requestJson(
    stack.nc,
    Rpc.dispatcherEnqueue,
    {
      company: stack.company,
      owner: { userId: 'admin', email: 'admin@cronus.example', licence: 'full' },
      email: { ...email(subject, mode), accountId },
      ...(sourceEventId ? { sourceEventId, sourceReceivedAt: receivedAt } : {}),
    },
    EmailRecord,
    { timeoutMs: 10_000 },
  );
}

/**
 * Enqueues an email without an event and waits until it is sent. The account sends one
 * email at a time in stream order, so any pointer published before it has been handled too.
 */
async function drain(stack: Stack, accountId: string, sink: SmtpSink): Promise<void> {
  const sentinel = await enqueue(stack, accountId, 'Sentinel');
  await waitForStatus(stack, sentinel.id, ['sent']);
  await sink.waitFor(sink.messages.length);
}

function deliveredWith(sink: SmtpSink, messageId: string): number {
  return sink.messages.filter((m) => m.parsed.messageId === messageId).length;
}

describe('dispatcher - posting event hand-off is exactly-once', () => {
  it('returns the same email for a replayed event, queued or already sent, and sends it once', async () => {
    await using sink = await SmtpSink.start();
    await using stack = await startStack({ services: ['config', 'dispatcher'] });
    const account = await createSmtpAccount(stack, sink.port, { concurrencyLimit: 1 });

    const first = await enqueue(stack, account.id, 'Invoice 103045', 'SI-103045-1');
    expect(first.id).toBe(eventEmailId(stack.company, 'SI-103045-1', receivedAt));
    // Replayed while still queued (the crash came after the record, before the event record).
    const whileQueued = await enqueue(stack, account.id, 'Invoice 103045', 'SI-103045-1');
    expect(whileQueued.id).toBe(first.id);
    const sent = await waitForStatus(stack, first.id, ['sent', 'failed']);
    expect(sent.status).toBe('sent');
    // Replayed long after it was sent: still the same email, nothing new.
    const afterSent = await enqueue(stack, account.id, 'Invoice 103045', 'SI-103045-1');
    expect(afterSent.id).toBe(first.id);
    expect(afterSent.status).toBe('sent');
    await drain(stack, account.id, sink);

    expect(deliveredWith(sink, first.messageId)).toBe(1);
    const again = await waitForStatus(stack, first.id, ['sent']);
    expect(again.attempts).toHaveLength(1);
    // The same event id in another company, or no event at all, is a different email.
    const plain = await enqueue(stack, account.id, 'Invoice 103045');
    expect(plain.id).not.toBe(first.id);
    await waitForStatus(stack, plain.id, ['sent']);
  });

  it('a crash between pointer and record: the replay sends once, whether or not the orphan pointer was dropped', async () => {
    await using sink = await SmtpSink.start();
    await using stack = await startStack({ services: ['config', 'dispatcher'] });
    const account = await createSmtpAccount(stack, sink.port, { concurrencyLimit: 1 });
    const js = jetstream(stack.nc);
    const jsm = await jetstreamManager(stack.nc);
    // What the crashed first try left behind: the pointer of generation 1, no record.
    const orphan = async (eventId: string) => {
      const id = eventEmailId(stack.company, eventId, receivedAt);
      const h = headers();
      h.set(GENERATION_HEADER, '1');
      const ack = await js.publish(
        Subjects.outbox(stack.company, account.id),
        JSON.stringify({ company: stack.company, emailId: id, accountId: account.id }),
        { msgID: `${id}.1`, headers: h },
      );
      return ack.seq;
    };
    // A: the sender already dropped the orphan (its grace ran out); the duplicate window
    // would swallow a plain re-publish of the same pointer.
    const droppedSeq = await orphan('SI-1');
    await jsm.streams.deleteMessage(Streams.outbox.name, droppedSeq);
    // B: the orphan is still in the stream when the replay comes.
    await orphan('SI-2');

    const a = await enqueue(stack, account.id, 'Invoice 1', 'SI-1');
    const b = await enqueue(stack, account.id, 'Invoice 2', 'SI-2');
    expect((await waitForStatus(stack, a.id, ['sent', 'failed'])).status).toBe('sent');
    expect((await waitForStatus(stack, b.id, ['sent', 'failed'])).status).toBe('sent');
    await drain(stack, account.id, sink);

    expect(deliveredWith(sink, a.messageId)).toBe(1);
    expect(deliveredWith(sink, b.messageId)).toBe(1);
    const finalB = await waitForStatus(stack, b.id, ['sent']);
    expect(finalB.attempts).toHaveLength(1);
  });

  it('a replayed event that produced a draft returns the same draft', async () => {
    await using stack = await startStack({ services: ['config', 'dispatcher'] });
    await using sink = await SmtpSink.start();
    const account = await createSmtpAccount(stack, sink.port);
    const first = await enqueue(stack, account.id, 'Credit memo 7', 'CM-7', 'draft');
    const again = await enqueue(stack, account.id, 'Credit memo 7', 'CM-7', 'draft');
    expect(first.status).toBe('draft');
    expect(again.id).toBe(first.id);
    const list = await stack.fetch('dispatcher', '/v1/outbox?status=draft');
    const page = (await list.json()) as { items: { id: string }[] };
    expect(page.items.map((i) => i.id)).toEqual([first.id]);
  });

  it('a replay that claims to be the first try is still caught when the record is created', async () => {
    await using sink = await SmtpSink.start();
    await using stack = await startStack({ services: ['config', 'dispatcher'] });
    const account = await createSmtpAccount(stack, sink.port, { concurrencyLimit: 1 });
    const first = await enqueue(stack, account.id, 'Invoice 9', 'SI-9');
    await waitForStatus(stack, first.id, ['sent']);
    const replay = await requestJson(
      stack.nc,
      Rpc.dispatcherEnqueue,
      {
        company: stack.company,
        owner: { userId: 'admin', email: 'admin@cronus.example', licence: 'full' },
        email: { ...email('Invoice 9'), accountId: account.id },
        sourceEventId: 'SI-9',
        sourceReceivedAt: receivedAt,
        sourceFirstTry: true,
      },
      EmailRecord,
      { timeoutMs: 10_000 },
    );
    expect(replay.id).toBe(first.id);
    expect(replay.status).toBe('sent');
    await drain(stack, account.id, sink);
    expect(deliveredWith(sink, first.messageId)).toBe(1);
  });
});
