import { describe, expect, it } from 'vitest';
import { startStack } from '../harness';

describe('dispatcher - OpenAPI', () => {
  it('documents the email, outbox and sent routes with their problem responses', async () => {
    await using stack = await startStack({ services: ['config', 'dispatcher'] });
    const res = await fetch(`${stack.url('dispatcher')}/openapi.json`);
    expect(res.status).toBe(200);
    const doc = (await res.json()) as {
      paths: Record<string, Record<string, { responses: Record<string, unknown> }>>;
      components: { schemas: Record<string, unknown> };
    };
    for (const path of [
      '/v1/emails',
      '/v1/emails/{id}',
      '/v1/emails/{id}/send',
      '/v1/emails/{id}/cancel',
      '/v1/emails/{id}/resend',
      '/v1/outbox',
      '/v1/sent',
    ]) {
      expect(Object.keys(doc.paths), path).toContain(path);
    }
    expect(Object.keys(doc.paths['/v1/emails']?.post?.responses ?? {})).toEqual(
      expect.arrayContaining(['202', '201', '400', '409', '413']),
    );
    expect(doc.components.schemas).toHaveProperty('ComposeEmail');
    expect(doc.components.schemas).toHaveProperty('EmailRecord');
    expect(doc.components.schemas).toHaveProperty('EmailPage');
  });
});
