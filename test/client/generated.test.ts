import { readFile } from 'node:fs/promises';
import { describe, expect, it } from 'vitest';
import { generateTypes, SERVICES } from '../../scripts/client/types';

describe('generated client types', () => {
  it('match the services’ current OpenAPI documents (run `pnpm client:generate`)', async () => {
    const fresh = await generateTypes();
    for (const service of SERVICES) {
      const committed = await readFile(
        new URL(`../../packages/client/src/generated/${service}.ts`, import.meta.url),
        'utf8',
      );
      expect(committed === fresh[service], `src/generated/${service}.ts is stale`).toBe(true);
    }
  });
});
