import { describe, expect, it } from 'vitest';
import { startStack } from '../harness';

type Json = Record<string, unknown>;

/** Resolves a local $ref. */
function resolve(node: unknown, doc: Json): Json | undefined {
  const obj = node as Json | undefined;
  const ref = obj?.$ref;
  if (typeof ref !== 'string') {
    return obj;
  }
  return ref
    .replace(/^#\//, '')
    .split('/')
    .reduce<unknown>((o, k) => (o as Json | undefined)?.[k], doc) as Json | undefined;
}

/** True when a request body or response shows a whole example (on the media type or its schema). */
function hasExample(bodyOrResponse: unknown, doc: Json): boolean {
  const content = (bodyOrResponse as Json | undefined)?.content as Record<string, Json> | undefined;
  return Object.values(content ?? {}).some((media) => {
    if ('example' in media || 'examples' in media) {
      return true;
    }
    const schema = resolve(media.schema, doc);
    return (
      schema !== undefined &&
      ('example' in schema || 'examples' in schema || schema.format === 'binary')
    );
  });
}

describe('config: OpenAPI', () => {
  it('documents every /v1 operation with an example, its problems and bearer auth', async () => {
    await using stack = await startStack({ services: ['config'] });
    const doc = (await (await fetch(`${stack.url('config')}/openapi.json`)).json()) as Json;
    expect(doc.openapi).toBe('3.1.0');
    const paths = doc.paths as Record<string, Record<string, Json>>;
    const missing: string[] = [];
    let count = 0;
    for (const [path, ops] of Object.entries(paths)) {
      for (const [method, op] of Object.entries(ops)) {
        count++;
        const responses = op.responses as Record<string, Json>;
        expect(Object.keys(responses), `${method} ${path}`).toContain('401');
        const success = Object.entries(responses).filter(([s]) => s.startsWith('2'));
        expect(success.length, `${method} ${path}`).toBeGreaterThan(0);
        const withBody = success.some(([, r]) => r.content !== undefined);
        const found =
          hasExample(op.requestBody, doc) || success.some(([, r]) => hasExample(r, doc));
        if (!found && (withBody || op.requestBody !== undefined)) {
          missing.push(`${method.toUpperCase()} ${path}`);
        }
      }
    }
    expect(count).toBeGreaterThan(40);
    expect(missing).toEqual([]);
    // The docs page is served.
    expect((await fetch(`${stack.url('config')}/docs`)).status).toBe(200);
  });
});
