/**
 * House rules that a linter cannot express: only a service's env.ts reads
 * process.env, no source file spells a NATS subject outside subjects.ts, no
 * package reaches into another's internals, the dispatcher's folders import
 * only downhill, and every ADR a comment or a page cites exists.
 */
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';
import { importViolations, workspaceOf } from './house-rules/imports';
import { DISPATCHER_LAYERS, layerViolations } from './house-rules/layers';

const root = join(import.meta.dirname, '..');

/** Files under `dir` (node_modules and dist left out) whose name `keep` accepts. */
function walk(dir: string, keep: (name: string) => boolean): string[] {
  if (!existsSync(dir)) {
    return [];
  }
  const out: string[] = [];
  for (const name of readdirSync(dir)) {
    if (name === 'node_modules' || name === 'dist') {
      continue;
    }
    const path = join(dir, name);
    if (statSync(path).isDirectory()) {
      out.push(...walk(path, keep));
    } else if (keep(name)) {
      out.push(path);
    }
  }
  return out;
}

/** TypeScript sources, tests left out. */
const sources = (dir: string) =>
  walk(dir, (name) => /\.tsx?$/.test(name) && !/\.test\.tsx?$/.test(name));

/** Every TypeScript and JavaScript source, tests included. */
const allSources = (dir: string) =>
  walk(dir, (name) => /\.(ts|tsx|mts|cts|mjs|js)$/.test(name) && !name.endsWith('.d.ts'));

const serviceSources = [
  ...sources(join(root, 'packages')),
  ...sources(join(root, 'services')),
  ...sources(join(root, 'apps')),
];

describe('house rules', () => {
  it('reads process.env only in env.ts files', () => {
    const offenders = serviceSources
      .filter((f) => !f.endsWith('/env.ts') && !f.includes('/cli/'))
      .filter((f) => /process\.env\b/.test(readFileSync(f, 'utf8')))
      .map((f) => relative(root, f));
    expect(offenders).toEqual([]);
  });

  it('spells verzend.* subjects only in packages/shared/src/subjects.ts', () => {
    const offenders = serviceSources
      .filter((f) => !f.endsWith('packages/shared/src/subjects.ts'))
      .filter((f) =>
        readFileSync(f, 'utf8')
          .split('\n')
          .filter((line) => !/^\s*(\*|\/\/|\/\*)/.test(line))
          .some((line) => /['"`]verzend\.(rpc|events|outbox|telemetry|config)\./.test(line)),
      )
      .map((f) => relative(root, f));
    expect(offenders).toEqual([]);
  });

  it('the import rule tells entry points from internals', () => {
    const ws = workspaceOf(root);
    const count = ([file, spec]: [string, string]) => importViolations(ws, file, [spec]).length;
    const allowed: [string, string][] = [
      ['test/e2e/a.test.ts', '@verzend/dispatcher'],
      ['test/e2e/a.test.ts', '@verzend/shared/errors'],
      ['services/config/src/a.ts', '@verzend/shared'],
      ['services/config/src/a/b.ts', '../c'],
      ['bench/e2e.ts', '../test/harness'],
      ['test/e2e/a.test.ts', 'vitest'],
    ];
    const refused: [string, string][] = [
      ['test/e2e/a.test.ts', '../../services/dispatcher/src/intake/store'],
      ['services/config/src/a.ts', '../../../packages/shared/src/blobs'],
      ['bench/e2e.ts', '@verzend/dispatcher/src/intake/store'],
      ['services/config/src/a.ts', '@verzend/dispatcher'],
      ['packages/shared/src/a.ts', '@verzend/renderer'],
      ['services/renderer/src/a.ts', '@verzend/test'],
      ['services/renderer/src/a.ts', '../../../test/harness'],
    ];
    expect(allowed.map(count)).toEqual(allowed.map(() => 0));
    expect(refused.map(count)).toEqual(refused.map(() => 1));
  });

  it('imports other packages only through their public entry points', () => {
    const ws = workspaceOf(root);
    const files = ws.units.flatMap((u) => allSources(join(root, u.dir)));
    const offenders = files.flatMap((file) =>
      importViolations(ws, relative(root, file), importsOf(file)),
    );
    expect(offenders).toEqual([]);
  });

  it("the layer rule refuses an import sideways or uphill between the dispatcher's folders", () => {
    const count = ([file, spec]: [string, string]) =>
      layerViolations(DISPATCHER_LAYERS, file, [spec]).length;
    const allowed: [string, string][] = [
      ['sender/deliver.ts', '../emails/records'],
      ['sender/deliver.ts', './outcome'],
      ['sender/deliver.ts', '../env'],
      ['routes/lists.ts', '../outbox/queries'],
      ['routes/webhooks.ts', '../webhooks'],
      ['service.ts', './outbox/outbox'],
      ['sender/deliver.ts', '@verzend/shared'],
    ];
    const refused: [string, string][] = [
      ['sender/deliver.ts', '../outbox/outbox'],
      ['accounts/account-page.ts', '../outbox/queries'],
      ['emails/records.ts', '../sender/deliver'],
      ['outbox/outbox.ts', '../service'],
      ['webhooks/index.ts', '../routes'],
      ['newfolder/a.ts', '../emails/records'],
    ];
    expect(allowed.map(count)).toEqual(allowed.map(() => 0));
    expect(refused.map(count)).toEqual(refused.map(() => 1));
  });

  it("imports between the dispatcher's folders only downhill", () => {
    const src = join(root, 'services', 'dispatcher', 'src');
    const offenders = sources(src).flatMap((file) =>
      layerViolations(DISPATCHER_LAYERS, relative(src, file), importsOf(file)),
    );
    expect(offenders).toEqual([]);
  });

  it('cites only ADRs that exist, by their file name', () => {
    const adrs = readdirSync(join(root, 'docs', 'adr')).filter((f) => /^\d{4}-.+\.md$/.test(f));
    const numbers = new Set(adrs.map((f) => f.slice(0, 4)));
    const files = [
      ...allSources(join(root, 'packages')),
      ...allSources(join(root, 'services')),
      ...allSources(join(root, 'apps')),
      ...allSources(join(root, 'test')),
      ...allSources(join(root, 'bench')),
      ...allSources(join(root, 'scripts')),
      ...markdown(join(root, 'docs')),
      join(root, 'README.md'),
    ];
    const offenders: string[] = [];
    for (const file of files) {
      const text = readFileSync(file, 'utf8');
      for (const m of text.matchAll(/ADR-(\d{4})/g)) {
        if (!numbers.has(m[1] ?? '')) {
          offenders.push(`${relative(root, file)}: ${m[0]}`);
        }
      }
      for (const m of text.matchAll(/adr\/(\d{4}-[A-Za-z0-9-]+)(\.md)?/g)) {
        if (!adrs.includes(`${m[1]}.md`)) {
          offenders.push(`${relative(root, file)}: ${m[0]}`);
        }
      }
    }
    expect(offenders).toEqual([]);
  });
});

function markdown(dir: string): string[] {
  return readdirSync(dir, { recursive: true, encoding: 'utf8' })
    .filter((f) => f.endsWith('.md'))
    .map((f) => join(dir, f));
}

/** Module specifiers a file imports, re-exports, imports dynamically or requires. */
function importsOf(file: string): string[] {
  const info = ts.preProcessFile(readFileSync(file, 'utf8'), true, true);
  return info.importedFiles.map((f) => f.fileName);
}
