import { Kvm } from '@nats-io/kv';
import { connect } from '@nats-io/transport-node';
import { listKeys } from '@verzend/shared';
import { describe, expect, it } from 'vitest';
import { TestNatsServer } from '../harness';

describe('listKeys on a real bucket', () => {
  it('lists the live keys under a filter: deleted and purged keys are left out, others are not touched', async () => {
    await using ns = await TestNatsServer.start();
    const nc = await connect({ servers: ns.url });
    try {
      const kv = await new Kvm(nc).create('listing', { history: 1 });
      for (const key of ['acme.e1', 'acme.e2', 'acme.e3', 'acme.e4', 'other.e1']) {
        await kv.put(key, key);
      }
      await kv.put('acme.e2', 'again');
      await kv.delete('acme.e3');
      await kv.purge('acme.e4');
      expect((await listKeys(kv, 'acme.>')).sort()).toEqual(['acme.e1', 'acme.e2']);
      expect(await listKeys(kv, 'nobody.>')).toEqual([]);
      expect((await listKeys(kv)).sort()).toEqual(['acme.e1', 'acme.e2', 'other.e1']);
    } finally {
      await nc.close();
    }
  });
});
