/**
 * A webhook receiver for the tests: a real HTTP server on 127.0.0.1 that
 * verifies every request with the Standard Webhooks reference library and
 * answers with scripted statuses (then 204).
 * @module
 */
import { createServer, type IncomingHttpHeaders } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Webhook } from 'standardwebhooks';
import { track } from '../harness';

/** One request the receiver got. */
export interface Received {
  headers: IncomingHttpHeaders;
  body: string;
  /** The body as the reference library verified it, or the verification error. */
  verified: unknown;
  verifyError: string | null;
}

/** A running receiver. */
export interface Receiver {
  url: string;
  received: Received[];
  /** Sets the signing secret to verify with (known once the endpoint is created). */
  setSecret(secret: string): void;
  /** Statuses to answer, in order; after them, `fallback`. */
  script(statuses: number[], fallback?: number): void;
  /** Waits until `n` requests arrived. */
  waitFor(n: number, timeoutMs?: number): Promise<Received[]>;
  [Symbol.asyncDispose](): Promise<void>;
}

/** Starts a receiver. */
export async function startReceiver(): Promise<Receiver> {
  const received: Received[] = [];
  let secret = '';
  let queue: number[] = [];
  let fallback = 204;
  const server = createServer((req, res) => {
    let body = '';
    req.on('data', (c: Buffer) => {
      body += c.toString('utf8');
    });
    req.on('end', () => {
      let verified: unknown = null;
      let verifyError: string | null = null;
      try {
        verified = new Webhook(secret).verify(body, req.headers as Record<string, string>);
      } catch (err) {
        verifyError = (err as Error).message;
      }
      received.push({ headers: req.headers, body, verified, verifyError });
      res.writeHead(queue.shift() ?? fallback, { 'content-type': 'text/plain' }).end('noted');
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const untrack = track('webhook receiver');
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/hooks/verzend`,
    received,
    setSecret: (s) => {
      secret = s;
    },
    script: (statuses, fb = 204) => {
      queue = [...statuses];
      fallback = fb;
    },
    async waitFor(n, timeoutMs = 20_000) {
      const deadline = Date.now() + timeoutMs;
      while (received.length < n) {
        if (Date.now() > deadline) {
          throw new Error(`the receiver got ${received.length} requests, not ${n}`);
        }
        await new Promise((r) => setTimeout(r, 20));
      }
      return received;
    },
    async [Symbol.asyncDispose]() {
      server.closeAllConnections();
      await new Promise<void>((r) => server.close(() => r()));
      untrack();
    },
  };
}
