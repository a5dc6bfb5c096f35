/**
 * The one status table of an email (ADR-0027): what each status means to the
 * sender, the Outbox pages and the actions. Every other file asks here instead
 * of restating a set of statuses.
 * @module
 */
import type { EmailStatus } from '@verzend/shared';

/** What a status means. */
export interface StatusMeaning {
  /** On its way: an outbox pointer may act on it, and it cannot be deleted (cancel first). */
  active: boolean;
  /** The dispatch is over for good (sent, failed, cancelled): only a user action starts another. */
  final: boolean;
}

/** Every status and its meaning. */
export const STATUS_TABLE: Readonly<Record<EmailStatus, StatusMeaning>> = {
  draft: { active: false, final: false },
  queued: { active: true, final: false },
  processing: { active: true, final: false },
  sent: { active: false, final: true },
  failed: { active: false, final: true },
  cancelled: { active: false, final: true },
};

/** True while the email is on its way (queued or processing). */
export function isActive(status: EmailStatus): boolean {
  return STATUS_TABLE[status].active;
}

/** True when the dispatch ended (sent, failed, cancelled). */
export function isFinal(status: EmailStatus): boolean {
  return STATUS_TABLE[status].final;
}
