/**
 * Helpers shared by the route files: JSON bodies/responses for `createRoute`,
 * multipart documentation (described, never buffered by a validator), and
 * streamed downloads.
 * @module
 */
import type { ConnectorRegistry } from '@verzend/connectors';
import type { ServiceApp } from '@verzend/shared';
import { z } from 'zod';
import type { ConfigDomain } from '../domain';

/** What every `registerX` receives. */
export interface RouteDeps {
  app: ServiceApp;
  domain: ConfigDomain;
  /** The connectors accounts may use: request bodies are checked against their settings. */
  connectors: ConnectorRegistry;
}

/** A JSON response for `createRoute`, with an example when the schema has none. */
export function json<S extends z.ZodType>(schema: S, description = 'OK', example?: unknown) {
  return {
    description,
    content: { 'application/json': { schema, ...(example === undefined ? {} : { example }) } },
  };
}

/** A required JSON request body. */
export function jsonBody<S extends z.ZodType>(schema: S) {
  return { required: true, content: { 'application/json': { schema } } };
}

/**
 * A multipart request body, documented as a plain OpenAPI schema so that no
 * validator buffers the upload: the handler streams it (see uploads/multipart.ts).
 */
export function multipartBody(
  fields: Record<string, { type: 'string' | 'boolean' | 'integer'; description: string }>,
) {
  return {
    required: true,
    content: {
      'multipart/form-data': {
        schema: {
          type: 'object' as const,
          required: ['file'],
          properties: {
            file: { type: 'string' as const, format: 'binary', description: 'The file.' },
            ...fields,
          },
        },
      },
    },
  };
}

/** A binary download response for `createRoute`. */
export function binary(contentType: string, description: string) {
  return {
    description,
    content: { [contentType]: { schema: { type: 'string' as const, format: 'binary' } } },
  };
}

/** A list response `{ items: [...] }`. */
export const items = <S extends z.ZodType>(schema: S) => z.object({ items: z.array(schema) });

/** Streams a stored file with a safe Content-Disposition (one helper, in shared). */
export { download } from '@verzend/shared';
