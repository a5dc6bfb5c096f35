/**
 * What users do with an email after composing it, as Business Central's Outbox
 * and Sent Emails pages allow: open it, edit or delete a draft, send again
 * (failed, draft or cancelled), cancel (queued), resend a sent one (a clone),
 * delete. Every action reads through the caller's view policy first, so an
 * email the caller cannot see is simply not found.
 * @module
 */
import {
  type ComposeEmail,
  ConflictError,
  type EmailRecord,
  NotFoundError,
  type Principal,
  requirePermission,
  type ViewPolicyKind,
} from '@verzend/shared';
import type { ConfigLookups } from '../accounts/config-client';
import { type EmailRecords, orConflict, type VersionedEmail } from '../emails/records';
import { isActive } from '../emails/status';
import { canView } from '../views/policy';
import type { Outbox } from './outbox';
import type { EmailOwner } from './port';

/** The owner fields of a principal. */
export function ownerOf(p: Principal): EmailOwner {
  return { userId: p.userId, email: p.email, name: p.name, licence: p.licence };
}

/** Email actions for API callers. */
export class EmailActions {
  readonly #records: EmailRecords;
  readonly #outbox: Outbox;
  readonly #config: ConfigLookups;

  constructor(records: EmailRecords, outbox: Outbox, config: ConfigLookups) {
    this.#records = records;
    this.#outbox = outbox;
    this.#config = config;
  }

  /** The view policy of a caller. */
  policy(viewer: Principal): Promise<ViewPolicyKind> {
    return this.#config.viewPolicy(viewer.company, viewer.userId);
  }

  /** Opens an email the caller may see. @throws NotFoundError otherwise. */
  async open(viewer: Principal, emailId: string): Promise<VersionedEmail> {
    requirePermission(viewer, 'email-read');
    const found = await this.#records.find(viewer.company, emailId);
    if (!found) {
      throw new NotFoundError(`Email ${emailId} does not exist.`);
    }
    if (found.value.ownerUserId !== viewer.userId) {
      const policy = await this.policy(viewer);
      if (!canView(viewer, policy, found.value)) {
        throw new NotFoundError(`Email ${emailId} does not exist.`);
      }
    }
    return found;
  }

  /** Replaces a draft's content (the whole compose body; `mode: send` sends it). */
  async updateDraft(
    viewer: Principal,
    emailId: string,
    email: ComposeEmail,
    requestId?: string,
  ): Promise<EmailRecord> {
    requirePermission(viewer, 'email-edit');
    const current = await this.open(viewer, emailId);
    if (current.value.status !== 'draft') {
      throw new ConflictError(`Only drafts can be edited; this email is ${current.value.status}.`, {
        code: 'INVALID_STATE',
      });
    }
    const { record: content } = await this.#outbox.build(
      { company: viewer.company, owner: ownerOf(viewer), email },
      current.value,
    );
    // Its blobs are kept from the sweeper until the record naming them is written (ADR-0026).
    await this.#outbox.keepBlobs(content);
    // Decided on what the user saw: a draft changed meanwhile is a conflict, not re-decided.
    const saved = orConflict(
      await this.#records
        .transition(
          viewer.company,
          emailId,
          { type: 'edit-draft', content, send: email.mode === 'send' },
          { start: current, once: true },
        )
        .catch((err: unknown) => {
          throw new ConflictError('The draft changed while you edited it; reload and try again.', {
            cause: err,
          });
        }),
    );
    if (saved.value.status === 'queued') {
      await this.#outbox.dispatch(saved.value, saved.revision, requestId);
    }
    return saved.value;
  }

  /** Send again: a failed, cancelled or draft email is queued for a new dispatch. */
  async sendAgain(viewer: Principal, emailId: string, requestId?: string): Promise<EmailRecord> {
    requirePermission(viewer, 'email-edit');
    const current = await this.open(viewer, emailId);
    const saved = orConflict(
      await this.#records.transition(
        viewer.company,
        emailId,
        { type: 'queue', reason: `Sent again by ${viewer.userId}`, clearNotBefore: true },
        { start: current },
      ),
    );
    await this.#outbox.dispatch(saved.value, saved.revision, requestId);
    return saved.value;
  }

  /** Cancels a queued email (also one waiting for a retry). Processing ones cannot be stopped. */
  async cancel(viewer: Principal, emailId: string): Promise<EmailRecord> {
    requirePermission(viewer, 'email-edit');
    const current = await this.open(viewer, emailId);
    const saved = orConflict(
      await this.#records.transition(
        viewer.company,
        emailId,
        { type: 'cancel', by: viewer.userId },
        { start: current },
      ),
    );
    return saved.value;
  }

  /** Resend: a sent email is cloned into a new queued email (the original stays in Sent). */
  async resend(viewer: Principal, emailId: string, requestId?: string): Promise<EmailRecord> {
    requirePermission(viewer, 'email-edit');
    const { value: record } = await this.open(viewer, emailId);
    if (record.status !== 'sent') {
      throw new ConflictError(
        `Only sent emails can be resent; this one is ${record.status}. Use send again.`,
        {
          code: 'INVALID_STATE',
        },
      );
    }
    // The clone carries the original's attachments: content of the company's own email.
    await this.#outbox.adopt(
      viewer.company,
      record.attachments.map((a) => a.blob),
    );
    return this.#outbox.enqueue({
      requestId,
      company: viewer.company,
      owner: ownerOf(viewer),
      email: {
        to: record.to,
        cc: record.cc,
        bcc: record.bcc,
        replyTo: record.replyTo,
        subject: record.subject,
        ...(record.htmlBody ? { html: await this.#outbox.bodyText(record.htmlBody.sha256) } : {}),
        ...(record.textBody ? { text: await this.#outbox.bodyText(record.textBody.sha256) } : {}),
        attachments: record.attachments,
        scenario: record.scenario,
        accountId: record.accountId,
        relatedRecords: record.relatedRecords,
        headers: record.headers,
        mode: 'send',
        addDefaultAttachments: false,
      },
    });
  }

  /** Deletes an email that is not on its way (draft, failed, cancelled, sent). */
  async remove(viewer: Principal, emailId: string): Promise<void> {
    requirePermission(viewer, 'email-edit');
    const current = await this.open(viewer, emailId);
    if (isActive(current.value.status)) {
      throw new ConflictError(
        `A ${current.value.status} email cannot be deleted; cancel it first.`,
        {
          code: 'INVALID_STATE',
        },
      );
    }
    await this.#records.remove(viewer.company, emailId, current.revision).catch((err: unknown) => {
      throw new ConflictError('The email changed meanwhile; reload and try again.', { cause: err });
    });
  }
}
