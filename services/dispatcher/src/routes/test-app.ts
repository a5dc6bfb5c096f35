/**
 * A bare dispatcher app for route unit tests: HS256 tokens with a test secret,
 * silent logs, no readiness checks; register the routes under test on it.
 * @module
 */
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
