/**
 * `/v1/emails`: compose (JSON or multipart with streamed attachments, with
 * Idempotency-Key), open, edit and delete drafts, and the actions send again,
 * cancel and resend.
 * @module
 */
import { createHash } from 'node:crypto';
import { createRoute } from '@hono/zod-openapi';
import {
  ComposeEmail,
  EmailRecord,
  Id,
  PayloadTooLargeError,
  type Principal,
  parseOrThrow,
  problemResponses,
  requirePermission,
  type ServiceApp,
  UnprocessableError,
  ValidationError,
} from '@verzend/shared';
import { z } from 'zod';
import { ownerOf } from '../outbox/actions';
import { mailSafeBody } from '../outbox/compose-body';
import type { KeyedRun } from '../outbox/idempotency';
import { parseMultipartCompose } from '../outbox/multipart';
import { precheckCompose } from '../outbox/validate';
import type { EmailRouteDeps } from './deps';

const IdParams = z.object({ id: Id.meta({ example: '0mfx2c1k9a3f9e1d2c3b4a5f6e' }) });
const json = (schema: z.ZodType, description = 'OK') => ({
  description,
  content: { 'application/json': { schema } },
});

/** JSON compose bodies: 2 × 10 MB bodies plus headroom; attachments go multipart or by reference. */
const JSON_LIMIT = 25 * 1024 * 1024;

function parseJsonText(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch (cause) {
    throw new ValidationError('The request body is not valid JSON.', {
      cause,
      code: 'BAD_REQUEST',
    });
  }
}

/** Reads a body as text, refusing (413) past `max` bytes without reading the rest. */
async function readTextCapped(request: Request, max: number): Promise<string> {
  if (!request.body) {
    return '';
  }
  const chunks: Uint8Array[] = [];
  let size = 0;
  for await (const chunk of request.body as unknown as AsyncIterable<Uint8Array>) {
    size += chunk.byteLength;
    if (size > max) {
      throw new PayloadTooLargeError(
        `A JSON body may be at most ${max} bytes; send attachments as multipart/form-data.`,
      );
    }
    chunks.push(chunk);
  }
  return Buffer.concat(chunks).toString('utf8');
}

async function readJson(request: Request): Promise<unknown> {
  return parseJsonText(await readTextCapped(request, JSON_LIMIT));
}

/** Registers the email routes. */
export function registerEmails(app: ServiceApp, deps: EmailRouteDeps): void {
  app.openAPIRegistry.registerPath({
    method: 'post',
    path: '/v1/emails',
    operationId: 'composeEmail',
    tags: ['Emails'],
    summary: 'Compose an email: send now, send at a time (notBefore), or save as draft',
    description:
      'JSON (`ComposeEmail`, attachments by blob reference) or multipart/form-data with a `message` part (the same JSON) and file parts streamed into the object store (100 MB in total; at most 250 files; a part named `inline:<cid>` is an inline image). 202 means the email is durable in the outbox. `Idempotency-Key` (≤ 256 chars, 24 h): the same key and payload replay the first response; a different payload is 409 IDEMPOTENCY_CONFLICT.',
    request: {
      headers: z.object({ 'idempotency-key': z.string().max(256).optional() }),
      body: {
        content: {
          'application/json': { schema: ComposeEmail },
          'multipart/form-data': {
            schema: z.object({ message: z.string(), file: z.string().optional() }),
          },
        },
      },
    },
    responses: {
      202: json(EmailRecord, 'Queued (durable)'),
      201: json(EmailRecord, 'Draft saved'),
      ...problemResponses(400, 403, 404, 409, 413, 415, 422, 503),
    },
  });
  app.post('/v1/emails', async (c) => {
    const principal = c.get('auth');
    requirePermission(principal, 'email-edit');
    const type = (c.req.header('content-type') ?? '').toLowerCase();
    let raw: unknown;
    let payloadHash: string;
    let files: Awaited<ReturnType<typeof parseMultipartCompose>>['files'] = [];
    let discard = async () => {};
    if (type.startsWith('multipart/form-data')) {
      const parsed = await parseMultipartCompose(c.req.raw, deps.blobs.store);
      raw = parsed.message;
      files = parsed.files;
      payloadHash = parsed.payloadHash;
      discard = parsed.discard;
      // The uploads are the caller's company's to attach (ADR-0021), before the outbox checks them.
      await Promise.all(files.map((f) => deps.blobs.grant(principal.company, f.blob)));
    } else if (type.startsWith('application/json') || type === '') {
      const declared = Number(c.req.header('content-length') ?? Number.NaN);
      if (declared > JSON_LIMIT) {
        throw new PayloadTooLargeError(
          `A JSON body may be at most ${JSON_LIMIT} bytes; send attachments as multipart/form-data.`,
        );
      }
      // With a declared length the server's direct read is much cheaper than the web stream.
      const text = Number.isFinite(declared)
        ? await c.req.text()
        : await readTextCapped(c.req.raw, JSON_LIMIT);
      // Only an Idempotency-Key needs the payload's fingerprint.
      payloadHash = c.req.header('idempotency-key')
        ? createHash('sha256').update(text).digest('hex')
        : '';
      raw = parseJsonText(text);
    } else {
      throw new UnprocessableError(
        'UNSUPPORTED_MEDIA_TYPE',
        'Send the email as application/json or multipart/form-data.',
      );
    }
    try {
      return await accept(raw, payloadHash);
    } catch (err) {
      // A refused request frees the files it uploaded (content others already had stays).
      await discard();
      throw err;
    }

    async function accept(raw: unknown, payloadHash: string) {
      precheckCompose(raw);
      const email = mailSafeBody(parseOrThrow(ComposeEmail, raw, 'email'));
      email.attachments = [
        ...email.attachments,
        ...files.map((f) => ({
          fileName: f.fileName,
          contentType: f.contentType,
          blob: f.blob,
          inline: f.inline,
          ...(f.contentId ? { contentId: f.contentId } : {}),
        })),
      ];
      const run = async (keyed?: KeyedRun) => {
        const record = await deps.outbox.enqueue({
          company: principal.company,
          owner: ownerOf(principal),
          email,
          ...(keyed ? { keyed } : {}),
          requestId: c.get('requestId'),
        });
        return { status: record.status === 'draft' ? 201 : 202, body: record };
      };
      const key = c.req.header('idempotency-key');
      const result = key
        ? await deps.idempotency.run(principal.company, principal.userId, key, payloadHash, run)
        : { ...(await run()), replayed: false };
      const record = result.body as EmailRecord;
      c.header('location', `/v1/emails/${record.id}`);
      if (result.replayed) {
        c.header('idempotent-replayed', 'true');
      }
      for (const f of files) {
        deps.blobs.note(f.blob.sha256, f.blob.size);
      }
      return c.json(record, result.status as 201 | 202);
    }
  });

  app.openapi(
    createRoute({
      method: 'get',
      path: '/v1/emails/{id}',
      operationId: 'getEmail',
      tags: ['Emails'],
      summary:
        'Open an email with every attempt (time, error, provider status) and its status history',
      request: { params: IdParams },
      responses: { 200: json(EmailRecord), ...problemResponses(400, 403, 404) },
    }),
    async (c) => {
      const { value: record } = await deps.actions.open(c.get('auth'), c.req.valid('param').id);
      return c.json(record, 200);
    },
  );

  app.openapi(
    createRoute({
      method: 'patch',
      path: '/v1/emails/{id}',
      operationId: 'updateDraft',
      tags: ['Emails'],
      summary: 'Edit a draft (replaces its content; `mode: send` sends it)',
      request: { params: IdParams },
      responses: {
        200: json(EmailRecord),
        202: json(EmailRecord, 'Queued'),
        ...problemResponses(400, 403, 404, 409, 413, 422),
      },
    }),
    async (c) => {
      const raw = await readJson(c.req.raw);
      precheckCompose(raw);
      const email = mailSafeBody(parseOrThrow(ComposeEmail, raw, 'email'));
      const record = await deps.actions.updateDraft(
        c.get('auth'),
        c.req.valid('param').id,
        email,
        c.get('requestId'),
      );
      return c.json(record, record.status === 'queued' ? 202 : 200);
    },
  );

  app.openapi(
    createRoute({
      method: 'delete',
      path: '/v1/emails/{id}',
      operationId: 'deleteEmail',
      tags: ['Emails'],
      summary: 'Delete a draft, failed, cancelled or sent email',
      request: { params: IdParams },
      responses: { 204: { description: 'Deleted' }, ...problemResponses(400, 403, 404, 409) },
    }),
    async (c) => {
      await deps.actions.remove(c.get('auth'), c.req.valid('param').id);
      return c.body(null, 204);
    },
  );

  const action = (
    name: 'send' | 'cancel' | 'resend',
    summary: string,
    run: (principal: Principal, id: string, requestId: string | undefined) => Promise<EmailRecord>,
    status: 200 | 202,
  ) =>
    app.openapi(
      createRoute({
        method: 'post',
        path: `/v1/emails/{id}/${name}`,
        operationId: `${name}Email`,
        tags: ['Emails'],
        summary,
        request: { params: IdParams },
        responses: {
          [status]: json(EmailRecord),
          ...problemResponses(400, 403, 404, 409, 422, 503),
        },
      }),
      async (c) =>
        c.json(await run(c.get('auth'), c.req.valid('param').id, c.get('requestId')), status),
    );
  action(
    'send',
    'Send again: queue a failed, cancelled or draft email (attempts count afresh)',
    (p, id, requestId) => deps.actions.sendAgain(p, id, requestId),
    202,
  );
  action('cancel', 'Cancel a queued email', (p, id) => deps.actions.cancel(p, id), 200);
  action(
    'resend',
    'Resend a sent email (a new email cloned from it)',
    (p, id, requestId) => deps.actions.resend(p, id, requestId),
    202,
  );
}
