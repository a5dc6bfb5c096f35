/**
 * Email ids and Message-IDs. Ids sort by creation time (a base-36 millisecond
 * prefix), so a key listing in reverse order is newest first and a cursor is
 * simply the last id seen.
 * @module
 */
import { randomBytes } from 'node:crypto';

/** A new email id: 9 base-36 time characters + 16 hex random characters. */
export function newEmailId(now = Date.now()): string {
  return `${now.toString(36).padStart(9, '0')}${randomBytes(8).toString('hex')}`;
}

/**
 * The RFC 5322 Message-ID of an email, fixed at enqueue so a copy sent again
 * after a crash carries the same id (receivers and our duplicate count can spot it).
 */
export function messageIdFor(emailId: string, company: string, fromAddress: string): string {
  const domain = fromAddress.split('@')[1] ?? 'verzend.local';
  return `<${emailId}.${company}@${domain}>`;
}
