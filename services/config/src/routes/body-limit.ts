/**
 * Caps JSON request bodies (configuration documents are small), so an oversized
 * body is refused with 413 before it is read. Multipart uploads are exempt:
 * they are streamed and capped per file by their own limits.
 * @module
 */
import { PayloadTooLargeError, type ServiceApp } from '@verzend/shared';
import { bodyLimit } from 'hono/body-limit';

/** Largest JSON body accepted by the config API. */
export const MAX_JSON_BYTES = 256 * 1024;

/** Installs the cap on `/v1/*`. */
export function registerBodyLimit(app: ServiceApp): void {
  const limit = bodyLimit({
    maxSize: MAX_JSON_BYTES,
    onError: () => {
      throw new PayloadTooLargeError(`The request body is larger than ${MAX_JSON_BYTES} bytes.`);
    },
  });
  app.use('/v1/*', async function jsonBodyLimit(c, next) {
    if (/^multipart\//i.test(c.req.header('content-type') ?? '')) {
      await next();
      return;
    }
    return limit(c, next);
  });
}
