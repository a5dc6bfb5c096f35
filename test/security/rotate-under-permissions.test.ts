/**
 * `rotate-secrets` runs with the config service's NATS user under the SHIPPED
 * permissions (the secrets bucket is config's alone), and a dispatcher holding
 * only the new key still opens what config hands out afterwards.
 */
import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { dispatcherSecrets, runRotateSecrets } from '../config/helpers';
import { createSmtpAccount } from '../dispatcher/helpers';
import { startShippedNats, startStack } from '../harness';

describe('secret rotation under the shipped NATS permissions', () => {
  it('re-encrypts as the config user, and the dispatcher opens the result with the new key', async () => {
    const oldKey = `old:${randomBytes(32).toString('base64')}`;
    const newKey = `new:${randomBytes(32).toString('base64')}`;
    const shipped = await startShippedNats();
    const stack = await startStack({
      nats: shipped.nats,
      services: ['config'],
      env: { SECRETS_KEYS: oldKey },
      natsAuth: {
        user: 'dispatcher',
        pass: shipped.passwords.dispatcher as string,
        inboxPrefix: '_INBOX_dispatcher',
      },
      serviceEnv: { config: shipped.serviceEnv.config },
    });
    try {
      const account = await createSmtpAccount(stack, 2525, {
        settings: { auth: 'basic', userName: 'sales' },
        secrets: { password: 'pw-before-rotation' },
      });
      const stdout = await runRotateSecrets({
        NATS_URL: shipped.nats.url,
        ...shipped.serviceEnv.config,
        SECRETS_KEYS: `${newKey},${oldKey}`,
      });
      expect(stdout).toContain('"rotated":1');
      expect(stdout).toContain('"failed":[]');
      const opened = await dispatcherSecrets(stack, newKey).resolve(stack.company, {
        accountId: account.id,
      });
      expect(opened.secrets).toEqual({ password: 'pw-before-rotation' });
      expect(shipped.nats.violations).toEqual([]);
    } finally {
      await stack.stop();
      await shipped.dispose();
    }
  });
});
