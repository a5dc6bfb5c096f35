/**
 * Property-based fuzzing of every route that takes a body, on all three
 * services: routes come from each service's OpenAPI document (so a new route is
 * covered without touching this file), bodies from `fuzz-bodies.ts`. Every
 * case must answer 4xx problem+json, no prototype may be polluted, and every
 * process must stay up. The run is bounded (cases per route and a time limit)
 * and writes what it ran to `.data/fuzz-summary.json`.
 */

import { readFileSync } from 'node:fs';
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import { compose, createCaptureAccount } from '../dispatcher/helpers';
import { type ServiceName, type Stack, startStack } from '../harness';
import { LAYOUTS_DIR } from '../renderer/fixtures';
import { hostileBody } from './fuzz-bodies';

/** Cases per route; with the 22 body routes of today this is 1,100 requests. */
const CASES_PER_ROUTE = Number(process.env.FUZZ_CASES_PER_ROUTE ?? 50);
/** Overall budget: the property stops generating new cases after this (CI ≤ 60 s). */
const BUDGET_MS = 45_000;
const SERVICES: ServiceName[] = ['config', 'renderer', 'dispatcher'];
const BODY_METHODS = new Set(['post', 'put', 'patch']);

interface Route {
  service: ServiceName;
  method: string;
  path: string;
}

const summary = {
  seed: 0,
  routes: [] as string[],
  cases: 0,
  byStatus: {} as Record<string, number>,
  byKind: {} as Record<string, number>,
  failures: [] as string[],
};

afterAll(async () => {
  await mkdir('.data', { recursive: true });
  await writeFile('.data/fuzz-summary.json', `${JSON.stringify(summary, null, 2)}\n`);
});

/** Real ids, so handlers past the id look-up see the hostile bodies too. */
interface Ids {
  account: string;
  email: string;
  layout: string;
}

/** Fills path parameters: real ids where the fixture has one, a well-formed unknown id elsewhere. */
function fillPath(path: string, ids: Ids): string {
  const id = path.startsWith('/v1/accounts/')
    ? ids.account
    : path.startsWith('/v1/emails/')
      ? ids.email
      : path.startsWith('/v1/layouts/')
        ? ids.layout
        : 'zzfuzz0001';
  return path
    .replace('{code}', 'sales-invoice')
    .replace('{usage}', 'sales-invoice')
    .replace(/\{[^}]+\}/g, id);
}

async function createFixtures(stack: Stack): Promise<Ids> {
  const account = await createCaptureAccount(stack);
  const draft = await compose(stack, { subject: 'Fuzz draft', text: 'x', mode: 'draft' });
  const form = new FormData();
  form.set('file', new Blob([readFileSync(join(LAYOUTS_DIR, 'formatting.docx'))]), 'fuzz.docx');
  const layout = await stack.fetch('config', '/v1/layouts', { method: 'POST', body: form });
  expect(layout.status).toBe(201);
  return {
    account: account.id,
    email: ((await draft.json()) as { id: string }).id,
    layout: ((await layout.json()) as { id: string }).id,
  };
}

describe('request-body fuzzing', () => {
  it('answers every hostile body on every body route with 4xx problem+json and stays up', async () => {
    await using stack = await startStack({
      // Small caps keep "oversize" cases cheap.
      serviceEnv: { config: { MAX_LAYOUT_BYTES: '65536', MAX_ATTACHMENT_BYTES: '65536' } },
    });
    const unhandled: unknown[] = [];
    const onUnhandled = (reason: unknown) => unhandled.push(reason);
    process.on('unhandledRejection', onUnhandled);
    process.on('uncaughtException', onUnhandled);
    try {
      const routes: Route[] = [];
      for (const service of SERVICES) {
        const doc = (await (await fetch(`${stack.url(service)}/openapi.json`)).json()) as {
          paths: Record<string, Record<string, unknown>>;
        };
        for (const [path, ops] of Object.entries(doc.paths)) {
          for (const [method, op] of Object.entries(ops)) {
            const takesBody = (op as { requestBody?: unknown }).requestBody !== undefined;
            if (BODY_METHODS.has(method) && takesBody && path.startsWith('/v1/')) {
              routes.push({ service, method: method.toUpperCase(), path });
            }
          }
        }
      }
      summary.routes = routes.map((r) => `${r.service} ${r.method} ${r.path}`);
      // Every service documents its body routes; fewer means the enumeration broke.
      for (const service of SERVICES) {
        expect(routes.filter((r) => r.service === service).length, service).toBeGreaterThan(0);
      }
      const ids = await createFixtures(stack);
      const bearer = await stack.token();
      const deadline = Date.now() + BUDGET_MS;
      // FUZZ_SEED replays a failed run: its summary line prints the seed.
      summary.seed = process.env.FUZZ_SEED ? Number(process.env.FUZZ_SEED) : Date.now() % 2 ** 31;
      for (const [index, route] of routes.entries()) {
        if (Date.now() > deadline) {
          break;
        }
        await fc.assert(
          fc.asyncProperty(hostileBody, async (body) => {
            const headers: Record<string, string> = { authorization: `Bearer ${bearer}` };
            if (body.contentType !== undefined) {
              headers['content-type'] = body.contentType;
            }
            const res = await fetch(`${stack.url(route.service)}${fillPath(route.path, ids)}`, {
              method: route.method,
              headers,
              body: body.body,
            });
            const text = await res.text();
            summary.cases++;
            summary.byStatus[res.status] = (summary.byStatus[res.status] ?? 0) + 1;
            summary.byKind[body.kind] = (summary.byKind[body.kind] ?? 0) + 1;
            const where = `${route.service} ${route.method} ${route.path} ${body.kind}`;
            const problem =
              res.status >= 400 &&
              res.status < 500 &&
              (res.headers.get('content-type') ?? '').includes('application/problem+json') &&
              typeof (JSON.parse(text) as { code?: unknown }).code === 'string';
            if (!problem) {
              summary.failures.push(`${where} → ${res.status} ${text.slice(0, 200)}`);
            }
            expect(problem, `${where} → ${res.status} ${text.slice(0, 300)}`).toBe(true);
            expect(({} as Record<string, unknown>).polluted, where).toBeUndefined();
          }),
          {
            numRuns: CASES_PER_ROUTE,
            seed: summary.seed + index,
            interruptAfterTimeLimit: Math.max(1, deadline - Date.now()),
            markInterruptAsFailure: false,
            endOnFailure: true,
          },
        );
      }
      for (const service of SERVICES) {
        expect((await fetch(`${stack.url(service)}/healthz`)).status, service).toBe(200);
      }
      expect(unhandled).toEqual([]);
      expect(summary.cases).toBeGreaterThanOrEqual(routes.length);
    } finally {
      process.off('unhandledRejection', onUnhandled);
      process.off('uncaughtException', onUnhandled);
    }
  }, 90_000);
});
