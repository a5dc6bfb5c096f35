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
import { canView } from '../views/policy';
import { Outbox } from './outbox';
import type { EmailOwner } from './port';
import { type EmailRecords, type Versioned, withStatus } from './records';

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
  async open(viewer: Principal, emailId: string): Promise<Versioned> {
    requirePermission(viewer, 'email-read');
    const found = await this.#records.find(viewer.company, emailId);
    if (!found) {
      throw new NotFoundError(`Email ${emailId} does not exist.`);
    }
    if (found.record.ownerUserId !== viewer.userId) {
      const policy = await this.policy(viewer);
      if (!canView(viewer, policy, found.record)) {
        throw new NotFoundError(`Email ${emailId} does not exist.`);
      }
    }
    return found;
  }

  /** Replaces a draft's content (the whole compose body; `mode: send` sends it). */
  async updateDraft(viewer: Principal, emailId: string, email: ComposeEmail): Promise<EmailRecord> {
    requirePermission(viewer, 'email-edit');
    const current = await this.open(viewer, emailId);
    if (current.record.status !== 'draft') {
      throw new ConflictError(
        `Only drafts can be edited; this email is ${current.record.status}.`,
        {
          code: 'INVALID_STATE',
        },
      );
    }
    const { record: rebuilt } = await this.#outbox.build(
      { company: viewer.company, owner: ownerOf(viewer), email },
      current.record,
    );
    // The draft keeps its owner (an editor with the right policy edits on the owner's behalf).
    const base: EmailRecord = {
      ...rebuilt,
      ownerUserId: current.record.ownerUserId,
      ownerEmail: current.record.ownerEmail,
      status: 'draft',
    };
    const next =
      email.mode === 'send'
        ? Outbox.queued(base, 'Queued from draft')
        : withStatus(base, 'draft', 'Draft edited');
    await this.#outbox.keepBlobs(next);
    const saved = await this.#records.put(next, current.revision).catch((err: unknown) => {
      throw new ConflictError('The draft changed while you edited it; reload and try again.', {
        cause: err,
      });
    });
    if (next.status === 'queued') {
      await this.#outbox.dispatch(saved.record, saved.revision);
    }
    return saved.record;
  }

  /** Send again: a failed, cancelled or draft email is queued for a new dispatch. */
  async sendAgain(viewer: Principal, emailId: string): Promise<EmailRecord> {
    requirePermission(viewer, 'email-edit');
    const current = await this.open(viewer, emailId);
    const saved = await this.#records.transition(
      viewer.company,
      emailId,
      (cur) => {
        if (!['failed', 'cancelled', 'draft'].includes(cur.status)) {
          throw new ConflictError(
            `Only failed, cancelled or draft emails can be sent again; this one is ${cur.status}.`,
            { code: 'INVALID_STATE' },
          );
        }
        if (cur.to.length + cur.cc.length + cur.bcc.length === 0) {
          throw new ConflictError('Add at least one recipient before sending.', {
            code: 'INVALID_STATE',
          });
        }
        return Outbox.queued({ ...cur, notBefore: null }, `Sent again by ${viewer.userId}`);
      },
      current,
    );
    await this.#outbox.dispatch(saved.record, saved.revision);
    return saved.record;
  }

  /** Cancels a queued email (also one waiting for a retry). Processing ones cannot be stopped. */
  async cancel(viewer: Principal, emailId: string): Promise<EmailRecord> {
    requirePermission(viewer, 'email-edit');
    const current = await this.open(viewer, emailId);
    const saved = await this.#records.transition(
      viewer.company,
      emailId,
      (cur) => {
        if (cur.status !== 'queued') {
          throw new ConflictError(
            cur.status === 'processing'
              ? 'The email is being sent right now and can no longer be cancelled.'
              : `Only queued emails can be cancelled; this one is ${cur.status}.`,
            { code: 'INVALID_STATE' },
          );
        }
        return {
          ...withStatus(cur, 'cancelled', `Sending cancelled by ${viewer.userId}`),
          nextAttemptAt: null,
        };
      },
      current,
    );
    return saved.record;
  }

  /** Resend: a sent email is cloned into a new queued email (the original stays in Sent). */
  async resend(viewer: Principal, emailId: string): Promise<EmailRecord> {
    requirePermission(viewer, 'email-edit');
    const { record } = await this.open(viewer, emailId);
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
    if (current.record.status === 'queued' || current.record.status === 'processing') {
      throw new ConflictError(
        `A ${current.record.status} email cannot be deleted; cancel it first.`,
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
