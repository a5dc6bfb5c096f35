/**
 * The import boundary between workspace packages, as a pure rule the house-rules
 * test applies to every import specifier in the repository.
 *
 * A **public entry point** of a product package (`packages/*`, `services/*`) is
 * its package name or one of the subpaths its `package.json` `exports` declare
 * (`@verzend/shared`, `@verzend/shared/errors`, `@verzend/dispatcher/testing`).
 * Everything else in it is internal:
 * - no file outside a product package imports a file inside it by path, or by
 *   a subpath it does not export;
 * - services never import each other, and product packages never import the
 *   tooling packages (`test`, `bench`, `scripts`);
 * - the tooling packages may share helpers with each other by path (they are
 *   not shipped), but reach the product only through its entry points.
 * @module
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, join, normalize, sep } from 'node:path';

/** One workspace package. */
export interface Unit {
  /** The package name (`@verzend/dispatcher`). */
  name: string;
  /** Its folder, relative to the repository root, with `/` separators. */
  dir: string;
  /** Product code (shipped) or tooling (tests, benchmarks, scripts). */
  kind: 'product' | 'tooling';
  /** Importable specifiers: the name, and the name joined with each exported subpath. */
  entryPoints: Set<string>;
}

/** The workspace's packages. */
export interface Workspace {
  units: Unit[];
}

const TOOLING = new Set(['test', 'bench', 'scripts']);

/** Reads the packages of the workspace at `root` (the folders `pnpm-workspace.yaml` lists). */
export function workspaceOf(root: string): Workspace {
  const dirs = [
    ...['packages', 'services'].flatMap((group) =>
      readdirSync(join(root, group)).map((d) => `${group}/${d}`),
    ),
    ...TOOLING,
  ].filter((d) => existsSync(join(root, d, 'package.json')));
  return {
    units: dirs.map((dir) => {
      const pkg = JSON.parse(readFileSync(join(root, dir, 'package.json'), 'utf8')) as {
        name: string;
        exports?: string | Record<string, unknown>;
      };
      const subpaths =
        pkg.exports === undefined
          ? []
          : typeof pkg.exports === 'string'
            ? ['.']
            : Object.keys(pkg.exports);
      return {
        name: pkg.name,
        dir,
        kind: TOOLING.has(dir) ? 'tooling' : 'product',
        entryPoints: new Set(
          subpaths.map((s) => (s === '.' ? pkg.name : `${pkg.name}/${s.slice(2)}`)),
        ),
      };
    }),
  };
}

function unitOfPath(ws: Workspace, path: string): Unit | undefined {
  const p = path.split(sep).join('/');
  return ws.units.find((u) => p === u.dir || p.startsWith(`${u.dir}/`));
}

/**
 * The rule's verdict on one file's imports.
 * @param file the importing file, relative to the repository root.
 * @param specifiers the module specifiers it imports (static, dynamic, re-exports).
 * @returns one line per violation, naming file, specifier and why.
 */
export function importViolations(ws: Workspace, file: string, specifiers: string[]): string[] {
  const from = unitOfPath(ws, file);
  if (!from) {
    return [];
  }
  const out: string[] = [];
  const say = (spec: string, why: string) => out.push(`${file}: '${spec}' ${why}`);
  for (const spec of specifiers) {
    if (spec.startsWith('.')) {
      const target = unitOfPath(ws, normalize(join(dirname(file), spec)));
      if (target && target !== from && !(target.kind === 'tooling' && from.kind === 'tooling')) {
        say(spec, `reaches into ${target.name} by path; import one of its entry points instead`);
      }
      continue;
    }
    const target = ws.units.find((u) => spec === u.name || spec.startsWith(`${u.name}/`));
    if (!target || target === from) {
      continue;
    }
    if (from.kind === 'product' && target.kind === 'tooling') {
      say(spec, 'is test or tooling code, which product code never imports');
    } else if (from.kind === 'product' && target.dir.startsWith('services/')) {
      say(spec, 'is another service; services never import each other');
    } else if (!target.entryPoints.has(spec)) {
      say(spec, `is not an entry point of ${target.name} (its package.json exports)`);
    }
  }
  return out;
}
