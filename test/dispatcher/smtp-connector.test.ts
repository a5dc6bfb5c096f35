import { createHash, randomBytes } from 'node:crypto';
import { Readable } from 'node:stream';
import { type Account, SmtpConnector, staticAccessToken } from '@verzend/connectors';
import {
  createLogger,
  createRegistry,
  DeliveryError,
  OutboundGuard,
  Telemetry,
} from '@verzend/shared';
import { describe, expect, it } from 'vitest';
import { SmtpSink } from '../harness';

const logger = createLogger({ service: 'test', level: 'silent' });

function account(port: number, settings: Record<string, unknown>): Account {
  return {
    id: 'acc1',
    company: 'cronus',
    name: 'Sales',
    emailAddress: 'sales@cronus.example',
    settings: { connector: 'smtp', host: '127.0.0.1', port, verifyCertificate: false, ...settings },
    isDefault: true,
    needsCredentials: false,
    secretsSet: [],
    version: 1,
    createdAt: '',
    updatedAt: '',
    rateLimitPerMinute: 0,
    concurrencyLimit: 2,
    maxAttempts: 3,
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
  bcc: [{ address: 'audit@cronus.example' }],
  replyTo: [],
  subject: 'Invoice',
  html: '<p><img src="cid:logo@x"></p>',
  text: 'Invoice attached',
  headers: {},
  attachments: [
    {
      fileName: 'invoice.pdf',
      contentType: 'application/pdf',
      size: 5,
      inline: false,
      open: async () => Readable.from([Buffer.from('%PDF-')]),
    },
    {
      fileName: 'logo.png',
      contentType: 'image/png',
      size: 3,
      inline: true,
      contentId: 'logo@x',
      open: async () => Readable.from([Buffer.from('PNG')]),
    },
  ],
  user: { id: 'u1', email: 'jane@cronus.example', name: 'Jane', licence: 'full' as const },
  attempt: 1,
};

function connector() {
  const registry = createRegistry('test', false);
  const telemetry = new Telemetry({ service: 'test', logger, registry });
  const c = new SmtpConnector({
    logger,
    telemetry,
    blobs: undefined as never,
    captureDir: '/tmp',
    sendTimeoutMs: 10_000,
    getAccessToken: staticAccessToken,
    outbound: new OutboundGuard({ allow: ['127.0.0.0/8'], denyPrivate: false }),
  });
  return { c, telemetry, registry };
}

/** A send context for an anonymous account without TLS on `port`. */
function plainContext(port: number, telemetry: Telemetry) {
  return {
    account: account(port, { tls: 'none', auth: 'anonymous' }),
    secrets: {},
    logger,
    telemetry,
    signal: new AbortController().signal,
  };
}

describe('SMTP connector', () => {
  it('XOAUTH2 over implicit TLS, attachments, inline CID image, Bcc only in the envelope', async () => {
    await using sink = await SmtpSink.start({
      tls: 'tls',
      oauthTokens: { 'sales@cronus.example': 'tok-123' },
    });
    const { c, registry } = connector();
    try {
      const acc = account(sink.port, { tls: 'tls', auth: 'oauth2' });
      const ctx = {
        account: acc,
        secrets: { accessToken: 'tok-123' },
        logger,
        telemetry: connector().telemetry,
        signal: new AbortController().signal,
      };
      const result = await c.send(message, ctx);
      expect(result.providerStatus).toBe(250);
      await sink.waitFor(1);
      const got = sink.messages[0];
      expect(got?.user).toBe('sales@cronus.example');
      expect(got?.envelopeTo.sort()).toEqual(['ap@fabrikam.example', 'audit@cronus.example']);
      expect(got?.raw.toString()).not.toMatch(/^Bcc:/im);
      const parts = Object.fromEntries(
        (got?.parsed.attachments ?? []).map((a) => [a.filename, a.contentId ?? null]),
      );
      expect(parts).toEqual({ 'invoice.pdf': null, 'logo.png': '<logo@x>' });
      // A wrong token is a permanent authentication failure.
      const bad = { ...ctx, account: { ...acc, version: 2 }, secrets: { accessToken: 'nope' } };
      const err = await c.send(message, bad).catch((e: unknown) => e);
      expect(err).toBeInstanceOf(DeliveryError);
      expect(err).toMatchObject({ code: 'AUTH_FAILED', retry: false });
      expect(await registry.metrics()).not.toBe('');
    } finally {
      await c.close();
    }
  });

  it('a message under the in-memory limit (built before it is sent) and one over it (its attachment read as the connection takes it) both arrive whole', async () => {
    await using sink = await SmtpSink.start();
    const { c, telemetry } = connector();
    try {
      const ctx = plainContext(sink.port, telemetry);
      // Over the in-memory limit (256 KiB): read chunk by chunk as the connection takes it.
      const big = randomBytes(640 * 1024);
      let chunksRead = 0;
      const large = {
        ...message,
        emailId: 'e2',
        messageId: '<e2.cronus@cronus.example>',
        attachments: [
          {
            fileName: 'scan.pdf',
            contentType: 'application/pdf',
            size: big.length,
            inline: false,
            open: async () =>
              Readable.from(
                (function* () {
                  for (let at = 0; at < big.length; at += 64 * 1024) {
                    chunksRead++;
                    yield big.subarray(at, at + 64 * 1024);
                  }
                })(),
              ),
          },
        ],
      };
      await c.send(message, ctx);
      await c.send(large, ctx);
      await sink.waitFor(2);
      const [small, streamed] = sink.messages;
      expect(small?.parsed.messageId).toBe(message.messageId);
      expect(small?.envelopeTo.sort()).toEqual(['ap@fabrikam.example', 'audit@cronus.example']);
      expect(small?.raw.toString()).not.toMatch(/^Bcc:/im);
      expect(small?.raw.toString()).not.toMatch(/^X-Mailer:/im);
      expect(small?.parsed.attachments.map((a) => a.filename).sort()).toEqual([
        'invoice.pdf',
        'logo.png',
      ]);
      expect(streamed?.parsed.messageId).toBe(large.messageId);
      expect(streamed?.raw.toString()).not.toMatch(/^Bcc:/im);
      expect(streamed?.raw.toString()).not.toMatch(/^X-Mailer:/im);
      const got = streamed?.parsed.attachments[0]?.content ?? Buffer.alloc(0);
      expect(createHash('sha256').update(got).digest('hex')).toBe(
        createHash('sha256').update(big).digest('hex'),
      );
      expect(chunksRead).toBe(10);
    } finally {
      await c.close();
    }
  });

  it('a refused connection is transient (retry), an unknown host port is CONNECTION_FAILED', async () => {
    const { c, telemetry } = connector();
    try {
      const ctx = plainContext(1, telemetry);
      const err = await c.send(message, ctx).catch((e: unknown) => e);
      expect(err).toBeInstanceOf(DeliveryError);
      expect(err).toMatchObject({ code: 'CONNECTION_FAILED', retry: true });
    } finally {
      await c.close();
    }
  });

  it('Send on Behalf: MAIL FROM is the signed-in mailbox (as Sender), From the user; Exchange refuses MAIL FROM the user', async () => {
    // The sink checks Exchange's rule: MAIL FROM must be the signed-in mailbox (no Send As on jane).
    await using sink = await SmtpSink.start({
      users: { 'sales@cronus.example': 's3cret' },
      sendAs: {},
    });
    const { c, telemetry } = connector();
    try {
      const ctx = {
        account: account(sink.port, {
          tls: 'none',
          auth: 'basic',
          userName: 'sales@cronus.example',
          senderSubstitution: 'send-on-behalf',
        }),
        secrets: { password: 's3cret' },
        logger,
        telemetry,
        signal: new AbortController().signal,
      };
      await c.send({ ...message, attachments: [] }, ctx);
      await sink.waitFor(1);
      const got = sink.messages[0];
      expect(got?.envelopeFrom).toBe('sales@cronus.example');
      expect(got?.parsed.from?.value[0]?.address).toBe('jane@cronus.example');
      expect(got?.parsed.headers.get('sender')).toMatchObject({
        value: [{ address: 'sales@cronus.example' }],
      });
      expect(got?.envelopeTo.sort()).toEqual(['ap@fabrikam.example', 'audit@cronus.example']);
    } finally {
      await c.close();
    }
  });

  it('a 421 that closes a reused connection is a failed attempt with the reply, not a silent re-send', async () => {
    await using sink = await SmtpSink.start();
    const { c, telemetry } = connector();
    try {
      const ctx = plainContext(sink.port, telemetry);
      const plain = { ...message, attachments: [] };
      await c.send(plain, ctx);
      sink.scriptMailFrom({ code: 421, message: '4.3.2 Too many messages on this connection' });
      const err = await c
        .send({ ...plain, messageId: '<e2.cronus@cronus.example>' }, ctx)
        .catch((e: unknown) => e);
      expect(err).toBeInstanceOf(DeliveryError);
      expect(err).toMatchObject({ code: 'PROVIDER_THROTTLED', retry: true, providerStatus: 421 });
      expect((err as Error).message).toContain('4.3.2 Too many messages on this connection');
      expect(sink.messages).toHaveLength(1);
    } finally {
      await c.close();
    }
  });
});
