import { createHash, randomBytes } from 'node:crypto';
import { Agent } from 'node:http';
import { type Socket, connect as tcpConnect } from 'node:net';
import { BlobStore, openBlobStore } from '@verzend/shared';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { compose, createCaptureAccount } from '../dispatcher/helpers';
import { type Stack, startStack } from '../harness';
import { multipart, rawRequest } from './http-client';

const MiB = 1024 * 1024;
const boundary = 'verzend-boundary-1';
const message = JSON.stringify({ to: ['ap@fabrikam.example'], subject: 'Hi', text: 'x' });

let stack: Stack;
let unhandled: unknown[];
const onUnhandled = (reason: unknown) => unhandled.push(reason);

beforeEach(async () => {
  unhandled = [];
  process.on('unhandledRejection', onUnhandled);
  process.on('uncaughtException', onUnhandled);
  stack = await startStack({
    services: ['config', 'dispatcher'],
    env: {
      HTTP_HEADERS_TIMEOUT_MS: '1000',
      HTTP_KEEP_ALIVE_TIMEOUT_MS: '500',
    },
  });
  await createCaptureAccount(stack);
});

afterEach(async () => {
  await stack?.stop();
  process.off('unhandledRejection', onUnhandled);
  process.off('uncaughtException', onUnhandled);
});

async function composeRaw(
  body: Iterable<Uint8Array | string> | AsyncIterable<Uint8Array | string>,
  headers: Record<string, string> = {},
) {
  return rawRequest(`${stack.url('dispatcher')}/v1/emails`, {
    headers: {
      authorization: `Bearer ${await stack.token()}`,
      'content-type': `multipart/form-data; boundary=${boundary}`,
      ...headers,
    },
    body,
  });
}

/** The dispatcher still answers (its process did not end). */
async function stillUp() {
  const res = await fetch(`${stack.url('dispatcher')}/healthz`);
  expect(res.status).toBe(200);
  expect(unhandled).toEqual([]);
}

describe('one request never ends a process', () => {
  it('refuses a compose file part without a name (or with only name*=) with 400', async () => {
    for (const disposition of [
      'form-data; filename="a.pdf"',
      `form-data; name*=UTF-8''invoice.pdf; filename="a.pdf"`,
    ]) {
      const res = await composeRaw([
        multipart(boundary, [
          { disposition: 'form-data; name="message"', body: message },
          { disposition, type: 'application/pdf', body: '%PDF-1.4' },
        ]),
      ]);
      expect(res.status).toBe(400);
      expect(res.headers['content-type']).toContain('application/problem+json');
      expect(JSON.parse(res.body)).toMatchObject({ code: 'VALIDATION_FAILED' });
      await stillUp();
    }
  });

  it('answers a compose upload of 100 MiB + 1 byte with 413, as config and renderer do', async () => {
    async function* body() {
      yield multipart(
        boundary,
        [{ disposition: 'form-data; name="message"', body: message }],
        false,
      );
      yield `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="big.bin"\r\nContent-Type: application/octet-stream\r\n\r\n`;
      const chunk = new Uint8Array(MiB).fill(7);
      for (let i = 0; i < 100; i++) {
        yield chunk;
      }
      yield new Uint8Array([7]);
      yield `\r\n--${boundary}--\r\n`;
    }
    const res = await composeRaw(body());
    expect(res.status).toBe(413);
    expect(JSON.parse(res.body)).toMatchObject({ code: 'PAYLOAD_TOO_LARGE' });
    await stillUp();
  });

  it('refuses the 251st file with the limit named, instead of dropping it', async () => {
    const files = Array.from({ length: 251 }, (_, i) => ({
      disposition: `form-data; name="file"; filename="f${i}.txt"`,
      type: 'text/plain',
      body: `file ${i}`,
    }));
    const res = await composeRaw([
      multipart(boundary, [{ disposition: 'form-data; name="message"', body: message }, ...files]),
    ]);
    expect(res.status).toBe(400);
    expect(JSON.parse(res.body).detail).toContain('at most 250 files');
    await stillUp();
  });

  it('frees the files a refused compose stored, and keeps content that was stored before', async () => {
    const blobs = new BlobStore(await openBlobStore(stack.nc));
    const fresh = randomBytes(300_000);
    const known = Buffer.from('a logo every email carries');
    await blobs.putBytes(known);
    const res = await composeRaw([
      multipart(boundary, [
        { disposition: 'form-data; name="message"', body: '{"subject": not json' },
        { disposition: 'form-data; name="file"; filename="a.bin"', body: fresh },
        { disposition: 'form-data; name="file"; filename="logo.png"', body: known },
      ]),
    ]);
    expect(res.status).toBe(400);
    const sha = (b: Buffer) => createHash('sha256').update(b).digest('hex');
    expect(await blobs.exists(sha(fresh))).toBe(false);
    expect(await blobs.exists(sha(known))).toBe(true);
  });

  it('measures attachment sizes: a blob reference declaring 120 bytes gets the stored size', async () => {
    const content = new Uint8Array(2 * MiB).fill(3);
    const form = new FormData();
    form.set('message', JSON.stringify({ subject: 'upload', text: 'x', mode: 'draft' }));
    form.set('file', new Blob([content]), 'big.bin');
    const draft = await stack.fetch('dispatcher', '/v1/emails', { method: 'POST', body: form });
    expect(draft.status).toBe(201);
    const sha256 = ((await draft.json()) as { attachments: { blob: { sha256: string } }[] })
      .attachments[0]?.blob.sha256;
    const res = await compose(stack, {
      to: ['ap@fabrikam.example'],
      subject: 'lying about size',
      text: 'x',
      mode: 'draft',
      attachments: [{ fileName: 'big.bin', blob: { sha256, size: 120 } }],
    });
    expect(res.status).toBe(201);
    const record = (await res.json()) as { attachments: { blob: { size: number } }[] };
    expect(record.attachments[0]?.blob.size).toBe(2 * MiB);
  });

  it('after an early 413 the config service closes the connection cleanly, and the next request gets through', async () => {
    const agent = new Agent({ keepAlive: true, maxSockets: 1 });
    try {
      const big = await rawRequest(`${stack.url('config')}/v1/accounts`, {
        agent,
        headers: {
          authorization: `Bearer ${await stack.token()}`,
          'content-type': 'application/json',
          'content-length': String(2 * MiB),
        },
        body: [Buffer.alloc(MiB, 32)],
      });
      expect(big.status).toBe(413);
      // The body was not read to its end: the server says so instead of dropping the connection later.
      expect(big.headers.connection).toBe('close');
      const next = await rawRequest(`${stack.url('config')}/v1/accounts`, {
        agent,
        method: 'GET',
        headers: { authorization: `Bearer ${await stack.token()}` },
      });
      expect(next.status).toBe(200);
    } finally {
      agent.destroy();
    }
  });

  it('60 slow-loris connections are closed by the header time limit and do not hold the server', async () => {
    const { port } = new URL(stack.url('config'));
    const sockets: Socket[] = [];
    const closed: Promise<number>[] = [];
    const started = Date.now();
    for (let i = 0; i < 60; i++) {
      const s = tcpConnect(Number(port), '127.0.0.1');
      s.on('error', () => undefined);
      sockets.push(s);
      closed.push(new Promise((r) => s.once('close', () => r(Date.now() - started))));
      s.write('POST /v1/accounts HTTP/1.1\r\nHost: 127.0.0.1\r\n');
    }
    const drip = setInterval(() => {
      for (const s of sockets) {
        if (!s.destroyed) {
          s.write('X-Slow: 1\r\n');
        }
      }
    }, 200);
    try {
      const res = await stack.fetch('config', '/v1/accounts');
      expect(res.status).toBe(200);
      const times = await Promise.race([
        Promise.all(closed),
        new Promise<null>((r) => setTimeout(() => r(null), 8_000)),
      ]);
      expect(times).not.toBeNull();
      expect(Math.max(...(times ?? []))).toBeLessThan(5_000);
    } finally {
      clearInterval(drip);
      for (const s of sockets) {
        s.destroy();
      }
    }
  });

  it('closes an idle keep-alive connection after the configured time', async () => {
    const { port } = new URL(stack.url('config'));
    const s = tcpConnect(Number(port), '127.0.0.1');
    s.on('error', () => undefined);
    const closedAt = new Promise<number>((r) => s.once('close', () => r(Date.now())));
    s.write('GET /healthz HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n');
    const answeredAt = await new Promise<number>((r) => s.once('data', () => r(Date.now())));
    const idle = await Promise.race([
      closedAt.then((t) => t - answeredAt),
      new Promise<number>((r) => setTimeout(() => r(Number.POSITIVE_INFINITY), 5_000)),
    ]);
    s.destroy();
    expect(idle).toBeLessThan(3_000);
  });
});
