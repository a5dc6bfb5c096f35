import { describe, expect, it } from 'vitest';
import { startStack } from './stack';

describe('stack', () => {
  it('starts all three services against a private nats-server, each ready and guarded by auth', async () => {
    await using stack = await startStack();
    for (const s of ['config', 'renderer', 'dispatcher'] as const) {
      const ready = await fetch(`${stack.url(s)}/readyz`);
      expect(ready.status).toBe(200);
      const anon = await fetch(`${stack.url(s)}/v1/anything`);
      expect(anon.status).toBe(401);
      expect(anon.headers.get('content-type')).toContain('application/problem+json');
    }
  });
});
