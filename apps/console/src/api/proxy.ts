/**
 * The backend-for-frontend: `/api/<service>/v1/…` is forwarded to that
 * service's `/v1/…` with a bearer token minted here from the session, so the
 * browser never holds one. Bodies stream both ways (uploads up to the
 * services' own limits, with the browser's progress events intact).
 * @module
 */
import type { Hono } from 'hono';
import type { ConsoleEnv } from '../context';

/** Base URLs of the three services. */
export interface ApiTargets {
  config: string;
  dispatcher: string;
  renderer: string;
}

const FORWARDED_REQUEST = ['accept', 'content-type', 'content-length', 'idempotency-key'];
const FORWARDED_RESPONSE = [
  'content-type',
  'content-length',
  'content-disposition',
  'location',
  'retry-after',
  'idempotent-replayed',
  'x-request-id',
];

/** Registers the forwarding routes; `mintToken` gives the signed-in user's service token. */
export function registerApiProxy(
  app: Hono<ConsoleEnv>,
  targets: ApiTargets,
  mintToken: (c: { get: (k: 'session') => ConsoleEnv['Variables']['session'] }) => Promise<string>,
): void {
  app.all('/api/:service{config|dispatcher|renderer}/v1/*', async (c) => {
    const service = c.req.param('service') as keyof ApiTargets;
    const incoming = new URL(c.req.url);
    const path = incoming.pathname.slice(`/api/${service}`.length);
    const target = `${targets[service].replace(/\/$/, '')}${path}${incoming.search}`;
    const headers = new Headers({ authorization: `Bearer ${await mintToken(c)}` });
    for (const name of FORWARDED_REQUEST) {
      const value = c.req.header(name);
      if (value !== undefined) {
        headers.set(name, value);
      }
    }
    const hasBody = !['GET', 'HEAD'].includes(c.req.method);
    const upstream = await fetch(target, {
      method: c.req.method,
      headers,
      ...(hasBody ? { body: c.req.raw.body, duplex: 'half' } : {}),
      redirect: 'manual',
    } as RequestInit);
    const out = new Headers({ 'cache-control': 'no-store' });
    for (const name of FORWARDED_RESPONSE) {
      const value = upstream.headers.get(name);
      if (value !== null) {
        out.set(
          name,
          name === 'location' ? value.replace(/^\/v1\//, `/api/${service}/v1/`) : value,
        );
      }
    }
    return new Response(upstream.body, { status: upstream.status, headers: out });
  });
}
