import type { EmailRecord } from '@verzend/shared';
import { describe, expect, it } from 'vitest';
import { SmtpSink, startStack } from '../harness';
import { compose, createSmtpAccount, waitForStatus } from './helpers';

describe('dispatcher - NATS restart', () => {
  it('loses nothing when nats-server restarts in the middle of a batch', async () => {
    await using sink = await SmtpSink.start({ parse: false });
    await using stack = await startStack({
      services: ['config', 'dispatcher'],
      serviceEnv: { dispatcher: { ACK_WAIT_MS: '1000', RESCAN_INTERVAL_MS: '200' } },
    });
    const account = await createSmtpAccount(stack, sink.port, { concurrencyLimit: 3 });
    const total = 200;
    const ids: string[] = [];
    for (let i = 0; i < total; i += 25) {
      ids.push(
        ...(await Promise.all(
          Array.from({ length: 25 }, (_, k) =>
            compose(stack, {
              to: [`r${i + k}@fabrikam.example`],
              subject: `Restart ${i + k}`,
              text: 'x',
              accountId: account.id,
            }).then(async (r) => {
              expect(r.status).toBe(202);
              return ((await r.json()) as EmailRecord).id;
            }),
          ),
        )),
      );
    }
    await sink.waitFor(20, 20_000);
    await stack.nats.restart();
    for (const id of ids) {
      const record = await waitForStatus(stack, id, ['sent', 'failed'], 30_000);
      expect(record.status).toBe('sent');
    }
    const unique = new Set(
      sink.messages.map((m) =>
        m.raw
          .toString('latin1')
          .match(/^Message-ID: (.*)$/im)?.[1]
          ?.trim(),
      ),
    );
    expect(unique.size).toBe(total);
    // Only sends in flight during the outage can be repeated.
    expect(sink.messages.length - unique.size).toBeLessThanOrEqual(3);
  });
});
