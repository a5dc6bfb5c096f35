import { openApiDocument as configDocument } from '@verzend/config';
import { openApiDocument as dispatcherDocument } from '@verzend/dispatcher';
import { openApiDocument as rendererDocument } from '@verzend/renderer';
import { describe, expect, it } from 'vitest';
import { startStack } from '../harness';

type Operation = { operationId?: string; summary?: string };
const METHODS = ['get', 'put', 'post', 'delete', 'patch', 'head', 'options', 'trace'];

const documents = {
  config: configDocument,
  dispatcher: dispatcherDocument,
  renderer: rendererDocument,
};

describe('OpenAPI documents of all three services', () => {
  it('give every operation a unique operationId and a summary', async () => {
    for (const [service, build] of Object.entries(documents)) {
      const doc = await build();
      const ids = new Set<string>();
      const problems: string[] = [];
      let count = 0;
      for (const [path, item] of Object.entries(
        doc.paths as Record<string, Record<string, Operation>>,
      )) {
        for (const method of METHODS) {
          const op = item[method];
          if (!op) {
            continue;
          }
          count++;
          const where = `${service} ${method.toUpperCase()} ${path}`;
          if (!op.operationId || !/^[a-z][A-Za-z0-9]+$/.test(op.operationId)) {
            problems.push(`${where}: operationId ${op.operationId}`);
          } else if (ids.has(op.operationId)) {
            problems.push(`${where}: duplicate operationId ${op.operationId}`);
          }
          ids.add(op.operationId ?? '');
          if (!op.summary?.trim()) {
            problems.push(`${where}: no summary`);
          }
        }
      }
      expect(problems).toEqual([]);
      expect(count, service).toBeGreaterThan(2);
    }
  });

  it('serve /docs with the reference UI from the package, no CDN', async () => {
    await using stack = await startStack({ services: ['renderer'] });
    const base = stack.url('renderer');
    const page = await (await fetch(`${base}/docs`)).text();
    const sources = [...page.matchAll(/(?:src|href)="([^"]+)"/g)].map((m) => m[1] ?? '');
    expect(sources.length).toBeGreaterThan(2);
    for (const src of sources) {
      expect(src, 'every asset is served by the service itself').toMatch(/^\/docs\//);
      const res = await fetch(`${base}${src}`);
      expect(res.status, src).toBe(200);
      await res.arrayBuffer();
    }
    const bundle = await fetch(`${base}/docs/swagger-ui-bundle.js`);
    expect(bundle.headers.get('content-type')).toContain('javascript');
    expect((await bundle.arrayBuffer()).byteLength).toBeGreaterThan(500_000);
    expect((await fetch(`${base}/docs/..%2Fpackage.json`)).status).toBe(404);
  });
});
