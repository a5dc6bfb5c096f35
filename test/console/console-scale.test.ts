/**
 * The console in headless Chromium on the real stack, with service tokens
 * signed ES256 by the console and verified by the services through its JWKS
 * (no shared secret): the Microsoft Entra app registration page; Activity over
 * the whole history; 10,000 sent emails paged, searched and filtered by day;
 * a draft's files edited; 100 MB uploads with progress through the console's
 * forwarding. Every page is screenshotted and checked with axe-core.
 * One stack and one browser for the whole file.
 */
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { activityHistory, appRegistration } from './admin-flows';
import { ADMIN, json } from './helpers';
import { bigLists, bigUploads, draftFiles } from './list-flows';
import { chromiumInstalled, SCREENSHOTS, signIn, startConsoleStack } from './stack';

const title = chromiumInstalled
  ? 'console at scale (headless Chromium, ES256 service tokens)'
  : 'console at scale — SKIPPED: Chromium is not installed at /usr/bin/chromium (run scripts/ensure-deps.sh)';

describe.skipIf(!chromiumInstalled)(title, () => {
  it('registers the Entra app, counts all activity, pages 10,000 emails, edits draft files, uploads 100 MB', async () => {
    const cs = await startConsoleStack(
      [{ email: ADMIN, name: 'Anna Admin', perms: ['email-admin'] }],
      { signing: 'es256' },
    );
    try {
      // The services take the console's ES256 tokens, and refuse the shared-secret kind.
      const jwks = await json<{ keys: { kty: string; alg: string; d?: string }[] }>(
        await fetch(`${cs.url}/.well-known/jwks.json`),
      );
      expect(jwks.keys).toMatchObject([{ kty: 'EC', alg: 'ES256' }]);
      expect(jwks.keys[0]?.d).toBeUndefined();
      expect((await cs.stack.fetch('config', '/v1/accounts')).status).toBe(401);
      const admin = await signIn(cs, ADMIN);
      try {
        await appRegistration(cs, admin);
        await activityHistory(cs, admin);
        await bigLists(cs, admin);
        await draftFiles(cs, admin);
        const report = await bigUploads(cs, admin);
        // The measured memory, kept beside the screenshots.
        await writeFile(join(SCREENSHOTS, 'upload-memory.txt'), `${report.join('\n')}\n`);
      } catch (err) {
        await admin.screenshot({ path: join(SCREENSHOTS, 'failure-scale.png'), fullPage: true });
        throw err;
      }
    } finally {
      await cs.stop();
    }
  }, 300_000);
});
