/**
 * Email ids and Message-IDs. Ids sort by creation time (a base-36 millisecond
 * prefix), so a key listing in reverse order is newest first and a cursor is
 * simply the last id seen.
 * @module
 */
import { createHash } from 'node:crypto';
import { randomHex64 } from '@verzend/shared';

/**
 * Header of an outbox pointer carrying the dispatch generation of the record it
 * points to, so a sender drops a stale pointer of an earlier dispatch (cancel → send again).
 */
export const GENERATION_HEADER = 'Verzend-Generation';

/** A new email id: 9 base-36 time characters + 16 hex random characters. */
export function newEmailId(now = Date.now()): string {
  return `${now.toString(36).padStart(9, '0')}${randomHex64()}`;
}

/**
 * The id of the email a posting event produces: the time part is when the
 * event was first received (so lists keep their order), the rest a hash of
 * company and event id. A replay of the event therefore names the same email,
 * and the outbox returns it instead of accepting a second one (ADR-0012).
 * @param receivedAt when the event was first received (ISO); omitted, the time part is zero.
 */
export function eventEmailId(company: string, eventId: string, receivedAt?: string): string {
  const at = receivedAt ? Date.parse(receivedAt) : 0;
  const time = Number.isFinite(at) && at > 0 ? at : 0;
  const digest = createHash('sha256').update(`${company}\u0000${eventId}`).digest('hex');
  return `${time.toString(36).padStart(9, '0')}${digest.slice(0, 16)}`;
}

/**
 * The id of the email a compose request with an Idempotency-Key produces: the
 * time part is when the key was first reserved, the rest a hash of company,
 * user and key. Every retry of the key names the same email, so one that runs
 * after a crash of the first finds the email the first accepted (ADR-0019).
 */
export function keyedEmailId(
  company: string,
  userId: string,
  key: string,
  reservedAt: number,
): string {
  const digest = createHash('sha256')
    .update(`${company}\u0000compose\u0000${userId}\u0000${key}`)
    .digest('hex');
  return `${Math.max(0, reservedAt).toString(36).padStart(9, '0')}${digest.slice(0, 16)}`;
}

/**
 * The RFC 5322 Message-ID of an email, fixed at enqueue so a copy sent again
 * after a crash carries the same id (receivers and our duplicate count can spot it).
 */
export function messageIdFor(emailId: string, company: string, fromAddress: string): string {
  const domain = fromAddress.split('@')[1] ?? 'verzend.local';
  return `<${emailId}.${company}@${domain}>`;
}
