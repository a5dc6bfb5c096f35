import type { JsMsg } from '@nats-io/jetstream';
import { createLogger, type StatusUpdate, type WebhookEndpoint } from '@verzend/shared';
import { describe, expect, it, vi } from 'vitest';
import type { DeliveryLog } from './deliveries';
import { type FanoutDeps, fanOut, statusCompany } from './fanout';
import type { WebhookTarget, WebhookTargetSource } from './targets';

const update: StatusUpdate = {
  id: 'e1:3',
  kind: 'email.sent',
  company: 'cronus',
  at: '2026-12-07T09:00:00.000Z',
  emailId: 'e1',
};

function message(subject: string, data: unknown) {
  const settled: string[] = [];
  const msg = {
    subject,
    seq: 7,
    data: new TextEncoder().encode(typeof data === 'string' ? data : JSON.stringify(data)),
    info: { deliveryCount: 1 },
    ack: () => settled.push('ack'),
    term: () => settled.push('term'),
    nak: () => settled.push('nak'),
  };
  return { msg: msg as unknown as JsMsg, settled };
}

function endpoint(enabled: boolean): WebhookTarget {
  const e: WebhookEndpoint = {
    id: 'w1',
    company: 'cronus',
    url: 'https://hooks.fabrikam.example/verzend',
    kinds: ['email.sent', 'email.failed'],
    enabled,
    description: '',
    disabledReason: null,
    secretCreatedAt: '2026-12-01T00:00:00.000Z',
    version: 1,
    createdAt: '2026-12-01T00:00:00.000Z',
    updatedAt: '2026-12-01T00:00:00.000Z',
  };
  return { endpoint: e, secret: 'whsec_x' };
}

function deps(targets: WebhookTarget[] | Error) {
  const forCompany = vi.fn(async (_company: string) => {
    if (targets instanceof Error) {
      throw targets;
    }
    return targets;
  });
  const create = vi.fn(async () => {});
  const publish = vi.fn(async () => ({ seq: 1, duplicate: false }));
  const d = {
    js: { publish },
    targets: { forCompany } as unknown as WebhookTargetSource,
    log: { create } as unknown as DeliveryLog,
    logger: createLogger({ service: 'test', level: 'silent' }),
  } as unknown as FanoutDeps;
  return { d, forCompany, create, publish };
}

describe('statusCompany', () => {
  it('reads the company from a status subject, and nothing from another subject', () => {
    expect(statusCompany('verzend.status.cronus.email.sent')).toBe('cronus');
    expect(statusCompany('verzend.status.cronus')).toBe('cronus');
    expect(statusCompany('verzend.outbox.cronus.e1')).toBeUndefined();
    expect(statusCompany('verzend.status')).toBeUndefined();
  });
});

describe('fanOut', () => {
  it('acks a change of a company without enabled endpoints before reading it', async () => {
    for (const targets of [[], [endpoint(false)]]) {
      const { d, forCompany, create } = deps(targets);
      // Not JSON at all: it is never parsed.
      const { msg, settled } = message('verzend.status.cronus.email.sent', '{not json');
      await fanOut(msg, d);
      expect(forCompany).toHaveBeenCalledWith('cronus');
      expect(settled).toEqual(['ack']);
      expect(create).not.toHaveBeenCalled();
    }
  });

  it('queues one delivery per enabled endpoint that wants the kind, then acks', async () => {
    const wantsOther = endpoint(true);
    wantsOther.endpoint = { ...wantsOther.endpoint, id: 'w2', kinds: ['email.failed'] };
    const { d, create, publish } = deps([endpoint(true), endpoint(false), wantsOther]);
    const { msg, settled } = message('verzend.status.cronus.email.sent', update);
    await fanOut(msg, d);
    expect(create).toHaveBeenCalledTimes(1);
    expect(publish).toHaveBeenCalledTimes(1);
    expect(settled).toEqual(['ack']);
  });

  it('drops a message whose body names another company than its subject', async () => {
    const { d, create } = deps([endpoint(true)]);
    const { msg, settled } = message('verzend.status.cronus.email.sent', {
      ...update,
      company: 'fabrikam',
    });
    await fanOut(msg, d);
    expect(settled).toEqual(['term']);
    expect(create).not.toHaveBeenCalled();
  });

  it('drops a message that is not on a status subject without asking for endpoints', async () => {
    const { d, forCompany } = deps([endpoint(true)]);
    const { msg, settled } = message('verzend.outbox.cronus.e1', update);
    await fanOut(msg, d);
    expect(settled).toEqual(['term']);
    expect(forCompany).not.toHaveBeenCalled();
  });

  it('tries again later when the endpoints cannot be read', async () => {
    const { d } = deps(new Error('config unavailable'));
    const { msg, settled } = message('verzend.status.cronus.email.sent', update);
    await fanOut(msg, d);
    expect(settled).toEqual(['nak']);
  });
});
