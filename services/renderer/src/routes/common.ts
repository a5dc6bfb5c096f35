/**
 * Helpers shared by the route files.
 * @module
 */
import { PayloadTooLargeError, type ServiceApp } from '@verzend/shared';
import { bodyLimit } from 'hono/body-limit';
import type { z } from 'zod';
import type { RenderService } from '../requests/render-service';

/** What every `registerX` receives. */
export interface RouteDeps {
  app: ServiceApp;
  renderer: RenderService;
  /** Largest request body accepted, in bytes. */
  maxBodyBytes: number;
}

/** A JSON body or response for `createRoute`. */
export function json<S extends z.ZodType>(schema: S, description = 'OK') {
  return { description, content: { 'application/json': { schema } } };
}

/** A required JSON request body. */
export function jsonBody<S extends z.ZodType>(schema: S) {
  return { required: true, content: { 'application/json': { schema } } };
}

/** Refuses bodies over `max` bytes with 413 before they are read. */
export function limitBody(max: number) {
  return bodyLimit({
    maxSize: max,
    onError: () => {
      throw new PayloadTooLargeError(`The request body is larger than ${max} bytes.`);
    },
  });
}
