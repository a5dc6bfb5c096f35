import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { jetstreamManager } from '@nats-io/jetstream';
import type { EmailRecord } from '@verzend/shared';
import { describe, expect, it } from 'vitest';
import { compose, createSmtpAccount, waitForStatus } from '../dispatcher/helpers';
import { SmtpSink, startStack, TestNatsServer } from '../harness';

/** A nats-server whose JetStream store holds 20 MB, like a small VM's. */
async function smallServer(dir: string): Promise<TestNatsServer> {
  const conf = join(dir, 'small.conf');
  await writeFile(conf, 'jetstream { max_memory_store: 16MB, max_file_store: 20MB }\n');
  return TestNatsServer.start({ extraArgs: ['-c', conf] });
}

describe('JetStream sizing', () => {
  it('every service starts on a 20 MB store; a full store refuses new email with a retryable problem and loses nothing accepted', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'verzend-small-'));
    await using nats = await smallServer(dir);
    await using sink = await SmtpSink.start();
    await using stack = await startStack({ nats });
    const account = await createSmtpAccount(stack, sink.port);
    const send = (n: number) =>
      compose(stack, {
        to: ['ap@fabrikam.example'],
        subject: `Invoice ${n}`,
        text: 'Attached.',
        accountId: account.id,
      });
    const first = await send(1);
    expect(first.status).toBe(202);
    const accepted = (await first.json()) as EmailRecord;

    // Fill what is left of the store with a stream of our own.
    const jsm = await jetstreamManager(stack.nc);
    await jsm.streams.add({ name: 'FILLER', subjects: ['filler.>'] });
    const js = jsm.jetstream();
    const chunk = new Uint8Array(512 * 1024);
    let full = false;
    for (let i = 0; i < 80 && !full; i++) {
      await js.publish('filler.x', chunk).catch(() => {
        full = true;
      });
    }
    expect(full).toBe(true);

    const refused = await send(2);
    expect([503, 507]).toContain(refused.status);
    const problem = (await refused.json()) as { code: string; detail?: string };
    expect(problem.code).toMatch(/^[A-Z_]+$/);

    // Space comes back: the email accepted before the store filled is sent, exactly once.
    await jsm.streams.delete('FILLER');
    const sent = await waitForStatus(stack, accepted.id, ['sent', 'failed']);
    expect(sent.status).toBe('sent');
    expect(sink.messages.filter((m) => m.parsed.subject === 'Invoice 1')).toHaveLength(1);
    expect((await send(3)).status).toBe(202);
    await rm(dir, { recursive: true, force: true });
  });
});
