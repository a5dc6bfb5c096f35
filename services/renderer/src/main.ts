/**
 * Entry point: parse env, start, and drain on SIGTERM/SIGINT (the shared skeleton).
 * @module
 */
import { runMain } from '@verzend/shared';
import { readEnv } from './env';
import { startRendererService } from './service';

await runMain('renderer', readEnv, startRendererService);
