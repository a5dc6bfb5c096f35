/**
 * `/v1/blobs`: upload content once and refer to it by its sha-256 (an
 * attachment of a JSON compose, a posting event's `datasetBlob` or extra
 * attachments). The hash is computed here from the bytes received, and the
 * content becomes the caller's company's to use (ADR-0014): a hash another
 * company uploaded grants nothing.
 * @module
 */
import { createRoute, z } from '@hono/zod-openapi';
import {
  MAX_BLOB_BYTES,
  PayloadTooLargeError,
  problemResponses,
  requirePermission,
  type ServiceApp,
  ValidationError,
} from '@verzend/shared';
import type { KnownBlobs } from '../outbox/known-blobs';

/** The answer to an upload: the reference to use. */
export const UploadedBlob = z
  .object({
    sha256: z.string().regex(/^[a-f0-9]{64}$/),
    size: z.number().int().min(0),
  })
  .meta({
    id: 'UploadedBlob',
    example: {
      sha256: '9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08',
      size: 4,
    },
  });

const uploadRoute = createRoute({
  method: 'post',
  path: '/v1/blobs',
  tags: ['Emails'],
  summary: 'Upload content to refer to by reference (attachments, event datasets)',
  description:
    'The raw bytes are the body (any content type; at most 100 MB). Answers `{ sha256, size }` as measured here; the reference is usable only by your company. Identical bytes are stored once, whoever uploads them.',
  request: {
    body: {
      required: true,
      content: {
        'application/octet-stream': { schema: z.string().meta({ format: 'binary' }) },
      },
    },
  },
  responses: {
    201: {
      description: 'Stored',
      content: { 'application/json': { schema: UploadedBlob } },
    },
    ...problemResponses(400, 403, 413, 503),
  },
});

/** Registers the blob upload route. */
export function registerBlobs(
  app: ServiceApp,
  deps: { blobs: KnownBlobs; maxBytes?: number },
): void {
  const maxBytes = deps.maxBytes ?? MAX_BLOB_BYTES;
  app.openapi(uploadRoute, async (c) => {
    const principal = c.get('auth');
    requirePermission(principal, 'email-edit');
    const declared = Number(c.req.header('content-length') ?? Number.NaN);
    if (declared > maxBytes) {
      throw new PayloadTooLargeError(`An upload may be at most ${maxBytes} bytes.`);
    }
    const body = c.req.raw.body;
    if (!body) {
      throw new ValidationError('The upload is empty: send the content as the request body.');
    }
    const blob = await deps.blobs.store.putStream(
      body as unknown as AsyncIterable<Uint8Array>,
      maxBytes,
    );
    await deps.blobs.adopt(principal.company, blob);
    return c.json(blob, 201);
  });
}
