/**
 * The dispatcher's OpenAPI document, built in-process without NATS or a
 * listening server (the typed client is generated from it).
 * @module
 */
import { createLogger, createRegistry, documentOnly, readOpenApiDocument } from '@verzend/shared';
import { createApp } from './app';
import type { DispatcherRouteDeps } from './routes/all';

/** Builds the app with stand-in dependencies and returns its `/openapi.json`. */
export function openApiDocument(): Promise<Record<string, unknown>> {
  return readOpenApiDocument(
    createApp({
      logger: createLogger({ service: 'dispatcher', level: 'silent' }),
      registry: createRegistry('dispatcher', false),
      verifyToken: documentOnly('verifyToken'),
      readiness: [],
      routes: documentOnly<DispatcherRouteDeps>('routes'),
    }),
  );
}
