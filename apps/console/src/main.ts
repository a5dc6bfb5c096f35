/**
 * Entry point: parse env, start, stop on SIGTERM/SIGINT.
 * @module
 */
import { BadEnvironmentError, createLogger, installShutdown } from '@verzend/shared';
import { readEnv } from './env';
import { startConsoleService } from './service';

const bootLogger = createLogger({ service: 'console' });
try {
  const env = readEnv();
  const logger = createLogger({ service: 'console', level: env.LOG_LEVEL });
  const service = await startConsoleService(env, { logger });
  installShutdown(logger, env.SHUTDOWN_TIMEOUT_S, () => service.stop());
} catch (err) {
  if (err instanceof BadEnvironmentError) {
    bootLogger.fatal({ issues: err.issues }, err.message);
  } else {
    bootLogger.fatal({ err }, 'console failed to start');
  }
  process.exit(1);
}
