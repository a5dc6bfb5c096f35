/**
 * `/v1/events`: ERP posting events over HTTP (the same payload as the
 * `verzend.events.<company>.<documentType>.posted` subject), their status,
 * counts and progress, and retrying failed ones. See docs/events.md.
 * @module
 */
import { createRoute, z } from '@hono/zod-openapi';
import {
  DocumentPostedEvent,
  DocumentType,
  EventRecord,
  EventStatus,
  ForbiddenError,
  Id,
  PayloadTooLargeError,
  type Principal,
  problemResponses,
  requirePermission,
  type ServiceApp,
} from '@verzend/shared';
import { bodyLimit } from 'hono/body-limit';
import type { EventsApi } from '../intake/api';

/** Largest request body accepted; bigger datasets belong in the blob store. */
export const MAX_EVENT_BODY_BYTES = 20 * 1024 * 1024;

/** The answer to `POST /v1/events`. */
export const AcceptedEvent = z
  .object({
    eventId: Id,
    status: EventStatus,
    duplicate: z.boolean(),
    /** Where to follow the event. */
    href: z.string(),
  })
  .meta({
    id: 'AcceptedEvent',
    example: {
      eventId: 'SI-103045-1',
      status: 'received',
      duplicate: false,
      href: '/v1/events/SI-103045-1',
    },
  });
export type AcceptedEvent = z.infer<typeof AcceptedEvent>;

const StatusCounts = z.object(
  Object.fromEntries(EventStatus.options.map((s) => [s, z.number().int()])) as Record<
    EventStatus,
    z.ZodNumber
  >,
);

/** The answer to `GET /v1/events`. */
export const EventList = z
  .object({
    counts: StatusCounts,
    total: z.number().int(),
    progress: z.object({
      done: z.number().int(),
      pending: z.number().int(),
      percent: z.number(),
    }),
    items: z.array(EventRecord),
    nextCursor: z.string().nullable(),
  })
  .meta({
    id: 'EventList',
    example: {
      counts: {
        received: 0,
        processing: 10,
        rendered: 2,
        queued: 31,
        sent: 4939,
        draft: 6,
        skipped: 9,
        failed: 3,
      },
      total: 5000,
      progress: { done: 4988, pending: 12, percent: 99.7 },
      items: [
        {
          eventId: 'SI-108000',
          company: 'cronus',
          documentType: 'sales-invoice',
          documentNo: '108000',
          status: 'failed',
          reason: 'Customer 40000 (Relecloud) has no email address.',
          errorCode: 'INVALID_ADDRESS',
          emailId: null,
          attempts: 1,
          receivedAt: '2026-11-27T09:00:41.120Z',
          updatedAt: '2026-11-27T09:00:41.166Z',
          lastError: {
            code: 'INVALID_ADDRESS',
            text: 'Customer 40000 (Relecloud) has no email address.',
          },
        },
      ],
      nextCursor: 'MjAyNi0xMS0yN1QwOTowMDo0MS4xMjBafFNJLTEwODAwMA',
    },
  });
export type EventList = z.infer<typeof EventList>;

/** Query of `GET /v1/events`. */
export const EventListQuery = z.object({
  status: EventStatus.optional(),
  documentType: DocumentType.optional(),
  /** Which event(s) a document number produced. */
  documentNo: z.string().min(1).max(20).optional(),
  limit: z.coerce.number().int().min(1).max(500).default(50),
  cursor: z.string().max(512).optional(),
});

const IdParam = z.object({
  id: Id.meta({ param: { name: 'id', in: 'path' }, example: 'SI-103045-1' }),
});

const submitRoute = createRoute({
  method: 'post',
  path: '/v1/events',
  operationId: 'postEvent',
  tags: ['events'],
  summary: 'Accept a posting event',
  description:
    "Same payload as the JetStream subject. Answers 202 once the event is durable in the stream; the company must be the token's. `postingUser` must be the caller (its address and licence come from the token; only a full licence sends, as in compose) unless the token has the `email-integration` permission, which lets an ERP post for any user of its company. Blob references (`datasetBlob`, `extraAttachments`) must be the company's own (404 otherwise). A known event id is answered with its status and not processed again.",
  request: {
    body: { required: true, content: { 'application/json': { schema: DocumentPostedEvent } } },
  },
  responses: {
    202: { description: 'Accepted', content: { 'application/json': { schema: AcceptedEvent } } },
    ...problemResponses(400, 403, 404, 413, 503),
  },
});

const listRoute = createRoute({
  method: 'get',
  path: '/v1/events',
  operationId: 'listEvents',
  tags: ['events'],
  summary: 'Counts, progress and a page of events',
  request: { query: EventListQuery },
  responses: {
    200: { description: 'Events', content: { 'application/json': { schema: EventList } } },
    ...problemResponses(400, 403),
  },
});

const getRoute = createRoute({
  method: 'get',
  path: '/v1/events/{id}',
  operationId: 'getEvent',
  tags: ['events'],
  summary: 'One event and what became of it (its email: id, Message-ID, provider id, last error)',
  request: { params: IdParam },
  responses: {
    200: { description: 'The event', content: { 'application/json': { schema: EventRecord } } },
    ...problemResponses(403, 404),
  },
});

const retryRoute = createRoute({
  method: 'post',
  path: '/v1/events/{id}/retry',
  operationId: 'retryEvent',
  tags: ['events'],
  summary: 'Retry a failed event',
  request: { params: IdParam },
  responses: {
    202: {
      description: 'Queued for another try',
      content: { 'application/json': { schema: EventRecord } },
    },
    ...problemResponses(403, 404, 409, 503),
  },
});

/**
 * The event as the caller may post it. An integration (`email-integration`)
 * names the posting user; anyone else posts as themselves: the owner, the
 * owner's address and licence come from the token, never from the body, so
 * compose's rules (only a full licence sends) hold for events too.
 * @throws {ForbiddenError} when a user posts for someone else.
 */
export function asPostedBy(principal: Principal, event: DocumentPostedEvent): DocumentPostedEvent {
  if (principal.permissions.has('email-integration')) {
    return event;
  }
  if (event.postingUser.id !== principal.userId) {
    throw new ForbiddenError(
      `Posting a document for user "${event.postingUser.id}" needs the email-integration permission; your token is for "${principal.userId}".`,
    );
  }
  return {
    ...event,
    postingUser: {
      id: principal.userId,
      ...(principal.email ? { email: principal.email } : {}),
      ...(principal.name ? { name: principal.name } : {}),
      licence: principal.licence,
    },
  };
}

/** Registers the events routes. */
export function registerEvents(app: ServiceApp, deps: { events: EventsApi }): void {
  app.use(
    '/v1/events',
    bodyLimit({
      maxSize: MAX_EVENT_BODY_BYTES,
      onError: () => {
        throw new PayloadTooLargeError(
          `An event may be at most ${MAX_EVENT_BODY_BYTES} bytes; put large datasets in the blob store and send datasetBlob.`,
        );
      },
    }),
  );

  app.openapi(submitRoute, async (c) => {
    const principal = c.get('auth');
    requirePermission(principal, 'email-edit');
    const posted = c.req.valid('json');
    if (posted.company !== principal.company) {
      throw new ForbiddenError(
        `The event is for company "${posted.company}", but your token is for "${principal.company}".`,
      );
    }
    const accepted = await deps.events.submit(asPostedBy(principal, posted), c.get('requestId'));
    return c.json({ ...accepted, href: `/v1/events/${encodeURIComponent(accepted.eventId)}` }, 202);
  });

  app.openapi(listRoute, async (c) => {
    const principal = c.get('auth');
    requirePermission(principal, 'email-read');
    const query = c.req.valid('query');
    return c.json(await deps.events.list(principal.company, query), 200);
  });

  app.openapi(getRoute, async (c) => {
    const principal = c.get('auth');
    requirePermission(principal, 'email-read');
    return c.json(await deps.events.get(principal.company, c.req.valid('param').id), 200);
  });

  app.openapi(retryRoute, async (c) => {
    const principal = c.get('auth');
    requirePermission(principal, 'email-edit');
    const record = await deps.events.retry(
      principal.company,
      c.req.valid('param').id,
      principal.userId,
      c.get('requestId'),
    );
    return c.json(record, 202);
  });
}
