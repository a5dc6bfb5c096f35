import { describe, expect, it } from 'vitest';
import { createVerifier, signToken } from '../auth';
import { createLogger } from '../logger';
import { createRegistry } from '../metrics';
import { createServiceApp } from './app';
import { MemoryRateCounter, type RateCounter } from './rate-limit';

const secret = 'a-test-secret-that-is-long-enough-for-hs256';
const logger = createLogger({ service: 'test', level: 'silent' });

function build(counter: RateCounter, now = () => 1_000_000) {
  const app = createServiceApp({
    service: 'test',
    version: 'test',
    description: 'test',
    logger,
    registry: createRegistry('test', false),
    verifyToken: createVerifier({ secret }),
    readiness: [],
    rateLimit: { counter, perToken: 3, perCompany: 5, windowS: 60, logger, now },
  });
  app.get('/v1/thing', (c) => c.json({ ok: true }));
  return app;
}

const token = (sub: string, company = 'cronus') => signToken(secret, { sub, company });
const get = async (app: ReturnType<typeof build>, bearer: string) =>
  app.request('/v1/thing', { headers: { authorization: `Bearer ${bearer}` } });

describe('API rate limits', () => {
  it('limits each token and each company per window, with RateLimit fields and Retry-After', async () => {
    const app = build(new MemoryRateCounter());
    const a = await token('a');
    const first = await get(app, a);
    expect(first.status).toBe(200);
    expect(first.headers.get('ratelimit-policy')).toBe('"token";q=3;w=60, "company";q=5;w=60');
    expect(first.headers.get('ratelimit')).toBe('"token";r=2;t=20');
    expect((await get(app, a)).status).toBe(200);
    expect((await get(app, a)).status).toBe(200);
    const over = await get(app, a);
    expect(over.status).toBe(429);
    expect(over.headers.get('retry-after')).toBe('20');
    expect(over.headers.get('ratelimit')).toBe('"token";r=0;t=20');
    expect(await over.json()).toMatchObject({ code: 'RATE_LIMITED', retry: true });

    // Another token of the same company has its own token budget, but the company's is shared.
    const b = await token('b');
    expect((await get(app, b)).status).toBe(200);
    const companyOver = await get(app, b);
    expect(companyOver.status).toBe(429);
    expect(companyOver.headers.get('ratelimit')).toMatch(/^"company";r=0;/);
    // Another company is not affected.
    expect((await get(app, await token('c', 'fabrikam'))).status).toBe(200);
  });

  it('starts afresh in the next window', async () => {
    let t = 1_000_000;
    const app = build(new MemoryRateCounter(), () => t);
    const a = await token('a');
    for (let i = 0; i < 3; i++) {
      expect((await get(app, a)).status).toBe(200);
    }
    expect((await get(app, a)).status).toBe(429);
    t += 60_000;
    expect((await get(app, a)).status).toBe(200);
  });
});
