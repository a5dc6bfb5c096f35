import { connect } from '@nats-io/transport-node';
import {
  createLogger,
  createRegistry,
  createServiceApp,
  createVerifier,
  KvRateCounter,
  openBucket,
  signToken,
} from '@verzend/shared';
import { describe, expect, it } from 'vitest';
import { startStack, TestNatsServer } from '../harness';

const secret = 'a-test-secret-that-is-long-enough-for-hs256';
const logger = createLogger({ service: 'test', level: 'silent' });

describe('API rate limits across replicas', () => {
  it('two replicas counting in one KV bucket let exactly the limit through', async () => {
    await using ns = await TestNatsServer.start();
    const ncs = await Promise.all([connect({ servers: ns.url }), connect({ servers: ns.url })]);
    try {
      const replicas = await Promise.all(
        ncs.map(async (nc) => {
          const app = createServiceApp({
            service: 'test',
            version: 'test',
            description: 'test',
            logger,
            registry: createRegistry('test', false),
            verifyToken: createVerifier({ secret }),
            readiness: [],
            rateLimit: {
              counter: new KvRateCounter(await openBucket(nc, 'apiLimits')),
              perToken: 1_000,
              perCompany: 25,
              windowS: 600,
              logger,
            },
          });
          app.get('/v1/thing', (c) => c.json({ ok: true }));
          return app;
        }),
      );
      // 60 requests at once from 6 tokens of one company, spread over both replicas.
      const tokens = await Promise.all(
        Array.from({ length: 6 }, (_, i) => signToken(secret, { sub: `u${i}`, company: 'cronus' })),
      );
      const [one, two] = replicas;
      if (!one || !two) {
        throw new Error('two replicas expected');
      }
      const statuses: number[] = await Promise.all(
        Array.from({ length: 60 }, async (_, i) => {
          const res = await (i % 2 ? two : one).request('/v1/thing', {
            headers: { authorization: `Bearer ${tokens[i % tokens.length]}` },
          });
          return res.status;
        }),
      );
      expect(statuses.filter((s) => s === 200)).toHaveLength(25);
      expect(statuses.filter((s) => s === 429)).toHaveLength(35);

      // A burst of 300 at once from one token of another company: its hits on one key are
      // counted exactly (no request loses a race into a refusal), so exactly 25 pass.
      const burstToken = await signToken(secret, { sub: 'burst', company: 'fabrikam' });
      const burst: number[] = await Promise.all(
        Array.from({ length: 300 }, async (_, i) => {
          const res = await (i % 2 ? two : one).request('/v1/thing', {
            headers: { authorization: `Bearer ${burstToken}` },
          });
          return res.status;
        }),
      );
      expect(burst.filter((s) => s === 200)).toHaveLength(25);
      expect(burst.filter((s) => s === 429)).toHaveLength(275);
    } finally {
      await Promise.all(ncs.map((nc) => nc.close()));
    }
  });

  it('is on in every service by default and answers 429 problem+json with Retry-After', async () => {
    await using stack = await startStack({
      env: { API_RATE_LIMIT_PER_TOKEN: '4', API_RATE_LIMIT_PER_COMPANY: '1000' },
    });
    for (const service of ['config', 'renderer', 'dispatcher'] as const) {
      const bearer = await stack.token({ sub: `limit-${service}` });
      const statuses: number[] = [];
      let last: Response | undefined;
      for (let i = 0; i < 5; i++) {
        last = await stack.fetch(service, '/v1/nothing-here', {
          headers: { authorization: `Bearer ${bearer}` },
        });
        statuses.push(last.status);
      }
      expect(statuses, service).toEqual([404, 404, 404, 404, 429]);
      expect(last?.headers.get('content-type')).toContain('application/problem+json');
      expect(Number(last?.headers.get('retry-after'))).toBeGreaterThan(0);
      expect(last?.headers.get('ratelimit-policy')).toContain('"token";q=4;w=60');
    }
  });
});
