/**
 * `pnpm bench config`: how fast the dispatcher's per-email look-up runs,
 * `resolve-account` (config: scenario → account, KV reads, the sealed secrets;
 * then the dispatcher's AES-GCM opening of them, ADR-0018), one at a time and
 * with 64 in flight, against a baseline in the same run: a bare NATS echo
 * responder on the same server.
 * @module
 */
import { performance } from 'node:perf_hooks';
import { ResolveAccountResponse } from '@verzend/connectors';
import { SecretOpener } from '@verzend/dispatcher';
import { KeyRing, Rpc, requestJson } from '@verzend/shared';
import { startStack } from '../test/harness';
import { percentile, printResult, printTable } from './util';

const SEQUENTIAL = 1_000;
const CONCURRENT = 5_000;
const IN_FLIGHT = 64;

// Benchmarks measure look-ups, not the API limits: off explicitly.
const stack = await startStack({
  services: ['config'],
  env: { API_RATE_LIMIT_ENABLED: 'false' },
});
try {
  const post = async (path: string, body: unknown, method = 'POST') => {
    const res = await stack.fetch('config', path, {
      method,
      body: JSON.stringify(body),
      headers: { 'content-type': 'application/json' },
    });
    if (!res.ok) {
      throw new Error(`${path}: ${res.status} ${await res.text()}`);
    }
    return (await res.json()) as { id: string };
  };
  const ids: string[] = [];
  for (let i = 0; i < 10; i++) {
    const a = await post('/v1/accounts', {
      name: `Mailbox ${i}`,
      emailAddress: `box${i}@cronus.example`,
      settings: { connector: 'smtp', host: 'smtp.cronus.example', userName: `box${i}` },
      secrets: { password: `password-${i}`, clientSecret: `client-secret-${i}` },
    });
    ids.push(a.id);
  }
  await post('/v1/scenarios/sales-invoice/account', { accountId: ids[3] }, 'PUT');

  const echo = stack.nc.subscribe('bench.echo', {
    callback: (_e, m) => {
      m.respond(m.data);
    },
  });
  const payload = { company: stack.company, scenario: 'sales-invoice' };
  const opener = new SecretOpener(KeyRing.parse(stack.env.SECRETS_KEYS as string));
  const resolve = async () => {
    const sealed = await requestJson(
      stack.nc,
      Rpc.configResolveAccount,
      payload,
      ResolveAccountResponse,
    );
    return opener.account(stack.company, sealed.account.id, sealed.secrets);
  };
  const ping = () => stack.nc.request('bench.echo', JSON.stringify(payload));

  const sequential = async (fn: () => Promise<unknown>) => {
    const times: number[] = [];
    for (let i = 0; i < SEQUENTIAL; i++) {
      const t0 = performance.now();
      await fn();
      times.push(performance.now() - t0);
    }
    return times;
  };
  const concurrent = async (fn: () => Promise<unknown>) => {
    let next = 0;
    const t0 = performance.now();
    await Promise.all(
      Array.from({ length: IN_FLIGHT }, async () => {
        while (next++ < CONCURRENT) {
          await fn();
        }
      }),
    );
    return CONCURRENT / ((performance.now() - t0) / 1000);
  };

  await sequential(resolve); // warm-up
  const resolveTimes = await sequential(resolve);
  const echoTimes = await sequential(ping);
  const resolveRate = await concurrent(resolve);
  const echoRate = await concurrent(ping);
  echo.unsubscribe();

  printTable([
    {
      what: 'resolve-account (KV + decrypt)',
      p50Ms: percentile(resolveTimes, 50),
      p99Ms: percentile(resolveTimes, 99),
      perSecAt64: Math.round(resolveRate),
    },
    {
      what: 'baseline: NATS echo',
      p50Ms: percentile(echoTimes, 50),
      p99Ms: percentile(echoTimes, 99),
      perSecAt64: Math.round(echoRate),
    },
  ]);
  printResult('config', {
    resolveP50Ms: percentile(resolveTimes, 50),
    resolveP99Ms: percentile(resolveTimes, 99),
    resolvePerSec: Math.round(resolveRate),
    echoP50Ms: percentile(echoTimes, 50),
    echoPerSec: Math.round(echoRate),
    throughputVsEcho: resolveRate / echoRate,
  });
} finally {
  await stack.stop();
}
