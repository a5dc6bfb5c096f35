/**
 * `pnpm build`: compiles every workspace package to JavaScript with source maps
 * (esbuild, ESM, Node 20). Workspace code is bundled per entry; npm packages stay
 * external and resolve from each package's own node_modules at run time, so the
 * output runs with plain `node services/<name>/dist/main.js`.
 *
 * The console (`apps/console`) gets its browser scripts first (content-hashed, with
 * their manifest), then its server beside them and the stylesheet the server reads:
 * `node apps/console/dist/main.js`.
 *
 * `@verzend/shared` (and `@verzend/connectors` likewise) is built once into `packages/shared/dist/` (its `exports`
 * send `node` there, while tsx/vitest take the `development` condition to the
 * sources); the services import it as a package, never as a copy.
 * @module
 */
import { cpSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { type BuildOptions, build } from 'esbuild';
import { buildConsoleAssets } from '../apps/console/src/assets/build';

const root = join(import.meta.dirname, '..');

interface Target {
  dir: string;
  entries: Record<string, string>;
  /** Fills `dist` first (it starts empty); the entries are then built beside what it wrote. */
  before?: (outdir: string) => Promise<unknown>;
  /** Files copied into `dist` (destination → source, relative to the package). */
  copy?: Record<string, string>;
}

/** What each package ships: entry name (in dist/) → source file. */
const targets: Target[] = [
  {
    dir: 'packages/shared',
    entries: {
      index: 'src/index.ts',
      errors: 'src/errors.ts',
      locale: 'src/locale.ts',
      'mail-html': 'src/mail-html.ts',
    },
  },
  { dir: 'packages/connectors', entries: { index: 'src/index.ts' } },
  { dir: 'packages/client', entries: { index: 'src/index.ts' } },
  {
    dir: 'services/config',
    entries: {
      main: 'src/main.ts',
      index: 'src/index.ts',
      'rotate-secrets': 'src/cli/rotate-secrets.ts',
      'erp-user': 'src/cli/erp-user.ts',
    },
  },
  {
    dir: 'services/renderer',
    entries: { main: 'src/main.ts', index: 'src/index.ts', worker: 'src/workers/render-worker.ts' },
    // The print pool starts LibreOffice's Python bridge from beside its own module.
    copy: { 'bridge.py': 'src/printing/bridge.py' },
  },
  {
    dir: 'services/dispatcher',
    entries: { main: 'src/main.ts', index: 'src/index.ts', testing: 'src/testing.ts' },
  },
  {
    dir: 'apps/console',
    entries: { main: 'src/main.ts' },
    before: (outdir) => buildConsoleAssets(outdir),
    // The server reads its stylesheet beside its own module (src/assets → dist/assets).
    copy: { 'assets/console.css': 'src/assets/console.css' },
  },
];

const common: BuildOptions = {
  bundle: true,
  platform: 'node',
  format: 'esm',
  target: 'node20',
  sourcemap: true,
  // Shared chunks: one copy of each module per package, so `instanceof` holds across entries.
  splitting: true,
  // npm packages and @verzend/shared resolve at run time (shared through its `default` export → dist).
  packages: 'external',
  outExtension: { '.js': '.js' },
  logLevel: 'warning',
  legalComments: 'none',
};

for (const t of targets) {
  const outdir = join(root, t.dir, 'dist');
  rmSync(outdir, { recursive: true, force: true });
  await t.before?.(outdir);
  await build({
    ...common,
    outdir,
    entryPoints: Object.fromEntries(
      Object.entries(t.entries).map(([name, src]) => [name, join(root, t.dir, src)]),
    ),
    // Chunks beside the entries: modules that resolve files next to themselves (import.meta.url) keep one depth.
    chunkNames: '[name]-[hash]',
  });
  for (const [to, from] of Object.entries(t.copy ?? {})) {
    mkdirSync(join(outdir, to, '..'), { recursive: true });
    cpSync(join(root, t.dir, from), join(outdir, to));
  }
  if (t.dir === 'services/renderer') {
    // The pool starts `worker.mjs` beside its own module: in dist that is the compiled worker.
    writeFileSync(join(outdir, 'worker.mjs'), "await import('./worker.js');\n");
  }
}
process.stdout.write(`built ${targets.map((t) => t.dir).join(', ')}\n`);
