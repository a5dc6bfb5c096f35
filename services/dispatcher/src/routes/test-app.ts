/**
 * A bare dispatcher app for route unit tests: HS256 tokens with a test secret,
 * silent logs, no readiness checks; register the routes under test on it. And
 * accounts as config answers them, for routes that read accounts.
 * @module
 */
import type { Account } from '@verzend/connectors';
import {
  createLogger,
  createRegistry,
  createServiceApp,
  createVerifier,
  type ServiceApp,
} from '@verzend/shared';

/** The secret the test app verifies tokens with (sign them with `signToken`). */
export const TEST_SECRET = 'a-test-secret-that-is-long-enough-for-hs256';

/** An app with authentication and the error handler, and no routes yet. */
export function testApp(): ServiceApp {
  return createServiceApp({
    service: 'dispatcher',
    version: 'test',
    description: 'test',
    logger: createLogger({ service: 'test', level: 'silent' }),
    registry: createRegistry('test', false),
    verifyToken: createVerifier({ secret: TEST_SECRET }),
    readiness: [],
  });
}

/** An account of `company` as config answers it (capture unless `settings` says otherwise). */
export function testAccount(
  company: string,
  id: string,
  fields: Partial<Omit<Account, 'id' | 'company'>> = {},
): Account {
  return {
    id,
    company,
    name: `Account ${id}`,
    emailAddress: `${id}@${company}.example`,
    isDefault: false,
    needsCredentials: false,
    missingCredentials: [],
    secretsSet: [],
    version: 1,
    createdAt: '2026-01-01T00:00:00.000Z',
    updatedAt: '2026-01-01T00:00:00.000Z',
    rateLimitPerMinute: 0,
    concurrencyLimit: 3,
    maxAttempts: 5,
    dailyRecipientQuota: 0,
    settings: { connector: 'capture', allowlist: [] },
    ...fields,
  };
}
