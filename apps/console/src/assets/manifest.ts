/**
 * The built browser scripts: `dist/manifest.json` maps each entry to its
 * content-hashed file, written by the build (`pnpm --filter @verzend/console build`).
 * @module
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { basename, join } from 'node:path';

/**
 * Where the build writes: `apps/console/dist`, seen from the sources (`src/assets`) or from
 * the compiled server, which `pnpm build` puts in that folder.
 */
export const DIST_DIR =
  basename(import.meta.dirname) === 'dist'
    ? import.meta.dirname
    : join(import.meta.dirname, '..', '..', 'dist');

/** The browser entries: name → source file under `src/browser`. */
export const ENTRIES = ['upload', 'compose', 'preview'] as const;

/** Entry name → URL, and the folder the files are in. */
export interface AssetManifest {
  entries: Record<string, string>;
  /** Every built file (entries and shared chunks). */
  files: Set<string>;
  dir: string;
}

/** Reads the manifest of a build; throws a clear error when the console was not built. */
export function readManifest(distDir = DIST_DIR): AssetManifest {
  const file = join(distDir, 'manifest.json');
  if (!existsSync(file)) {
    throw new Error(
      `The console's browser scripts are not built (${file} is missing): run pnpm --filter @verzend/console build`,
    );
  }
  const parsed = JSON.parse(readFileSync(file, 'utf8')) as { entries: Record<string, string> };
  const dir = join(distDir, 'js');
  return { entries: parsed.entries, files: new Set(readdirSync(dir)), dir };
}
