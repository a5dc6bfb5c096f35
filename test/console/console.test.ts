/**
 * The console in headless Chromium on the real stack (nats-server, the three
 * services, an SMTP sink, the identity double as OpenID Connect provider):
 * sign in → guided setup of a capture account → test email → assign a
 * scenario → upload a default attachment → compose with formatting and an
 * attachment → see it in Sent; a failing SMTP account's email shows its
 * reason, is fixed and sent again; "own emails" hides another user's email;
 * a layout with a broken loop shows the error at the tag; Dutch UI. Every page
 * is screenshotted (.data/console-screenshots) and checked with axe-core.
 * One stack and one browser for the whole file (its cost stays bounded).
 */

import { join } from 'node:path';
import { describe, it } from 'vitest';
import { SmtpSink } from '../harness';
import { ADMIN, USER } from './helpers';
import { dutch, failingSmtp, layoutsAndRecords, ownEmailsPolicy } from './more-flows';
import { composeAndSent, connectMailbox, guidedSetup, scenarioAndAttachment } from './setup-flows';
import { chromiumInstalled, SCREENSHOTS, signIn, startConsoleStack } from './stack';

const title = chromiumInstalled
  ? 'console (headless Chromium)'
  : 'console — SKIPPED: Chromium is not installed at /usr/bin/chromium (run scripts/ensure-deps.sh)';

describe.skipIf(!chromiumInstalled)(title, () => {
  it('sets up, sends, fixes a failure, hides by policy, previews a layout, and speaks Dutch', async () => {
    const cs = await startConsoleStack([
      { email: ADMIN, name: 'Anna Admin', perms: ['email-admin'] },
      { email: USER, name: 'Bob User', perms: ['email-edit'] },
    ]);
    await using sink = await SmtpSink.start({ users: { relay: 'right' } });
    try {
      const admin = await signIn(cs, ADMIN);
      try {
        const accountId = await guidedSetup(cs, admin);
        await connectMailbox(cs, admin);
        await scenarioAndAttachment(cs, admin, accountId);
        const annasEmail = await composeAndSent(cs, admin);
        await failingSmtp(cs, admin, sink);
        await ownEmailsPolicy(cs, admin, annasEmail);
        await layoutsAndRecords(cs, admin);
        await dutch(cs, admin);
      } catch (err) {
        // The page as it was when the step failed, next to the other screenshots.
        await admin.screenshot({ path: join(SCREENSHOTS, 'failure.png'), fullPage: true });
        throw err;
      }
    } finally {
      await cs.stop();
    }
  }, 240_000);
});
