/**
 * `PUT /v1/blobs/{sha256}`: upload content once and refer to it by its
 * sha-256 (an attachment of a JSON compose, a posting event's `datasetBlob`
 * or extra attachments). The client names the hash it uploads, the server
 * measures the bytes it receives and refuses content that does not match, so
 * an upload is idempotent and checked end to end. The content becomes the
 * caller's company's to use (ADR-0021): a hash another company uploaded grants
 * nothing.
 * @module
 */
import { z } from '@hono/zod-openapi';
import {
  BlobRef,
  MAX_BLOB_BYTES,
  PayloadTooLargeError,
  parseOrThrow,
  problemResponses,
  requirePermission,
  type ServiceApp,
  UnprocessableError,
  ValidationError,
} from '@verzend/shared';
import type { KnownBlobs } from '../outbox/known-blobs';

const Sha256 = BlobRef.shape.sha256;

/** What an upload may be sent as: any bytes, or a JSON dataset. */
const MEDIA_TYPES = ['application/octet-stream', 'application/json'];

/** Registers the blob upload route. */
export function registerBlobs(
  app: ServiceApp,
  deps: { blobs: KnownBlobs; maxBytes?: number },
): void {
  const maxBytes = deps.maxBytes ?? MAX_BLOB_BYTES;
  // Documented here, handled below without a body validator: the body is bytes, whatever its type.
  app.openAPIRegistry.registerPath({
    method: 'put',
    path: '/v1/blobs/{sha256}',
    tags: ['Emails'],
    operationId: 'uploadBlob',
    summary: 'Upload content to refer to by hash (attachments, event datasets)',
    description:
      'The raw bytes are the body (`application/octet-stream`, or `application/json` for a dataset; at most 100 MB); the path names their sha-256 (lower-case hex). Answers `{ sha256, size }` as measured here; a body whose hash differs is 400 and is not yours to use. The reference is usable only by your company; identical bytes are stored once, whoever uploads them.',
    request: {
      params: z.object({ sha256: Sha256 }),
      body: {
        required: true,
        content: Object.fromEntries(
          MEDIA_TYPES.map((type) => [type, { schema: z.string().meta({ format: 'binary' }) }]),
        ),
      },
    },
    responses: {
      201: {
        description: 'Stored (or already stored) and yours to use',
        content: { 'application/json': { schema: BlobRef } },
      },
      ...problemResponses(400, 403, 413, 415, 503),
    },
  });
  app.put('/v1/blobs/:sha256', async (c) => {
    const principal = c.get('auth');
    requirePermission(principal, 'email-edit');
    const named = parseOrThrow(Sha256, c.req.param('sha256'), 'sha256');
    const type = (c.req.header('content-type') ?? '').split(';')[0]?.trim().toLowerCase() ?? '';
    if (!MEDIA_TYPES.includes(type)) {
      throw new UnprocessableError(
        'UNSUPPORTED_MEDIA_TYPE',
        `Send the content as ${MEDIA_TYPES.join(' or ')}.`,
      );
    }
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
      // Not what the client meant to upload: free it, unless someone had stored those bytes before.
      if (blob.created) {
        await deps.blobs.store.delete(blob.sha256).catch(() => undefined);
      }
      throw new ValidationError(
        `The content's sha-256 is ${blob.sha256}, not the ${named} the path names.`,
        { errors: [{ path: 'sha256', message: 'does not match the content' }] },
      );
    }
    const ref = { sha256: blob.sha256, size: blob.size };
    await deps.blobs.adopt(principal.company, ref);
    return c.json(ref, 201);
  });
}
