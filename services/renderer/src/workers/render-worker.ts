/**
 * A render worker thread: one {@link RenderEngine} (with its own compiled-layout
 * cache) answering the pool's messages. Errors travel back as problems.
 * @module
 */
import { parentPort, workerData } from 'node:worker_threads';
import { toAppError, UnprocessableError } from '@verzend/shared/errors';
import { RenderEngine } from '../render/engine';
import type { WorkerConfig, WorkerReply, WorkerRequest } from './protocol';

const port = parentPort;
if (!port) {
  throw new Error('render-worker must run in a worker thread');
}
const config = workerData as WorkerConfig;
const engine = new RenderEngine(config.engine);

/** Jobs run one after the other, in the order they came: the pool times and blames the first. */
let line: Promise<void> = Promise.resolve();

port.on('message', (msg: WorkerRequest) => {
  line = line.then(async () => {
    let reply: WorkerReply;
    try {
      const result =
        msg.kind === 'render'
          ? await engine.render(msg.job)
          : msg.kind === 'validate'
            ? await engine.validate(msg.layout, msg.sha256)
            : await engine.compiledState(msg.layout, msg.sha256);
      reply = { id: msg.id, ok: true, result };
    } catch (err) {
      // Sizes beyond what V8 can hold (string or buffer length) come from the input: a 422, not a 500.
      const app =
        err instanceof RangeError
          ? new UnprocessableError(
              'RENDER_FAILED',
              `The document is too large to render (${err.message}).`,
              {
                cause: err,
                errors: [{ path: 'data', message: 'too large to render', code: 'body_too_large' }],
              },
            )
          : toAppError(err);
      reply = {
        id: msg.id,
        ok: false,
        problem: app.toProblem({ expose: true }),
        ...(app.code === 'INTERNAL' && err instanceof Error && err.stack
          ? { stack: err.stack }
          : {}),
      };
    }
    port.postMessage(reply);
  });
  // A reply that cannot be posted leaves its job to the time limit; the line must go on.
  line = line.catch(() => undefined);
});

// Loaded: the pool starts the time limit of a job only from here on.
port.postMessage({ ready: true });
