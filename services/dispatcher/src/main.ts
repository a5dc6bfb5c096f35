/**
 * Entry point: parse env, start, and drain on SIGTERM/SIGINT (the shared skeleton).
 * @module
 */
import { runMain } from '@verzend/shared';
import { readEnv } from './env';
import { startDispatcherService } from './service';

await runMain('dispatcher', readEnv, startDispatcherService);
