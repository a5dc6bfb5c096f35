/**
 * A raw HTTP client for abuse tests: streams a body of any size without
 * holding it, takes the response even when the server answers before the body
 * is sent (then stops writing), and exposes the `Connection` header that
 * `fetch` hides.
 * @module
 */
import { type Agent, request } from 'node:http';

/** What a raw request returns. */
export interface RawResponse {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: string;
}

/** Options of {@link rawRequest}. */
export interface RawRequestOptions {
  method?: string;
  headers?: Record<string, string>;
  /** Chunks of the body, written with backpressure until the server answers. */
  body?: Iterable<Uint8Array | string> | AsyncIterable<Uint8Array | string>;
  agent?: Agent;
}

/** Sends one request; resolves with the response (write errors after an early answer are expected). */
export function rawRequest(url: string, opts: RawRequestOptions = {}): Promise<RawResponse> {
  return new Promise((resolve, reject) => {
    let answered = false;
    const req = request(url, {
      method: opts.method ?? 'POST',
      headers: opts.headers,
      ...(opts.agent ? { agent: opts.agent } : {}),
    });
    req.on('response', (res) => {
      answered = true;
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () =>
        resolve({
          status: res.statusCode ?? 0,
          headers: res.headers,
          body: Buffer.concat(chunks).toString('utf8'),
        }),
      );
      res.on('error', reject);
    });
    req.on('error', (err) => {
      if (!answered) {
        reject(err);
      }
    });
    void (async () => {
      try {
        for await (const chunk of opts.body ?? []) {
          if (answered || req.destroyed) {
            break;
          }
          if (!req.write(chunk)) {
            await new Promise<void>((r) => {
              const done = () => {
                req.off('drain', done);
                req.off('close', done);
                r();
              };
              req.on('drain', done);
              req.on('close', done);
            });
          }
        }
      } finally {
        if (!req.destroyed) {
          req.end();
        }
      }
    })();
  });
}

/** A multipart/form-data body builder whose parts can break every rule on purpose. */
export function multipart(
  boundary: string,
  parts: { disposition: string; type?: string; body: string | Uint8Array }[],
  closing = true,
): Buffer {
  const out: Buffer[] = [];
  for (const p of parts) {
    out.push(
      Buffer.from(
        `--${boundary}\r\nContent-Disposition: ${p.disposition}\r\n${p.type ? `Content-Type: ${p.type}\r\n` : ''}\r\n`,
      ),
    );
    out.push(Buffer.from(p.body));
    out.push(Buffer.from('\r\n'));
  }
  if (closing) {
    out.push(Buffer.from(`--${boundary}--\r\n`));
  }
  return Buffer.concat(out);
}
