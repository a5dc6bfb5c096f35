import { type ConfigChange, watchConfigChanges } from '@verzend/shared';
import { describe, expect, it } from 'vitest';
import { startStack } from '../harness';
import { call, captureAccount, createAccount } from './helpers';

describe('config: change watch for caches', () => {
  it("reports each change of a company's configuration, also across a nats-server restart", async () => {
    await using stack = await startStack({ services: ['config'] });
    const changes: ConfigChange[] = [];
    const errors: string[] = [];
    const watch = await watchConfigChanges(stack.nc, (c) => changes.push(c), {
      company: stack.company,
      onError: (e) => errors.push(String(e)),
    });
    const until = async (pred: () => boolean) => {
      for (let i = 0; i < 1200 && !pred(); i++) {
        await new Promise((r) => setTimeout(r, 25));
      }
      expect(pred(), JSON.stringify({ errors, changes })).toBe(true);
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
    // A write racing the restart may be refused with a retryable 503; clients retry it.
    let put = await call(stack, 'PUT', '/v1/report-selections/reminder', {
      entries: [{ sequence: 1, reportId: 117 }],
    });
    for (let i = 0; i < 5 && put.status === 503; i++) {
      expect(put.body).toMatchObject({ code: 'UNAVAILABLE', retry: true });
      put = await call(stack, 'PUT', '/v1/report-selections/reminder', {
        entries: [{ sequence: 1, reportId: 117 }],
      });
    }
    expect(put.status, put.text).toBe(200);
    await call(stack, 'DELETE', `/v1/accounts/${account.id}`);
    await until(() => changes.some((c) => c.kind === 'report-selection'));
    await until(() => changes.some((c) => c.kind === 'account' && c.operation === 'DEL'));
    expect(changes.some((c) => c.kind === 'sending-profile')).toBe(false);
    await watch.stop();
  });
});
