/**
 * File downloads: a stored file streamed with a safe Content-Disposition.
 * @module
 */
import { Readable } from 'node:stream';

/** Streams a stored file with a safe Content-Disposition (RFC 6266 / 5987). */
export function download(
  stream: Readable,
  fileName: string,
  contentType: string,
  size: number,
): Response {
  const ascii = fileName.replace(/[^\x20-\x7e]|["\\]/g, '_');
  return new Response(Readable.toWeb(stream) as unknown as ReadableStream<Uint8Array>, {
    status: 200,
    headers: {
      'content-type': contentType,
      'content-length': String(size),
      'content-disposition': `attachment; filename="${ascii}"; filename*=UTF-8''${encodeURIComponent(fileName)}`,
      'x-content-type-options': 'nosniff',
    },
  });
}
