import { readEnv, startDispatcherService } from '@verzend/dispatcher';
import { createLogger, type EmailRecord } from '@verzend/shared';
import { describe, expect, it, vi } from 'vitest';
import { freePort, SmtpSink, startStack, TestNatsServer } from '../harness';
import { compose, createSmtpAccount } from './helpers';

const messageIdOf = (raw: Buffer) =>
  raw
    .toString('latin1')
    .match(/^Message-ID: (.*)$/im)?.[1]
    ?.trim();

describe('dispatcher - graceful shutdown and concurrent requests', () => {
  it('a replica stopped gracefully mid-batch finishes its sends and hands the rest over: nothing lost, nothing twice', async () => {
    await using sink = await SmtpSink.start({ parse: false });
    await using stack = await startStack({ services: ['config', 'dispatcher'] });
    const other = await startDispatcherService(readEnv({ ...stack.env, DISPATCHER_ID: 'other' }), {
      logger: createLogger({ service: 'test', level: 'silent' }),
    });
    try {
      const account = await createSmtpAccount(stack, sink.port, { concurrencyLimit: 4 });
      const total = 150;
      await Promise.all(
        Array.from({ length: total }, (_, i) =>
          compose(stack, {
            to: [`g${i}@fabrikam.example`],
            subject: `G${i}`,
            text: 'x',
            accountId: account.id,
          }).then((r) => expect(r.status).toBe(202)),
        ),
      );
      await sink.waitFor(20, 20_000);
      await stack.stopService('dispatcher');
      await sink.waitFor(total, 30_000);
      const ids = sink.messages.map((m) => messageIdOf(m.raw));
      expect(new Set(ids).size).toBe(total);
      expect(ids).toHaveLength(total);
    } finally {
      await other.stop();
    }
  });

  it('the same Idempotency-Key sent twice at once creates one email', async () => {
    await using stack = await startStack({ services: ['config', 'dispatcher'] });
    const account = await createSmtpAccount(stack, 1, {
      name: 'Nowhere',
      emailAddress: 'n@cronus.example',
    });
    const body = {
      to: ['a@fabrikam.example'],
      subject: 'Once',
      text: 'x',
      accountId: account.id,
      mode: 'draft',
    };
    const responses = await Promise.all(
      Array.from({ length: 5 }, () =>
        compose(stack, body, { headers: { 'idempotency-key': 'burst-1' } }),
      ),
    );
    const created = responses.filter((r) => r.status === 201);
    const busy = responses.filter((r) => r.status === 409);
    expect(created.length + busy.length).toBe(5);
    expect(created.length).toBeGreaterThanOrEqual(1);
    for (const r of busy) {
      expect(r.headers.get('retry-after')).toBe('1');
    }
    const ids = new Set(
      await Promise.all(created.map(async (r) => ((await r.json()) as EmailRecord).id)),
    );
    expect(ids.size).toBe(1);
    const drafts = await stack.fetch('dispatcher', '/v1/outbox?status=draft');
    expect(((await drafts.json()) as { items: EmailRecord[] }).items).toHaveLength(1);
  });

  it('a start that fails part-way (port in use) leaves no NATS connection or sender behind', async () => {
    const monitor = await freePort();
    await using nats = await TestNatsServer.start({ extraArgs: ['-m', String(monitor)] });
    await using stack = await startStack({ services: ['config', 'dispatcher'], nats });
    const connections = async () =>
      (
        (await (await fetch(`http://127.0.0.1:${monitor}/connz`)).json()) as {
          num_connections: number;
        }
      ).num_connections;
    const before = await connections();
    const taken = new URL(stack.url('dispatcher')).port;
    const failed = await startDispatcherService(
      readEnv({ ...stack.env, DISPATCHER_ID: 'late', PORT: taken }),
      { logger: createLogger({ service: 'test', level: 'silent' }) },
    ).catch((err: unknown) => err);
    expect(failed).toBeInstanceOf(Error);
    await vi.waitFor(async () => expect(await connections()).toBe(before), { timeout: 3_000 });
  });
});
