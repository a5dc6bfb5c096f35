import { createServer, type IncomingHttpHeaders } from 'node:http';
import type { AddressInfo } from 'node:net';
import { OutboundGuard } from '@verzend/shared';
import { Webhook } from 'standardwebhooks';
import { describe, expect, it } from 'vitest';
import { postWebhook, signedHeaders } from './http-post';

const SECRET = `whsec_${Buffer.alloc(32, 7).toString('base64')}`;
const loopback = new OutboundGuard({ allow: ['127.0.0.0/8'], denyPrivate: false });
const strict = new OutboundGuard({ allow: [], denyPrivate: false });

async function receiver(status: number, answer = 'ok') {
  const seen: { headers: IncomingHttpHeaders; body: string }[] = [];
  const server = createServer((req, res) => {
    let body = '';
    req.on('data', (c: Buffer) => {
      body += c.toString('utf8');
    });
    req.on('end', () => {
      seen.push({ headers: req.headers, body });
      res.writeHead(status).end(answer);
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/hook`,
    seen,
    close: () => new Promise<void>((r) => server.close(() => r())),
  };
}

describe('webhook attempt', () => {
  it('signs so that the reference library verifies it', () => {
    const body = JSON.stringify({ type: 'email.sent' });
    const headers = signedHeaders(SECRET, 'st_1', new Date(), body);
    expect(headers['webhook-signature']).toMatch(/^v1,/);
    expect(new Webhook(SECRET).verify(body, headers)).toEqual({ type: 'email.sent' });
    expect(() => new Webhook(SECRET).verify(`${body} `, headers)).toThrow();
  });

  it('posts, and keeps only a short excerpt of a failing answer', async () => {
    const r = await receiver(500, 'x'.repeat(5_000));
    try {
      const body = '{"a":1}';
      const attempt = await postWebhook(
        { url: r.url, secret: SECRET, webhookId: 'st_2', body },
        { guard: loopback, timeoutMs: 5_000, attempt: 3 },
      );
      expect(attempt).toMatchObject({ attempt: 3, responseCode: 500, succeeded: false });
      expect(attempt.error).toBe('HTTP 500');
      expect(attempt.responseExcerpt?.length).toBe(256);
      const got = r.seen[0];
      expect(got?.body).toBe(body);
      expect(got?.headers['webhook-id']).toBe('st_2');
      expect(new Webhook(SECRET).verify(body, got?.headers as Record<string, string>)).toEqual({
        a: 1,
      });
    } finally {
      await r.close();
    }
  });

  it('refuses loopback unless allowed, without connecting', async () => {
    const r = await receiver(200);
    try {
      const attempt = await postWebhook(
        { url: r.url, secret: SECRET, webhookId: 'st_3', body: '{}' },
        { guard: strict, timeoutMs: 5_000, attempt: 1 },
      );
      expect(attempt.succeeded).toBe(false);
      expect(attempt.error).toMatch(/not allowed/);
      expect(r.seen).toHaveLength(0);
    } finally {
      await r.close();
    }
  });

  it('gives up on a receiver that does not answer in time', async () => {
    const server = createServer(() => undefined);
    await new Promise<void>((res) => server.listen(0, '127.0.0.1', res));
    const { port } = server.address() as AddressInfo;
    try {
      const attempt = await postWebhook(
        { url: `http://127.0.0.1:${port}/`, secret: SECRET, webhookId: 'st_4', body: '{}' },
        { guard: loopback, timeoutMs: 200, attempt: 1 },
      );
      expect(attempt).toMatchObject({ responseCode: null, succeeded: false });
      expect(attempt.error).toMatch(/no answer within 200 ms/);
    } finally {
      server.closeAllConnections();
      await new Promise<void>((res) => server.close(() => res()));
    }
  });
});
