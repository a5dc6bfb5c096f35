/**
 * House rules that a linter cannot express: only a service's env.ts reads
 * process.env, and no source file spells a NATS subject outside subjects.ts.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';

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
    } else if (/\.tsx?$/.test(name) && !/\.test\.tsx?$/.test(name)) {
      out.push(path);
    }
  }
  return out;
}

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
});
