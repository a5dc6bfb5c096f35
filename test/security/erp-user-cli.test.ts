/**
 * The documented way to give a company's ERP its NATS credential: run
 * `pnpm --filter @verzend/config erp-user <company>`, paste the printed block
 * into the permissions file, reload nats-server. The printed password and
 * reply prefix then work, for that company's posting events only.
 */
import { jetstream } from '@nats-io/jetstream';
import type { NatsConnection } from '@nats-io/nats-core';
import { connect } from '@nats-io/transport-node';
import { ensureStreams, Subjects } from '@verzend/shared';
import { describe, expect, it } from 'vitest';
import { runConfigCommand } from '../config/helpers';
import { startShippedNats } from '../harness';

describe('per-company ERP credentials', () => {
  it('erp-user prints a block that, pasted and reloaded, lets the ERP publish for its company only', async () => {
    const stdout = await runConfigCommand('erp-user', ['initech'], {});
    const block = stdout
      .split('\n')
      .filter((line) => line.startsWith('    '))
      .join('\n');
    const password = /#\s+password:\s+(\S+)/.exec(stdout)?.[1] as string;
    const inboxPrefix = /#\s+inboxPrefix:\s+(\S+)/.exec(stdout)?.[1] as string;
    expect(block).toContain('user: "erp-initech"');
    expect(block).not.toContain(password);
    expect(inboxPrefix).toBe('_INBOX_erp_initech');

    const shipped = await startShippedNats();
    const clients: NatsConnection[] = [];
    try {
      const dispatcher = await shipped.connect('dispatcher');
      clients.push(dispatcher);
      await ensureStreams(dispatcher);
      const asErp = () =>
        connect({ servers: shipped.nats.url, user: 'erp-initech', pass: password, inboxPrefix });
      await expect(asErp()).rejects.toThrow(/Authorization/);

      await shipped.addUsers([block]);
      let erp: NatsConnection | undefined;
      for (let i = 0; i < 100 && !erp; i++) {
        erp = await asErp().catch(async () => {
          await new Promise((r) => setTimeout(r, 50));
          return undefined;
        });
      }
      expect(erp).toBeDefined();
      clients.push(erp as NatsConnection);
      const js = jetstream(erp as NatsConnection);
      const ack = await js.publish(Subjects.event('initech', 'sales-invoice'), '{}', {
        msgID: 'SI-1',
      });
      expect(ack.stream).toBe('VERZEND_EVENTS');
      await expect(
        js.publish(Subjects.event('acme', 'sales-invoice'), '{}', { timeout: 2000 }),
      ).rejects.toThrow(/Permissions Violation/);
    } finally {
      for (const nc of clients) {
        await nc.close();
      }
      await shipped.dispose();
    }
  });
});
