/**
 * View policies (Business Central's Email View Policy): who may see an email in
 * the Outbox, Sent Emails and when opening it. Owners always see their own.
 * - own: only their own;
 * - all: every email of the company;
 * - all-related-records: every related record's type is readable (the `user`
 *   record type is ignored; an email with no other relation is hidden);
 * - any-related-record: at least one related record's type is readable.
 * Record-type access comes from the token's `records` claim (`*` = all).
 * @module
 */
import type { EmailRecord, Principal, ViewPolicyKind } from '@verzend/shared';

/** The record type that only says who sent an email; it never grants or denies a view. */
const USER_RECORD_TYPE = 'user';

/** Whether the viewer may read records of this type. */
function readable(viewer: Principal, recordType: string): boolean {
  return viewer.readableRecordTypes.has('*') || viewer.readableRecordTypes.has(recordType);
}

/** Whether `viewer`, under `policy`, may see `email`. */
export function canView(
  viewer: Principal,
  policy: ViewPolicyKind,
  email: Pick<EmailRecord, 'company' | 'ownerUserId' | 'relatedRecords'>,
): boolean {
  if (email.company !== viewer.company) {
    return false;
  }
  if (email.ownerUserId === viewer.userId) {
    return true;
  }
  const types = email.relatedRecords.map((r) => r.recordType).filter((t) => t !== USER_RECORD_TYPE);
  switch (policy) {
    case 'own':
      return false;
    case 'all':
      return true;
    case 'all-related-records':
      return types.length > 0 && types.every((t) => readable(viewer, t));
    case 'any-related-record':
      return types.some((t) => readable(viewer, t));
  }
}
