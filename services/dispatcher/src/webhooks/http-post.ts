/**
 * One webhook attempt over HTTP: the body signed as the Standard Webhooks
 * specification says (with its reference library, `standardwebhooks`), posted
 * through the outbound target guard (the name is resolved and every address
 * checked at connect time), bounded by a time-out, redirects not followed, and
 * only a short excerpt of the answer kept.
 * @module
 */
import { request as httpRequest, type IncomingMessage } from 'node:http';
import { request as httpsRequest } from 'node:https';
import { isIP } from 'node:net';
import { performance } from 'node:perf_hooks';
import type { OutboundGuard, WebhookAttempt } from '@verzend/shared';
import { Webhook } from 'standardwebhooks';

/** At most this many characters of a receiver's answer are kept. */
export const EXCERPT_CHARS = 256;
const READ_LIMIT = 1024;

/**
 * The three Standard Webhooks headers for a body: `webhook-id` (stable across
 * retries), `webhook-timestamp` (seconds) and `webhook-signature` (`v1,` +
 * base64 HMAC-SHA256 of `id.timestamp.body` under the secret).
 */
export function signedHeaders(
  secret: string,
  webhookId: string,
  timestamp: Date,
  body: string,
): Record<'webhook-id' | 'webhook-timestamp' | 'webhook-signature', string> {
  return {
    'webhook-id': webhookId,
    'webhook-timestamp': String(Math.floor(timestamp.getTime() / 1000)),
    'webhook-signature': new Webhook(secret).sign(webhookId, timestamp, body),
  };
}

/** What one attempt needs. */
export interface WebhookPost {
  url: string;
  secret: string;
  webhookId: string;
  body: string;
}

/** How attempts are made. */
export interface PostOptions {
  guard: OutboundGuard;
  timeoutMs: number;
  /** The attempt's number, recorded in the result. */
  attempt: number;
}

/** Posts one signed attempt; never throws (a failure is a result). */
export async function postWebhook(post: WebhookPost, opts: PostOptions): Promise<WebhookAttempt> {
  const started = performance.now();
  const at = new Date();
  const result = (
    responseCode: number | null,
    error: string | null,
    excerpt: string | null,
  ): WebhookAttempt => ({
    attempt: opts.attempt,
    at: at.toISOString(),
    responseCode,
    durationMs: Math.round(performance.now() - started),
    succeeded: error === null,
    error,
    responseExcerpt: excerpt,
  });
  const refusal = opts.guard.webhookUrlRefusal(post.url);
  if (refusal) {
    return result(null, `target not allowed: ${refusal}`, null);
  }
  const url = new URL(post.url);
  const host = url.hostname.replace(/^\[|\]$/g, '');
  if (isIP(host) && opts.guard.refusal(host)) {
    return result(null, `target not allowed: ${host} is ${opts.guard.refusal(host)}`, null);
  }
  const headers = {
    ...signedHeaders(post.secret, post.webhookId, at, post.body),
    'content-type': 'application/json',
    'content-length': String(Buffer.byteLength(post.body)),
    'user-agent': 'Verzend-Webhooks/1',
  };
  return new Promise<WebhookAttempt>((resolve) => {
    let settled = false;
    const finish = (r: WebhookAttempt) => {
      if (!settled) {
        settled = true;
        clearTimeout(timer);
        resolve(r);
      }
    };
    const send = url.protocol === 'https:' ? httpsRequest : httpRequest;
    const req = send(url, {
      method: 'POST',
      headers,
      lookup: opts.guard.lookup,
      agent: false,
    });
    const timer = setTimeout(() => {
      finish(result(null, `no answer within ${opts.timeoutMs} ms`, null));
      req.destroy();
    }, opts.timeoutMs);
    req.on('error', (err) => finish(result(null, err.message, null)));
    req.on('response', (res: IncomingMessage) => {
      const code = res.statusCode ?? 0;
      const chunks: Buffer[] = [];
      let size = 0;
      const done = () => {
        const excerpt = Buffer.concat(chunks).toString('utf8').slice(0, EXCERPT_CHARS);
        const ok = code >= 200 && code < 300;
        finish(result(code, ok ? null : `HTTP ${code}`, excerpt || null));
        res.destroy();
      };
      res.on('data', (chunk: Buffer) => {
        if (size < READ_LIMIT) {
          chunks.push(chunk.subarray(0, READ_LIMIT - size));
        }
        size += chunk.length;
        if (size >= READ_LIMIT) {
          done();
        }
      });
      res.on('end', done);
      res.on('error', done);
    });
    req.end(post.body);
  });
}
