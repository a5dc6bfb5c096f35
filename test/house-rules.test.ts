/**
 * House rules that a linter cannot express: only a service's env.ts reads
 * process.env, no source file spells a NATS subject outside subjects.ts, no
 * package reaches into another's internals, and every ADR a comment or a page
 * cites exists.
 */
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';
import { importViolations, workspaceOf } from './house-rules/imports';

const root = join(import.meta.dirname, '..');

function sources(dir: string): string[] {
  const out: string[] = [];
  for (const name of readdirSync(dir)) {
    if (name === 'node_modules' || name === 'dist') {
      continue;
    }
    const path = join(dir, name);
    if (statSync(path).isDirectory()) {
      out.push(...sources(path));
    } else if (name.endsWith('.ts') && !name.endsWith('.test.ts')) {
      out.push(path);
    }
  }
  return out;
}

const serviceSources = [...sources(join(root, 'packages')), ...sources(join(root, 'services'))];

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
    const verdict = (file: string, spec: string) => importViolations(ws, file, [spec]).length;
    // Allowed: entry points, own files, tooling sharing helpers.
    expect(verdict('test/e2e/a.test.ts', '@verzend/dispatcher')).toBe(0);
    expect(verdict('test/e2e/a.test.ts', '@verzend/shared/errors')).toBe(0);
    expect(verdict('services/config/src/a.ts', '@verzend/shared')).toBe(0);
    expect(verdict('services/config/src/a/b.ts', '../c')).toBe(0);
    expect(verdict('bench/e2e.ts', '../test/harness')).toBe(0);
    expect(verdict('test/e2e/a.test.ts', 'vitest')).toBe(0);
    // Refused: internals by path or by subpath, service to service, product to tooling.
    expect(verdict('test/e2e/a.test.ts', '../../services/dispatcher/src/intake/store')).toBe(1);
    expect(verdict('services/config/src/a.ts', '../../../packages/shared/src/blobs')).toBe(1);
    expect(verdict('bench/e2e.ts', '@verzend/dispatcher/src/intake/store')).toBe(1);
    expect(verdict('services/config/src/a.ts', '@verzend/dispatcher')).toBe(1);
    expect(verdict('packages/shared/src/a.ts', '@verzend/renderer')).toBe(1);
    expect(verdict('services/renderer/src/a.ts', '@verzend/test')).toBe(1);
    expect(verdict('services/renderer/src/a.ts', '../../../test/harness')).toBe(1);
  });

  it('imports other packages only through their public entry points', () => {
    const ws = workspaceOf(root);
    const files = ws.units.flatMap((u) => allSources(join(root, u.dir)));
    const offenders = files.flatMap((file) =>
      importViolations(ws, relative(root, file), importsOf(file)),
    );
    expect(offenders).toEqual([]);
  });

  it('cites only ADRs that exist, by their file name', () => {
    const adrs = readdirSync(join(root, 'docs', 'adr')).filter((f) => /^\d{4}-.+\.md$/.test(f));
    const numbers = new Set(adrs.map((f) => f.slice(0, 4)));
    const files = [
      ...allSources(join(root, 'packages')),
      ...allSources(join(root, 'services')),
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

/** Every TypeScript and JavaScript source under `dir`, tests included. */
function allSources(dir: string): string[] {
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
      out.push(...allSources(path));
    } else if (/\.(ts|mts|cts|mjs|js)$/.test(name) && !name.endsWith('.d.ts')) {
      out.push(path);
    }
  }
  return out;
}

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
