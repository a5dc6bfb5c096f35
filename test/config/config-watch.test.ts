import { type ConfigChange, watchConfigChanges } from '@verzend/shared';
import { describe, expect, it } from 'vitest';
import { startStack } from '../harness';
import { call, captureAccount, createAccount } from './helpers';

describe('config: change watch for caches', () => {
  it("reports each change of a company's configuration, also across a nats-server restart", async () => {
    await using stack = await startStack({ services: ['config'] });
    const changes: ConfigChange[] = [];
    const watch = await watchConfigChanges(stack.nc, (c) => changes.push(c), {
      company: stack.company,
    });
    const until = async (pred: () => boolean) => {
      for (let i = 0; i < 200 && !pred(); i++) {
        await new Promise((r) => setTimeout(r, 25));
      }
      expect(pred()).toBe(true);
    };
    const account = await createAccount(stack, captureAccount());
    await until(() => changes.some((c) => c.kind === 'account' && c.operation === 'PUT'));
    expect(changes.every((c) => c.company === stack.company)).toBe(true);

    await call(
      stack,
      'PUT',
      '/v1/sending-profiles/EMAIL',
      { email: 'no' },
      { company: 'someone-else' },
    );
    await stack.nats.restart();
    await call(stack, 'PUT', '/v1/report-selections/reminder', {
      entries: [{ sequence: 1, reportId: 117 }],
    });
    await call(stack, 'DELETE', `/v1/accounts/${account.id}`);
    await until(() => changes.some((c) => c.kind === 'report-selection'));
    await until(() => changes.some((c) => c.kind === 'account' && c.operation === 'DEL'));
    expect(changes.some((c) => c.kind === 'sending-profile')).toBe(false);
    await watch.stop();
  });
});
