/**
 * The outbox's entry point inside the dispatcher. The compose API and the
 * posting-event intake both hand emails to the outbox through this port, so
 * there is one path into the queue (validation, default attachments, account
 * resolution, durability) whatever the source.
 * @module
 */
import type { ComposeEmail, EmailRecord, LicenceType } from '@verzend/shared';

/** Who is sending: the token's user for the API, the posting user for events. */
export interface EmailOwner {
  userId: string;
  email: string | undefined;
  name: string | undefined;
  licence: LicenceType;
}

/** A request to accept an email. */
export interface EnqueueRequest {
  company: string;
  owner: EmailOwner;
  email: ComposeEmail;
  /**
   * The posting event that produced it. The email id is derived from company and
   * event id, so enqueueing the same event again returns the email already
   * accepted for it instead of a second one (a replay after a crash).
   */
  sourceEventId?: string;
  /** When that event was first received (ISO); the time part of the derived id. */
  sourceReceivedAt?: string;
  /**
   * True on the event's first processing: nothing can have been accepted for it
   * yet, so the outbox skips looking (one KV read less per event). A replay that
   * says so anyway is still caught when the record is created.
   */
  sourceFirstTry?: boolean;
  /**
   * An email id fixed by the request's Idempotency-Key (the compose API, see
   * ADR-0019): the email is created under it, and a retry of the key (`retry`)
   * finds the email a crashed first try accepted instead of creating a second.
   */
  keyed?: { emailId: string; retry: boolean };
  /** The request id of the work that asks (travels on the outbox pointer to the sender). */
  requestId?: string;
}

/**
 * Accepts emails into the outbox. Resolves only once the email (or draft) is
 * durable in JetStream/KV. With a `sourceEventId` (or `keyed`) it is idempotent:
 * the same company and event (or Idempotency-Key) always resolve to the same record.
 */
export interface OutboxPort {
  enqueue(request: EnqueueRequest): Promise<EmailRecord>;
}
