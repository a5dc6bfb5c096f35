import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { buildConsoleAssets } from './build';
import { ENTRIES, readManifest } from './manifest';

/** The first-load budget of any page: the script it loads with everything that script imports. */
const BUDGET_GZIP_BYTES = 250 * 1024;

describe('browser scripts', () => {
  it('build, and every page stays within 250 KB of compressed JavaScript', async () => {
    const dist = await mkdtemp(join(tmpdir(), 'verzend-console-build-'));
    try {
      const report = await buildConsoleAssets(dist);
      expect(Object.keys(report.entries).sort()).toEqual([...ENTRIES].sort());
      for (const [name, { gzipBytes }] of Object.entries(report.entries)) {
        expect(gzipBytes, name).toBeGreaterThan(0);
        expect(gzipBytes, name).toBeLessThanOrEqual(BUDGET_GZIP_BYTES);
      }
      // The layouts page loads two scripts; together they stay within the budget too.
      const layouts =
        (report.entries.upload?.gzipBytes ?? 0) + (report.entries.preview?.gzipBytes ?? 0);
      expect(layouts).toBeLessThanOrEqual(BUDGET_GZIP_BYTES);
      const manifest = readManifest(dist);
      for (const url of Object.values(manifest.entries)) {
        expect(manifest.files.has(url.replace('/assets/js/', ''))).toBe(true);
      }
    } finally {
      await rm(dist, { recursive: true, force: true });
    }
  });
});
