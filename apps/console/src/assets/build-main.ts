/**
 * `pnpm --filter @verzend/console build`: builds the browser scripts and
 * prints each entry's compressed size.
 * @module
 */
import { buildConsoleAssets } from './build';

const report = await buildConsoleAssets();
for (const [name, { file, gzipBytes }] of Object.entries(report.entries)) {
  process.stdout.write(
    `${name.padEnd(10)} ${file.padEnd(32)} ${(gzipBytes / 1024).toFixed(1)} KB gzip\n`,
  );
}
