/**
 * `PUT /v1/blobs/{sha256}`: upload content once and refer to it by its
 * sha-256 (an attachment of a JSON compose, a posting event's `datasetBlob`
 * or extra attachments). The client names the hash it uploads, the server
 * measures the bytes it receives and refuses content that does not match, so
 * an upload is idempotent and checked end to end. The content becomes the
 * caller's company's to use (ADR-0014): a hash another company uploaded grants
 * nothing.
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

const Sha256 = z.string().regex(/^[a-f0-9]{64}$/, 'must be 64 lower-case hex digits');

/** The answer to an upload: the reference to use. */
export const UploadedBlob = z.object({ sha256: Sha256, size: z.number().int().min(0) }).meta({
  id: 'UploadedBlob',
  example: {
    sha256: '9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08',
    size: 4,
  },
});

const uploadRoute = createRoute({
  method: 'put',
  path: '/v1/blobs/{sha256}',
  tags: ['Emails'],
  summary: 'Upload content to refer to by hash (attachments, event datasets)',
  description:
    'The raw bytes are the body (any content type; at most 100 MB); the path names their sha-256 (lower-case hex). Answers `{ sha256, size }` as measured here; a body whose hash differs is 400 and is not kept for you. The reference is usable only by your company; identical bytes are stored once, whoever uploads them.',
  request: {
    params: z.object({ sha256: Sha256.meta({ param: { name: 'sha256', in: 'path' } }) }),
    body: {
      required: true,
      content: {
        'application/octet-stream': { schema: z.string().meta({ format: 'binary' }) },
      },
    },
  },
  responses: {
    201: {
      description: 'Stored (or already stored) and yours to use',
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
    const named = c.req.valid('param').sha256;
    const declared = Number(c.req.header('content-length') ?? Number.NaN);
    if (declared > maxBytes) {
      throw new PayloadTooLargeError(`An upload may be at most ${maxBytes} bytes.`);
    }
    const body = c.req.raw.body ?? new ReadableStream<Uint8Array>({ start: (s) => s.close() });
    const blob = await deps.blobs.store.putStream(
      body as unknown as AsyncIterable<Uint8Array>,
      maxBytes,
    );
    if (blob.sha256 !== named) {
      throw new ValidationError(
        `The content's sha-256 is ${blob.sha256}, not the ${named} the path names.`,
        { errors: [{ path: 'sha256', message: 'does not match the content' }] },
      );
    }
    await deps.blobs.adopt(principal.company, blob);
    return c.json({ sha256: blob.sha256, size: blob.size }, 201);
  });
}
