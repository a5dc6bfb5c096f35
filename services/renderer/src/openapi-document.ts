/**
 * The renderer service's OpenAPI document, built in-process without NATS,
 * workers or a listening server (the typed client is generated from it).
 * @module
 */
import { createLogger, createRegistry, documentOnly, readOpenApiDocument } from '@verzend/shared';
import { createApp } from './app';

/** Builds the app with stand-in dependencies and returns its `/openapi.json`. */
export function openApiDocument(): Promise<Record<string, unknown>> {
  return readOpenApiDocument(
    createApp({
      logger: createLogger({ service: 'renderer', level: 'silent' }),
      registry: createRegistry('renderer', false),
      verifyToken: documentOnly('verifyToken'),
      readiness: [],
      renderer: documentOnly('renderer'),
      maxBodyBytes: 1,
    }),
  );
}
