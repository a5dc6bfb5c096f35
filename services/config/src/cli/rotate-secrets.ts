/**
 * `pnpm --filter @verzend/config rotate-secrets`: re-encrypts every secret
 * under the first key of SECRETS_KEYS (see ADR-0003 for the whole procedure).
 * Prints one JSON line with the counts; exits 1 when a secret could not be
 * rotated (its key is no longer configured, or it was tampered with).
 * @module
 */
import {
  BadEnvironmentError,
  connectNats,
  createLogger,
  createRegistry,
  KeyRing,
  natsOptionsFromEnv,
  openBucket,
  Telemetry,
} from '@verzend/shared';
import { readEnv } from '../env';
import { rotateSecrets } from '../secrets/rotate';

const logger = createLogger({ service: 'config-rotate-secrets' });
try {
  const env = readEnv();
  const ring = KeyRing.parse(env.SECRETS_KEYS);
  // Runs as the config service's NATS user: the secrets bucket is config's alone.
  const nc = await connectNats(natsOptionsFromEnv(env, 'config', 'verzend-config-rotate-secrets'));
  const kv = await openBucket(nc, 'secrets', env.NATS_REPLICAS);
  const report = await rotateSecrets(kv, ring, logger);
  new Telemetry({ service: 'config', logger, registry: createRegistry('config', false), nc }).emit(
    'secret-key-rotated',
    {
      company: '_system',
      keyId: ring.currentKeyId,
      rotated: report.rotated,
      failed: report.failed.length,
    },
  );
  await nc.drain();
  logger.info({ keyId: ring.currentKeyId, ...report }, 'secrets rotated');
  process.exit(report.failed.length > 0 ? 1 : 0);
} catch (err) {
  if (err instanceof BadEnvironmentError) {
    logger.fatal({ issues: err.issues }, err.message);
  } else {
    logger.fatal({ err }, 'rotation failed');
  }
  process.exit(1);
}
