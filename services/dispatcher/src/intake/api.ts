/**
 * The events API behind `/v1/events`: accept an event over HTTP (durable in
 * the stream before it answers), show records with counts and progress, and
 * retry failed ones. The company is always the caller's (routes pass the
 * token's), so another company's events are simply not found.
 * @module
 */
import { randomUUID } from 'node:crypto';
import {
  ConflictError,
  type DocumentPostedEvent,
  type EventRecord,
  type EventStatus,
  EventStatus as EventStatusSchema,
  eventMessageId,
  NotFoundError,
  Subjects,
  UnavailableError,
} from '@verzend/shared';
import { decodeCursor, encodeCursor, isId } from '../paging/cursor';
import type { IntakeBlobs } from './ports';
import { type EventStore, type StoredEvent, toPublic } from './store';
import type { EventStream } from './stream';

/**
 * Events whose JSON is larger than this travel with their dataset in the blob
 * store (core NATS caps a message at 1 MiB; headers and the rest need room).
 */
export const INLINE_EVENT_LIMIT = 900 * 1024;

/** The answer to an accepted event. */
export interface Accepted {
  eventId: string;
  status: EventStatus;
  /** True when this event id was seen before: nothing new happens. */
  duplicate: boolean;
}

/** Counts and progress of a company's events. */
export interface EventSummary {
  counts: Record<EventStatus, number>;
  total: number;
  progress: { done: number; pending: number; percent: number };
}

/** A listing query. */
export interface ListQuery {
  status?: EventStatus | undefined;
  documentType?: string | undefined;
  documentNo?: string | undefined;
  limit: number;
  cursor?: string | undefined;
}

/** A page of records with the company's summary. */
export interface EventList extends EventSummary {
  items: EventRecord[];
  nextCursor: string | null;
}

const pendingStatuses = new Set<EventStatus>(['received', 'processing', 'rendered']);
const encoder = new TextEncoder();

/** A position in the events list: the receipt time and id of an event. */
function isEventPosition(position: string): boolean {
  const [receivedAt, eventId, ...rest] = position.split('|');
  return (
    rest.length === 0 &&
    receivedAt !== undefined &&
    !Number.isNaN(Date.parse(receivedAt)) &&
    eventId !== undefined &&
    isId(eventId)
  );
}

/** Where a page of events ended: newest first, so by receipt time, then by id. */
function cursorOf(r: EventRecord): string {
  return encodeCursor(`${r.receivedAt}|${r.eventId}`);
}

/**
 * The test of "after the cursor" of a listing.
 * @throws ValidationError for a cursor this API did not issue.
 */
function afterCursor(cursor: string | undefined): ((r: EventRecord) => boolean) | null {
  if (!cursor) {
    return null;
  }
  const [receivedAt = '', eventId = ''] = decodeCursor(cursor, isEventPosition).split('|');
  // Newest first: an item comes after the cursor when it is older (ties broken by id).
  return (r) => r.receivedAt < receivedAt || (r.receivedAt === receivedAt && r.eventId > eventId);
}

/** Dependencies of {@link EventsApi}. */
export interface EventsApiDeps {
  store: EventStore;
  stream: EventStream;
  blobs: IntakeBlobs;
  now?: () => Date;
}

/** The events API. */
export class EventsApi {
  readonly #deps: EventsApiDeps;

  constructor(deps: EventsApiDeps) {
    this.#deps = deps;
  }

  #now(): string {
    return (this.#deps.now ? this.#deps.now() : new Date()).toISOString();
  }

  /**
   * Refuses blob references the company does not own (ADR-0021), with the
   * answer an unknown hash gets, before anything is recorded.
   * @throws {NotFoundError}
   */
  async #checkBlobs(event: DocumentPostedEvent): Promise<void> {
    const refs = [
      ...(event.datasetBlob ? [{ path: 'datasetBlob', sha256: event.datasetBlob.sha256 }] : []),
      ...(event.eDocument?.blob
        ? [{ path: 'eDocument.blob', sha256: event.eDocument.blob.sha256 }]
        : []),
      ...event.extraAttachments.map((a, i) => ({
        path: `extraAttachments.${i}.blob`,
        sha256: a.blob.sha256,
      })),
    ];
    if (refs.length === 0) {
      return;
    }
    const missing = await this.#deps.blobs.unowned(
      event.company,
      refs.map((r) => r.sha256),
    );
    if (missing.length > 0) {
      throw new NotFoundError('The event refers to content that is not stored.', {
        errors: missing.map((i) => ({
          path: refs[i]?.path ?? '',
          message: 'no stored content with this hash; upload it first',
        })),
      });
    }
  }

  /**
   * Moves a large inline e-document, then a large inline dataset, to the blob store (keeping the
   * dataset's header fields Verzend reads inline), so the event fits a NATS message.
   */
  async #fit(original: DocumentPostedEvent): Promise<Uint8Array> {
    let event = original;
    let data = encoder.encode(JSON.stringify(event));
    if (data.byteLength > INLINE_EVENT_LIMIT && event.eDocument?.xml !== undefined) {
      const { xml, ...declared } = event.eDocument;
      const blob = await this.#deps.blobs.putBytes(encoder.encode(xml), event.company);
      event = { ...event, eDocument: { ...declared, blob } };
      data = encoder.encode(JSON.stringify(event));
    }
    if (data.byteLength <= INLINE_EVENT_LIMIT || !event.dataset) {
      return data;
    }
    const blob = await this.#deps.blobs.putBytes(
      encoder.encode(JSON.stringify(event.dataset)),
      event.company,
    );
    const { currency, language, amountDue, companyName } = event.dataset;
    const slim: DocumentPostedEvent = {
      ...event,
      datasetBlob: blob,
      dataset: {
        ...(currency ? { currency } : {}),
        ...(language ? { language } : {}),
        ...(amountDue !== undefined ? { amountDue } : {}),
        ...(companyName ? { companyName } : {}),
      },
    };
    return encoder.encode(JSON.stringify(slim));
  }

  /**
   * Accepts an event: records it as received and publishes it with its id as
   * the message id. Resolves only once the stream has it. A known event id is
   * answered with its current status and not processed again.
   */
  async submit(event: DocumentPostedEvent, requestId?: string): Promise<Accepted> {
    const { store, stream } = this.#deps;
    await this.#checkBlobs(event);
    const existing = await store.get(event.company, event.eventId);
    if (existing && !pendingStatuses.has(existing.value.status)) {
      return { eventId: event.eventId, status: existing.value.status, duplicate: true };
    }
    const data = await this.#fit(event);
    let createdRevision: number | null = null;
    if (!existing) {
      const now = this.#now();
      const record: StoredEvent = {
        eventId: event.eventId,
        company: event.company,
        documentType: event.documentType,
        documentNo: event.documentNo,
        status: 'received',
        reason: null,
        errorCode: null,
        emailId: null,
        attempts: 0,
        receivedAt: now,
        updatedAt: now,
        claimSeq: null,
        sourceSeq: null,
      };
      createdRevision = await store.create(record);
    }
    try {
      const subject = Subjects.event(event.company, event.documentType);
      let ack = await stream.publish(
        subject,
        data,
        eventMessageId(event.company, event.eventId),
        requestId,
      );
      if (ack.duplicate && createdRevision !== null && !(await this.#keeps(ack.seq, event))) {
        // The stream knows the message id, but not as this company's event: a publisher took
        // the id within the duplicate window. Publish under a fresh id so the event is not lost.
        ack = await stream.publish(
          subject,
          data,
          eventMessageId(event.company, event.eventId, randomUUID()),
          requestId,
        );
      }
      return {
        eventId: event.eventId,
        status: existing?.value.status ?? 'received',
        duplicate: existing !== null || ack.duplicate,
      };
    } catch (cause) {
      if (createdRevision !== null) {
        // Not in the stream, so not accepted: leave no record claiming otherwise.
        await store.remove(event.company, event.eventId, createdRevision).catch(() => undefined);
      }
      throw new UnavailableError('The event could not be stored; send it again.', { cause });
    }
  }

  /** True when the stream's message at `seq` is this event of this company. */
  async #keeps(seq: number, event: DocumentPostedEvent): Promise<boolean> {
    const kept = await this.#deps.stream.read(seq);
    if (!kept || kept.subject !== Subjects.event(event.company, event.documentType)) {
      return false;
    }
    try {
      const stored = JSON.parse(
        new TextDecoder().decode(kept.data),
      ) as Partial<DocumentPostedEvent>;
      return stored.company === event.company && stored.eventId === event.eventId;
    } catch {
      return false;
    }
  }

  /** One record. */
  async get(company: string, eventId: string): Promise<EventRecord> {
    const found = await this.#deps.store.get(company, eventId);
    if (!found) {
      throw new NotFoundError(`No event ${eventId}.`);
    }
    return toPublic(found.value);
  }

  /** Counts per status, progress, and a page of records (newest first). */
  async list(company: string, query: ListQuery): Promise<EventList> {
    const all = (await this.#deps.store.list(company)).map(toPublic);
    const counts = Object.fromEntries(EventStatusSchema.options.map((s) => [s, 0])) as Record<
      EventStatus,
      number
    >;
    for (const r of all) {
      counts[r.status]++;
    }
    const pending = all.filter((r) => pendingStatuses.has(r.status)).length;
    const done = all.length - pending;
    const after = afterCursor(query.cursor);
    const matching = all
      .filter((r) => (query.status ? r.status === query.status : true))
      .filter((r) => (query.documentType ? r.documentType === query.documentType : true))
      .filter((r) => (query.documentNo ? r.documentNo === query.documentNo : true))
      .sort((a, b) =>
        a.receivedAt === b.receivedAt
          ? a.eventId.localeCompare(b.eventId)
          : a.receivedAt < b.receivedAt
            ? 1
            : -1,
      )
      .filter((r) => (after ? after(r) : true));
    const items = matching.slice(0, query.limit);
    const last = items.at(-1);
    return {
      counts,
      total: all.length,
      progress: {
        done,
        pending,
        percent: all.length === 0 ? 100 : Math.floor((done / all.length) * 1000) / 10,
      },
      items,
      nextCursor: matching.length > query.limit && last ? cursorOf(last) : null,
    };
  }

  /**
   * Retries a failed event: reads it back from the stream and publishes it
   * again; the intake processes it as if it were new.
   * @throws {ConflictError} INVALID_STATE unless the event failed.
   */
  async retry(
    company: string,
    eventId: string,
    requestedBy: string,
    requestId?: string,
  ): Promise<EventRecord> {
    const { store, stream } = this.#deps;
    const found = await store.get(company, eventId);
    if (!found) {
      throw new NotFoundError(`No event ${eventId}.`);
    }
    const current = found.value;
    if (current.status !== 'failed') {
      throw new ConflictError(
        `Only failed events can be retried; event ${eventId} is ${current.status}.`,
        { code: 'INVALID_STATE' },
      );
    }
    if (current.emailId !== null) {
      // Processing the event again would find the same email: the email is what to retry.
      throw new ConflictError(
        `Event ${eventId} failed because its email ${current.emailId} did; send the email again (POST /v1/emails/${current.emailId}/send) and the event follows it.`,
        { code: 'INVALID_STATE' },
      );
    }
    const original = current.sourceSeq === null ? null : await stream.read(current.sourceSeq);
    if (!original) {
      throw new ConflictError(
        `Event ${eventId} is no longer in the event stream; publish it again with a new event id.`,
        { code: 'INVALID_STATE' },
      );
    }
    const requeued: StoredEvent = {
      ...current,
      status: 'received',
      reason: `Retry requested by ${requestedBy}; previous failure: ${current.reason ?? 'unknown'}`,
      errorCode: null,
      claimSeq: null,
      nextAttemptAt: null,
      updatedAt: this.#now(),
    };
    let revision: number;
    try {
      revision = await store.update(requeued, found.revision);
    } catch (cause) {
      throw new ConflictError(`Event ${eventId} changed meanwhile; look at it again.`, {
        code: 'INVALID_STATE',
        cause,
      });
    }
    try {
      await stream.publish(
        original.subject,
        original.data,
        eventMessageId(company, eventId, `retry.${revision}`),
        requestId,
      );
    } catch (cause) {
      await store.update(current, revision).catch(() => undefined);
      throw new UnavailableError('The retry could not be queued; try again.', { cause });
    }
    return toPublic(requeued);
  }
}
