/**
 * The outbox: the single way in for emails (compose API, posting events, RPC),
 * implementing {@link OutboxPort}. An email is accepted only once its bodies
 * are in the blob store, its record is in KV and — unless it is a draft — its
 * pointer is stored in JetStream (see docs/adr/0007-outbox-on-jetstream-and-crash-safety.md).
 * @module
 */

import type { Account, InstalledConnectors } from '@verzend/connectors';
import {
  type ComposeEmail,
  ConflictError,
  type EmailAttachment,
  type EmailRecord,
  ForbiddenError,
  isCasConflict,
  type Logger,
  type Mailbox,
  type StoredBlob,
  type Telemetry,
  UnprocessableError,
  ValidationError,
} from '@verzend/shared';
import type { ConfigLookups } from '../accounts/config-client';
import { refuseIfTestCompany } from '../accounts/test-company';
import { eventEmailId, messageIdFor, newEmailId } from '../emails/ids';
import { apply, type EmailEvent, isRefusal } from '../emails/lifecycle';
import type { EmailRecords } from '../emails/records';
import type { KnownBlobs } from './known-blobs';
import type { EmailOwner, EnqueueRequest, OutboxPort } from './port';
import type { OutboxPublisher } from './publisher';
import { checkAgainstConnector, requireRecipients } from './validate';

/** Dependencies of {@link Outbox}. */
export interface OutboxDeps {
  records: EmailRecords;
  blobs: KnownBlobs;
  config: ConfigLookups;
  connectors: InstalledConnectors;
  publisher: OutboxPublisher;
  telemetry: Telemetry;
  logger: Logger;
  /** Called after an email was queued for an account (starts this replica's sending loop at once). */
  onQueued?: (company: string, accountId: string) => void;
}

/**
 * The From the outbox records: the account's address, or the sending user's
 * when the account sends as the current user or substitutes the sender (the
 * connector decides finally; this is what the Outbox shows).
 */
function defaultFrom(account: Account, owner: EmailOwner): Mailbox {
  const s = account.settings;
  if (s.connector === 'smtp') {
    const asUser = s.senderType === 'current-user' || s.senderSubstitution !== 'none';
    if (asUser && owner.email) {
      return { address: owner.email, ...(owner.name ? { name: owner.name } : {}) };
    }
    if (s.senderType === 'specific-user') {
      return {
        address: s.senderAddress ?? account.emailAddress,
        name: s.senderName ?? account.name,
      };
    }
  }
  return { address: account.emailAddress, name: account.name };
}

/** The blob hashes an email record references (bodies and attachments). */
export function blobsOf(record: EmailRecord): string[] {
  return [
    ...(record.htmlBody ? [record.htmlBody.sha256] : []),
    ...(record.textBody ? [record.textBody.sha256] : []),
    ...record.attachments.map((a) => a.blob.sha256),
  ];
}

/** Who may own an email created under a derived id (a replay of the same source returns it). */
interface Claim {
  what: string;
  owns: (record: EmailRecord) => boolean;
}

function claimOf(request: EnqueueRequest): Claim | undefined {
  const eventId = request.sourceEventId;
  if (eventId) {
    return { what: `event ${eventId}`, owns: (r) => r.sourceEventId === eventId };
  }
  if (request.keyed) {
    const userId = request.owner.userId;
    return {
      what: 'the Idempotency-Key',
      owns: (r) => r.sourceEventId === null && r.ownerUserId === userId,
    };
  }
  return undefined;
}

/** A new record (status draft, no history yet) after its first event. */
function born(record: EmailRecord, event: EmailEvent): EmailRecord {
  const next = apply(record, event);
  if (isRefusal(next)) {
    throw new ConflictError(next.message, { code: 'INVALID_STATE' });
  }
  return next;
}

/** Accepts emails and re-queues them (send again). */
export class Outbox implements OutboxPort {
  readonly #d: OutboxDeps;

  constructor(deps: OutboxDeps) {
    this.#d = deps;
  }

  /** Resolves the account an email goes through and checks it can send. */
  async #account(company: string, email: ComposeEmail, sending: boolean): Promise<Account> {
    const { account } = await this.#d.config.resolveAccount(company, {
      scenario: email.accountId ? undefined : (email.scenario ?? 'default'),
      accountId: email.accountId,
    });
    if (sending && account.needsCredentials) {
      throw new UnprocessableError(
        'NEEDS_CREDENTIALS',
        `Account "${account.name}" needs its credentials entered again before it can send.`,
      );
    }
    return account;
  }

  /** The scenario's auto-add default attachments, skipping ones already on the email. */
  async #withDefaults(company: string, email: ComposeEmail): Promise<EmailAttachment[]> {
    const attachments = [...email.attachments];
    if (!email.addDefaultAttachments || !email.scenario || email.scenario === 'default') {
      return attachments;
    }
    const defaults = await this.#d.config.scenarioAttachments(company, email.scenario);
    for (const d of defaults) {
      if (!d.autoAdd) {
        continue;
      }
      const dup = attachments.some(
        (a) => a.blob.sha256 === d.blob.sha256 && a.fileName === d.fileName,
      );
      if (!dup) {
        attachments.push({
          fileName: d.fileName,
          contentType: d.contentType,
          blob: d.blob,
          inline: false,
        });
      }
    }
    return attachments;
  }

  /**
   * Checks that every attachment's content is stored and returns the attachments with
   * their measured sizes: a client's declared size is never trusted (limits use these).
   * The ones the request names (the first `requested`) must also be the company's own
   * (uploaded, rendered or stored for it — ADR-0021): an unowned hash gets the answer an
   * unknown one gets. The scenario's default attachments come from its configuration.
   */
  async #measureBlobs(
    company: string,
    attachments: EmailAttachment[],
    requested: number,
  ): Promise<EmailAttachment[]> {
    const missing = await this.#d.blobs.unowned(
      company,
      attachments.slice(0, requested).map((a) => a.blob.sha256),
    );
    const measured = await Promise.all(
      attachments.map(async (a, i) => {
        if (missing.includes(i)) {
          return a;
        }
        const size = await this.#d.blobs.size(a.blob.sha256);
        if (size === null) {
          missing.push(i);
          return a;
        }
        return size === a.blob.size ? a : { ...a, blob: { ...a.blob, size } };
      }),
    );
    if (missing.length > 0) {
      throw new ValidationError('An attachment refers to content that is not stored.', {
        errors: missing
          .sort((x, y) => x - y)
          .map((i) => ({
            path: `attachments.${i}.blob`,
            message: 'no stored content with this hash; upload it first',
          })),
      });
    }
    return measured;
  }

  /**
   * Builds a record from a compose request (used for new emails and edited drafts).
   * Stores the bodies in the blob store; does not write the record.
   */
  async build(
    request: EnqueueRequest,
    base?: Partial<Pick<EmailRecord, 'id' | 'createdAt' | 'history' | 'attempts' | 'dispatch'>>,
  ): Promise<{ record: EmailRecord; account: Account }> {
    const { company, owner, email } = request;
    const sending = email.mode === 'send';
    if (sending) {
      requireRecipients(email);
      if (owner.licence !== 'full') {
        throw new ForbiddenError(
          `Only users with a full licence can send through the company's accounts (yours: ${owner.licence}).`,
          { code: 'LICENCE_NOT_ALLOWED' },
        );
      }
    }
    const account = await this.#account(company, email, sending);
    const connector = this.#d.connectors.get(account.settings.connector);
    if (sending) {
      await refuseIfTestCompany(this.#d.config, company, connector);
    }
    const attachments = await this.#measureBlobs(
      company,
      await this.#withDefaults(company, email),
      email.attachments.length,
    );
    const bodyBytes = Buffer.byteLength(email.html ?? '') + Buffer.byteLength(email.text ?? '');
    checkAgainstConnector({ ...email, attachments }, connector.capabilities, bodyBytes);
    const [htmlBody, textBody] = await Promise.all([
      email.html !== undefined ? this.#d.blobs.putText(email.html, company) : null,
      email.text !== undefined ? this.#d.blobs.putText(email.text, company) : null,
    ]);
    const now = new Date().toISOString();
    const id = base?.id ?? newEmailId();
    const from = defaultFrom(account, owner);
    const record: EmailRecord = {
      id,
      company,
      status: 'draft',
      messageId: messageIdFor(id, company, from.address),
      accountId: account.id,
      connector: account.settings.connector,
      scenario: email.scenario ?? 'default',
      sendFrom: account.emailAddress,
      ownerUserId: owner.userId,
      ownerEmail: owner.email ?? null,
      from,
      to: email.to,
      cc: email.cc,
      bcc: email.bcc,
      replyTo: email.replyTo,
      subject: email.subject,
      htmlBody,
      textBody,
      attachments,
      headers: email.headers,
      relatedRecords: email.relatedRecords,
      notBefore: email.notBefore ? new Date(email.notBefore).toISOString() : null,
      nextAttemptAt: null,
      attempts: base?.attempts ?? [],
      history: base?.history ?? [],
      lastError: null,
      providerMessageId: null,
      sourceEventId: request.sourceEventId ?? null,
      createdAt: base?.createdAt ?? now,
      updatedAt: now,
      sentAt: null,
      dispatch: base?.dispatch ?? { generation: 0, firstAttempt: 1 },
    };
    return { record, account };
  }

  /**
   * Keeps the record's blobs from the sweeper until the record is written (call right
   * before writing it; ADR-0026).
   */
  keepBlobs(record: EmailRecord): Promise<void> {
    return this.#d.blobs.keep(blobsOf(record));
  }

  /** Makes content of one of the company's own emails its to use again (resend clones it). */
  async adopt(company: string, blobs: readonly StoredBlob[]): Promise<void> {
    await Promise.all(blobs.map((b) => this.#d.blobs.adopt(company, b)));
  }

  /** Reads a stored body as text (resend clones the original's bodies). */
  async bodyText(sha256: string): Promise<string> {
    return Buffer.from(await this.#d.blobs.store.getBytes(sha256)).toString('utf8');
  }

  async enqueue(request: EnqueueRequest): Promise<EmailRecord> {
    const eventId = request.sourceEventId;
    const id = eventId
      ? eventEmailId(request.company, eventId, request.sourceReceivedAt)
      : request.keyed?.emailId;
    const claim = claimOf(request);
    if (id && claim && (eventId ? !request.sourceFirstTry : request.keyed?.retry)) {
      // A replay (its first try crashed after the email was accepted): the same email.
      const existing = await this.#accepted(request.company, id, claim);
      if (existing) {
        return existing;
      }
    }
    const { record: draft } = await this.build(request, id ? { id } : undefined);
    if (request.email.mode === 'draft') {
      const record = born(draft, { type: 'save-draft', reason: 'Saved as draft' });
      return (await this.#create(record, claim)) ?? record;
    }
    const record = born(draft, {
      type: 'queue',
      reason: eventId ? `Queued from event ${eventId}` : 'Queued',
    });
    // Pointer first, then the record: a crash in between leaves only a pointer without a
    // record, which the sender drops after a grace period — never a record that says
    // Queued while nothing is queued (see ADR-0007).
    const { requestId } = request;
    const pointer = await this.#d.publisher.publish(record, { requestId });
    if (pointer.duplicate) {
      // An earlier try of this event stored the same pointer and crashed before the record;
      // the sender may have dropped that orphan already, so a second copy guarantees one is
      // there. Two copies of one dispatch are harmless: the first to claim it owns it.
      await this.#d.publisher.publish(record, { after: pointer.seq, requestId });
    }
    const existing = await this.#create(record, claim);
    if (existing) {
      return existing;
    }
    this.#queued(record);
    return record;
  }

  /** The email already accepted under this id by the same source, or null; another source's record is a conflict. */
  async #accepted(company: string, id: string, claim: Claim): Promise<EmailRecord | null> {
    const found = await this.#d.records.find(company, id);
    if (!found) {
      return null;
    }
    if (!claim.owns(found.value)) {
      throw new ConflictError(
        `Email ${id} already exists for another source; ${claim.what} was not accepted.`,
      );
    }
    return found.value;
  }

  /**
   * Creates the record. For an email with a derived id, losing the create to a
   * concurrent replay of the same source returns the record that won.
   */
  async #create(record: EmailRecord, claim: Claim | undefined): Promise<EmailRecord | null> {
    try {
      await this.keepBlobs(record);
      await this.#d.records.create(record);
      return null;
    } catch (err) {
      if (!claim || !isCasConflict(err)) {
        throw err;
      }
      const existing = await this.#accepted(record.company, record.id, claim);
      if (!existing) {
        throw err;
      }
      return existing;
    }
  }

  #queued(record: EmailRecord): void {
    this.#d.telemetry.emit('email-queued', {
      company: record.company,
      emailId: record.id,
      accountId: record.accountId,
      connector: record.connector,
      scenario: record.scenario,
      recipients: record.to.length + record.cc.length + record.bcc.length,
      attachments: record.attachments.length,
    });
    this.#d.onQueued?.(record.company, record.accountId);
  }

  /**
   * Publishes the pointer of an existing record just re-queued (send again, a draft
   * sent). When JetStream cannot take it, the record is marked failed (so nothing looks queued that is not) and the error
   * is passed on — the caller gets a retryable 503.
   */
  async dispatch(record: EmailRecord, revision: number, requestId?: string): Promise<void> {
    try {
      await this.#d.publisher.publish(record, { requestId });
    } catch (err) {
      await this.#d.records
        .transition(
          record.company,
          record.id,
          { type: 'unqueue' },
          { start: { value: record, revision }, once: true },
        )
        .catch((e: unknown) =>
          this.#d.logger.warn(
            { err: e, emailId: record.id },
            'could not mark unqueued email failed',
          ),
        );
      throw err;
    }
    this.#queued(record);
  }
}
