/**
 * Entry point: parse env, start, and drain on SIGTERM/SIGINT.
 * @module
 */
import { BadEnvironmentError, createLogger, installShutdown } from '@verzend/shared';
import { readEnv } from './env';
import { startConfigService } from './service';

const bootLogger = createLogger({ service: 'config' });
try {
  const env = readEnv();
  const logger = createLogger({ service: 'config', level: env.LOG_LEVEL });
  const service = await startConfigService(env, { logger });
  installShutdown(logger, env.SHUTDOWN_TIMEOUT_S, () => service.stop());
} catch (err) {
  if (err instanceof BadEnvironmentError) {
    bootLogger.fatal({ issues: err.issues }, err.message);
  } else {
    bootLogger.fatal({ err }, 'config service failed to start');
  }
  process.exit(1);
}
