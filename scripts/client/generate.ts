/**
 * `pnpm client:generate`: rewrites `packages/client/src/generated/*.ts` from
 * the services' OpenAPI documents (built in-process; nothing is started).
 * @module
 */
import { writeFile } from 'node:fs/promises';
import { generateTypes } from './types';

for (const [service, source] of Object.entries(await generateTypes())) {
  const file = new URL(`../../packages/client/src/generated/${service}.ts`, import.meta.url);
  await writeFile(file, source);
  process.stdout.write(`wrote ${file.pathname}\n`);
}
