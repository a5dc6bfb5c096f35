/**
 * Builds the browser scripts with esbuild: one minified ES module per entry,
 * content-hashed, shared code split into chunks, and a manifest. Reports each
 * entry's size gzip-compressed (the first-load budget is 250 KB).
 * @module
 */
import { mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import { basename, join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { build } from 'esbuild';
import { DIST_DIR, ENTRIES } from './manifest';

/** Compressed bytes of each entry with everything it imports. */
export interface BuildReport {
  entries: Record<string, { file: string; gzipBytes: number }>;
}

/** Builds into `distDir` (default `apps/console/dist`). */
export async function buildConsoleAssets(distDir = DIST_DIR): Promise<BuildReport> {
  const outdir = join(distDir, 'js');
  await rm(distDir, { recursive: true, force: true });
  await mkdir(outdir, { recursive: true });
  const src = join(import.meta.dirname, '..', 'browser');
  const result = await build({
    entryPoints: Object.fromEntries(ENTRIES.map((e) => [e, join(src, `${e}.ts`)])),
    bundle: true,
    splitting: true,
    format: 'esm',
    minify: true,
    target: 'es2022',
    outdir,
    entryNames: '[name]-[hash]',
    chunkNames: 'chunk-[hash]',
    metafile: true,
    legalComments: 'none',
    logLevel: 'silent',
  });
  const entries: Record<string, string> = {};
  const report: BuildReport = { entries: {} };
  const gz = async (file: string) => gzipSync(await readFile(file), { level: 9 }).length;
  for (const [out, meta] of Object.entries(result.metafile.outputs)) {
    if (!meta.entryPoint) {
      continue;
    }
    const name = basename(meta.entryPoint, '.ts');
    const file = basename(out);
    entries[name] = `/assets/js/${file}`;
    // The entry and every chunk it imports statically: what a page loading it downloads.
    const seen = new Set<string>();
    const walk = (path: string) => {
      if (seen.has(path)) {
        return;
      }
      seen.add(path);
      for (const imp of result.metafile.outputs[path]?.imports ?? []) {
        if (imp.kind === 'import-statement') {
          walk(imp.path);
        }
      }
    };
    walk(out);
    let bytes = 0;
    for (const p of seen) {
      bytes += await gz(p);
    }
    report.entries[name] = { file, gzipBytes: bytes };
  }
  await writeFile(
    join(distDir, 'manifest.json'),
    `${JSON.stringify({ entries, report }, null, 2)}\n`,
  );
  return report;
}
