/**
 * `pnpm bench NAME` runs `bench/NAME.ts`, which prints a table and ends with one
 * line `RESULT NAME key=value …`. Benchmarks compare against a baseline measured
 * in the same run: these machines are noisy, ratios are what we report.
 * @module
 */
import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';

const name = process.argv[2];
const available = readdirSync(import.meta.dirname)
  .filter((f) => f.endsWith('.ts') && !['run.ts', 'util.ts'].includes(f) && !f.endsWith('.test.ts'))
  .map((f) => f.replace(/\.ts$/, ''));
if (!name || !available.includes(name)) {
  process.stderr.write(`usage: pnpm bench <${available.join('|')}>\n`);
  process.exit(2);
}
const file = join(import.meta.dirname, `${name}.ts`);
if (!existsSync(file)) {
  process.exit(2);
}
await import(pathToFileURL(file).href);
