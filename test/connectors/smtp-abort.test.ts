import { type Account, SmtpConnector, staticAccessToken } from '@verzend/connectors';
import {
  createLogger,
  createRegistry,
  DeliveryError,
  type EmailRecord,
  OutboundGuard,
  Telemetry,
} from '@verzend/shared';
import { describe, expect, it } from 'vitest';
import { compose, createSmtpAccount, waitForStatus } from '../dispatcher/helpers';
import { SmtpSink, startStack } from '../harness';

const logger = createLogger({ service: 'test', level: 'silent' });

async function until(what: string, check: () => boolean, timeoutMs = 40_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > deadline) {
      throw new Error(`gave up waiting for ${what}`);
    }
    await new Promise((r) => setTimeout(r, 10));
  }
}

function smtpAccount(port: number): Account {
  return {
    id: 'acc1',
    company: 'cronus',
    name: 'Sales',
    emailAddress: 'sales@cronus.example',
    settings: {
      connector: 'smtp',
      host: '127.0.0.1',
      port,
      tls: 'none',
      verifyCertificate: false,
      auth: 'anonymous',
      senderType: 'specific-user',
      senderSubstitution: 'none',
    },
    isDefault: true,
    needsCredentials: false,
    missingCredentials: [],
    secretsSet: [],
    version: 1,
    createdAt: '',
    updatedAt: '',
    rateLimitPerMinute: 0,
    concurrencyLimit: 1,
    maxAttempts: 1,
    dailyRecipientQuota: 0,
  } as unknown as Account;
}

const message = {
  emailId: 'e1',
  company: 'cronus',
  messageId: '<e1.cronus@cronus.example>',
  from: { address: 'sales@cronus.example', name: 'Sales' },
  to: [{ address: 'ap@fabrikam.example' }],
  cc: [],
  bcc: [],
  replyTo: [],
  subject: 'Slow server',
  html: '<p>x</p>',
  text: 'x',
  headers: {},
  attachments: [],
  user: { id: 'u1', email: 'jane@cronus.example', name: 'Jane', licence: 'full' as const },
  attempt: 1,
};

describe('SMTP connector - an aborted send', () => {
  it('closes the connection mid-DATA at once: the send rejects and the server never commits the message', async () => {
    // The server has the whole message and holds its answer; it commits only with the answer.
    const holdMs = 3_000;
    await using sink = await SmtpSink.start({ dataDelayMs: holdMs, commitOnReply: true });
    const telemetry = new Telemetry({ service: 'test', logger, registry: createRegistry('test') });
    // Socket time-outs far longer than the hold: only the abort can end this send early.
    const connector = new SmtpConnector({
      logger,
      telemetry,
      blobs: undefined as never,
      captureDir: '/tmp',
      sendTimeoutMs: 60_000,
      getAccessToken: staticAccessToken,
      outbound: new OutboundGuard({ allow: ['127.0.0.0/8'], denyPrivate: false }),
    });
    try {
      const controller = new AbortController();
      const sending = connector
        .send(message, {
          account: smtpAccount(sink.port),
          secrets: {},
          logger,
          telemetry,
          signal: controller.signal,
        })
        .then(
          () => undefined,
          (err: unknown) => err,
        );
      await until('the server to hold the message', () => sink.holding === 1);
      const abortedAt = Date.now();
      controller.abort(new Error('the send timed out'));
      const err = await sending;
      expect(Date.now() - abortedAt).toBeLessThan(1_000);
      expect(err).toBeInstanceOf(DeliveryError);
      expect(err).toMatchObject({ code: 'TIMEOUT', retry: true });
      // Past the end of the hold: the client hung up before the answer, so nothing was committed.
      await until('the server to see the client hang up', () => sink.receiving === 0);
      await new Promise((r) => setTimeout(r, holdMs));
      expect(sink.abandoned).toBe(1);
      expect(sink.messages).toHaveLength(0);
    } finally {
      await connector.close();
    }
  });
});

describe('dispatcher - a send that timed out through SMTP', () => {
  it('fails the attempt with TIMEOUT, and nothing is delivered', async () => {
    // The server holds every DATA for a minute and commits only with its answer. (The pool's
    // socket time-out equals the send time-out here, so this end-to-end check alone would not
    // tell an aborted send from one cut by the socket time-out: the test above does.)
    await using sink = await SmtpSink.start({ dataDelayMs: 60_000, commitOnReply: true });
    await using stack = await startStack({
      services: ['config', 'dispatcher'],
      serviceEnv: { dispatcher: { SEND_TIMEOUT_MS: '500' } },
    });
    const account = await createSmtpAccount(stack, sink.port, {
      concurrencyLimit: 1,
      maxAttempts: 1,
    });
    const res = await compose(stack, {
      to: ['ap@fabrikam.example'],
      subject: 'Slow server',
      text: 'x',
      accountId: account.id,
    });
    expect(res.status).toBe(202);
    const queued = (await res.json()) as EmailRecord;
    const failed = await waitForStatus(stack, queued.id, ['sent', 'failed']);
    expect(failed.status).toBe('failed');
    expect(failed.attempts[0]?.errorCode).toBe('TIMEOUT');
    // The connection carrying it was closed long before the server's answer: the send cannot
    // finish later, and its lease is not outlived by an open delivery.
    await until('the server to see the client hang up', () => sink.receiving === 0);
    expect(sink.abandoned).toBe(1);
    expect(sink.messages).toHaveLength(0);
  });
});
