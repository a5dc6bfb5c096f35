/**
 * Entry point: parse env, start, and drain on SIGTERM/SIGINT.
 * @module
 */
import { BadEnvironmentError, createLogger, installShutdown } from '@verzend/shared';
import { readEnv } from './env';
import { startDispatcherService } from './service';

const bootLogger = createLogger({ service: 'dispatcher' });
try {
  const env = readEnv();
  const logger = createLogger({ service: 'dispatcher', level: env.LOG_LEVEL });
  const service = await startDispatcherService(env, { logger });
  installShutdown(logger, env.SHUTDOWN_TIMEOUT_S, () => service.stop());
} catch (err) {
  if (err instanceof BadEnvironmentError) {
    bootLogger.fatal({ issues: err.issues }, err.message);
  } else {
    bootLogger.fatal({ err }, 'dispatcher service failed to start');
  }
  process.exit(1);
}
