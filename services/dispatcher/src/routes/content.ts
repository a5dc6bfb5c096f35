/**
 * `/v1/emails/{id}/body` and `/v1/emails/{id}/attachments/{index}/content`:
 * the message itself (the stored HTML or text body and the attachments), for
 * the outbox, sent emails and "edit and send". The caller's view policy applies
 * as for opening the email.
 * @module
 */
import { createRoute } from '@hono/zod-openapi';
import { download, Id, NotFoundError, problemResponses, type ServiceApp } from '@verzend/shared';
import { z } from 'zod';
import type { EmailRouteDeps } from './deps';

const binary = (type: string, description: string) => ({
  description,
  content: { [type]: { schema: { type: 'string' as const, format: 'binary' } } },
});

/** Registers the message-content routes. */
export function registerContent(app: ServiceApp, deps: EmailRouteDeps): void {
  app.openapi(
    createRoute({
      method: 'get',
      path: '/v1/emails/{id}/body',
      operationId: 'getEmailBody',
      tags: ['Emails'],
      summary: "An email's body as stored (HTML, or the text part with part=text)",
      description:
        'Answered with `Content-Security-Policy: sandbox`, so a browser shows it without running anything in it.',
      request: {
        params: z.object({ id: Id }),
        query: z.object({ part: z.enum(['html', 'text']).default('html') }),
      },
      responses: {
        200: {
          description: 'The body',
          content: {
            'text/html': { schema: { type: 'string' as const } },
            'text/plain': { schema: { type: 'string' as const } },
          },
        },
        ...problemResponses(400, 403, 404),
      },
    }),
    async (c) => {
      const { id } = c.req.valid('param');
      const { part } = c.req.valid('query');
      const { value: record } = await deps.actions.open(c.get('auth'), id);
      const ref = part === 'html' ? record.htmlBody : record.textBody;
      if (!ref) {
        throw new NotFoundError(`Email ${id} has no ${part} body.`);
      }
      const bytes = await deps.blobs.store.getBytes(ref.sha256);
      return c.body(new Uint8Array(bytes), 200, {
        'content-type': `${part === 'html' ? 'text/html' : 'text/plain'}; charset=utf-8`,
        'content-security-policy': 'sandbox',
        'x-content-type-options': 'nosniff',
      });
    },
  );

  app.openapi(
    createRoute({
      method: 'get',
      path: '/v1/emails/{id}/attachments/{index}/content',
      operationId: 'downloadEmailAttachment',
      tags: ['Emails'],
      summary: 'Download an attachment of an email (streamed)',
      request: {
        params: z.object({ id: Id, index: z.coerce.number().int().min(0).max(249) }),
      },
      responses: {
        200: binary('application/octet-stream', 'The file'),
        ...problemResponses(400, 403, 404),
      },
    }),
    async (c) => {
      const { id, index } = c.req.valid('param');
      const { value: record } = await deps.actions.open(c.get('auth'), id);
      const attachment = record.attachments[index];
      if (!attachment) {
        throw new NotFoundError(`Email ${id} has no attachment ${index}.`);
      }
      const stream = await deps.blobs.store.getStream(attachment.blob.sha256);
      return download(stream, attachment.fileName, attachment.contentType, attachment.blob.size);
    },
  );
}
