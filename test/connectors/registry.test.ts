import { builtInConnectors } from '@verzend/connectors';
import type { EmailRecord } from '@verzend/shared';
import { describe, expect, it } from 'vitest';
import { compose, waitForStatus } from '../dispatcher/helpers';
import { type Stack, startStack } from '../harness';
import { memoryRelay, relayed } from './memory-relay';

const relayAccount = (settings: Record<string, unknown>, extra: Record<string, unknown> = {}) => ({
  method: 'POST',
  headers: { 'content-type': 'application/json' },
  body: JSON.stringify({
    name: 'Relay',
    emailAddress: 'relay@cronus.example',
    settings: { connector: 'memory-relay', ...settings },
    ...extra,
  }),
});

async function fieldsOf(res: Response): Promise<string[]> {
  const body = (await res.json()) as { errors?: { path: string }[] };
  return (body.errors ?? []).map((e) => e.path);
}

describe('connector registry - a connector is a folder and one registration', () => {
  it('config accepts accounts of a registered connector by its own schema, rules, secrets and defaults, and the dispatcher sends through it', async () => {
    await using stack = await startStack({
      services: ['config', 'dispatcher'],
      connectors: builtInConnectors.with(memoryRelay),
    });
    const relay = `r${stack.company}`;
    // The connector's schema: its required field is named.
    const missing = await stack.fetch('config', '/v1/accounts', relayAccount({}));
    expect(missing.status).toBe(400);
    expect(await fieldsOf(missing)).toContain('settings.relay');
    // Its own rule.
    const ruled = await stack.fetch('config', '/v1/accounts', relayAccount({ relay, tag: relay }));
    expect(ruled.status).toBe(400);
    expect(await fieldsOf(ruled)).toEqual(['settings.tag']);
    // Its defaults and its secret.
    const created = await stack.fetch('config', '/v1/accounts', relayAccount({ relay }));
    expect(created.status).toBe(201);
    const account = (await created.json()) as Record<string, unknown> & { id: string };
    expect(account).toMatchObject({
      settings: { connector: 'memory-relay', relay, tag: 'verzend' },
      rateLimitPerMinute: 120,
      dailyRecipientQuota: 5_000,
      needsCredentials: true,
      missingCredentials: ["accessToken: the relay's API key"],
    });
    const keyed = await stack.fetch('config', `/v1/accounts/${account.id}`, {
      method: 'PATCH',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ secrets: { accessToken: 'relay-key-1' } }),
    });
    expect(keyed.status).toBe(200);
    expect(await keyed.json()).toMatchObject({
      needsCredentials: false,
      secretsSet: ['accessToken'],
    });

    // Its capabilities bound what the outbox takes.
    const tooMany = await compose(stack, {
      to: ['a@fabrikam.example', 'b@fabrikam.example', 'c@fabrikam.example'],
      subject: 'Three',
      text: 'x',
      accountId: account.id,
    });
    expect(tooMany.status).toBe(400);
    // And the dispatcher sends through its runtime, with the opened secret.
    const res = await compose(stack, {
      to: ['ap@fabrikam.example'],
      subject: 'Invoice 103045',
      text: 'Dear customer',
      accountId: account.id,
    });
    expect(res.status).toBe(202);
    const queued = (await res.json()) as EmailRecord;
    const sent = await waitForStatus(stack, queued.id, ['sent', 'failed']);
    expect(sent.status).toBe('sent');
    expect(sent.providerMessageId).toBe(`${relay}-1`);
    expect(relayed.get(relay)).toEqual([
      {
        relay,
        tag: 'verzend',
        apiKey: 'relay-key-1',
        to: ['ap@fabrikam.example'],
        subject: 'Invoice 103045',
        text: 'Dear customer',
      },
    ]);
  });

  it('refuses the connector where it is not registered', async () => {
    await using stack: Stack = await startStack({ services: ['config'] });
    const res = await stack.fetch('config', '/v1/accounts', relayAccount({ relay: 'r1' }));
    expect(res.status).toBe(400);
    expect(await fieldsOf(res)).toContain('settings.connector');
  });
});
