/**
 * Rebuilds the provider-ready {@link OutgoingMessage} from an email record:
 * bodies read from the blob store (small, cached by hash), attachments opened
 * as streams only when the connector reads them.
 * @module
 */

import type { OutgoingMessage } from '@verzend/connectors';
import type { BlobStore, EmailRecord } from '@verzend/shared';
import { LRUCache } from 'lru-cache';
import { type Handoff, NO_HANDOFF } from '../emails/handoff';

/**
 * Reads bodies by hash, keeping the most recent ones (the same template body is
 * common); a body this replica just stored comes from the hand-off.
 */
export class BodyCache {
  readonly #store: BlobStore;
  readonly #handoff: Handoff;
  readonly #cache: LRUCache<string, Promise<string>>;

  constructor(store: BlobStore, handoff: Handoff = NO_HANDOFF, max = 200) {
    this.#store = store;
    this.#handoff = handoff;
    this.#cache = new LRUCache({ max });
  }

  /**
   * Starts reading an email's bodies now, so they are in hand when the attempt is built.
   * The sender calls it as soon as it knows it will try to send: in another replica than
   * the one that stored them, the reads then overlap the throttle and the in-flight write
   * instead of following them. A failed read is forgotten and tried again when built.
   */
  warm(record: Pick<EmailRecord, 'htmlBody' | 'textBody'>): void {
    for (const body of [record.htmlBody, record.textBody]) {
      if (body) {
        this.text(body.sha256).catch(() => undefined);
      }
    }
  }

  text(sha256: string): Promise<string> {
    const hit = this.#cache.get(sha256);
    if (hit) {
      return hit;
    }
    const kept = this.#handoff.takeText(sha256);
    const value =
      kept !== undefined
        ? Promise.resolve(kept)
        : this.#store.getBytes(sha256).then((b) => Buffer.from(b).toString('utf8'));
    value.catch(() => this.#cache.delete(sha256));
    this.#cache.set(sha256, value);
    return value;
  }
}

/** Builds the outgoing message of an attempt. */
export async function outgoingMessage(
  record: EmailRecord,
  attempt: number,
  bodies: BodyCache,
  blobs: BlobStore,
): Promise<OutgoingMessage> {
  const [html, text] = await Promise.all([
    record.htmlBody ? bodies.text(record.htmlBody.sha256) : undefined,
    record.textBody ? bodies.text(record.textBody.sha256) : undefined,
  ]);
  return {
    emailId: record.id,
    company: record.company,
    messageId: record.messageId,
    from: record.from ?? { address: record.sendFrom },
    to: record.to,
    cc: record.cc,
    bcc: record.bcc,
    replyTo: record.replyTo,
    subject: record.subject,
    html,
    text,
    headers: record.headers,
    attachments: record.attachments.map((a) => ({
      fileName: a.fileName,
      contentType: a.contentType,
      size: a.blob.size,
      contentId: a.contentId,
      inline: a.inline,
      open: () => blobs.getStream(a.blob.sha256),
    })),
    user: {
      id: record.ownerUserId,
      email: record.ownerEmail ?? undefined,
      // The owner's display name is kept in From when the email goes out as the user.
      name: record.from && record.from.address === record.ownerEmail ? record.from.name : undefined,
      licence: 'full',
    },
    attempt,
  };
}
