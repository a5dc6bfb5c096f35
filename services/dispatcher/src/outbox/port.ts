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
  /** The posting event that produced it, for traceability and de-duplication. */
  sourceEventId?: string;
}

/** Accepts emails into the outbox. Resolves only once the email (or draft) is durable in JetStream/KV. */
export interface OutboxPort {
  enqueue(request: EnqueueRequest): Promise<EmailRecord>;
}
