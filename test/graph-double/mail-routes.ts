/**
 * The Graph double's mail routes: `sendMail`, drafts, attachments, upload
 * session creation and `send`, under `/me` or `/users/{mailbox}`.
 * @module
 */
import { createHash, randomBytes, randomUUID } from 'node:crypto';
import type { ServerResponse } from 'node:http';
import { checkFrom, checkHeaders } from './graph-rules';
import { HttpFailure, MAX_UPLOAD, refuse, send } from './http';
import type { AccessTokenInfo } from './identity';
import type { DoubleState, Draft, SentAttachment, SentMessage, Session } from './types';

/** Serves one Graph mail request (the caller checked the token and the mailbox). */
export async function graph(
  s: DoubleState,
  method: string,
  rest: string,
  mailbox: string,
  token: AccessTokenInfo,
  body: Record<string, unknown> | undefined,
  res: ServerResponse,
): Promise<void> {
  const att = /^\/messages\/([^/]+)\/attachments$/.exec(rest);
  const uploadSession = /^\/messages\/([^/]+)\/attachments\/createUploadSession$/.exec(rest);
  const sendDraft = /^\/messages\/([^/]+)\/send$/.exec(rest);
  const oneMessage = /^\/messages\/([^/]+)$/.exec(rest);
  if (method === 'POST' && rest === '/sendMail') {
    const message = (body?.message ?? {}) as Record<string, unknown>;
    refuse(checkHeaders(message) ?? checkFrom(mailbox, message, s.sendRights));
    checkRecipients(s, message);
    const attachments = ((message.attachments ?? []) as Record<string, unknown>[]).map((a) =>
      fileAttachment(a, 'sendMail'),
    );
    checkSize(s, mailbox, message, attachments);
    const { attachments: _a, ...rest2 } = message;
    record(s, {
      mailbox,
      via: 'sendMail',
      tokenKind: token.kind,
      user: token.user,
      message: rest2,
      attachments,
      saveToSentItems: body?.saveToSentItems as boolean | undefined,
    });
    send(res, 202);
    return;
  }
  if (method === 'POST' && rest === '/messages') {
    refuse(checkHeaders(body ?? {}));
    const draft: Draft = {
      id: `AAMk${randomUUID().replaceAll('-', '')}`,
      mailbox,
      token,
      message: body ?? {},
      attachments: [],
    };
    s.drafts.set(draft.id, draft);
    send(res, 201, { id: draft.id, isDraft: true, ...body });
    return;
  }
  if (att && method === 'POST') {
    const draft = findDraft(s, att[1], mailbox);
    if (body?.['@odata.type'] !== '#microsoft.graph.fileAttachment') {
      throw new HttpFailure(
        400,
        'ErrorInvalidRequest',
        'Only file attachments are supported by this double.',
      );
    }
    draft.attachments.push(fileAttachment(body, 'post'));
    send(res, 201, { id: randomUUID(), name: body.name });
    return;
  }
  if (uploadSession && method === 'POST') {
    const draft = findDraft(s, uploadSession[1], mailbox);
    const item = (body?.AttachmentItem ?? {}) as Record<string, unknown>;
    const size = Number(item.size);
    if (
      item.attachmentType !== 'file' ||
      typeof item.name !== 'string' ||
      !Number.isInteger(size) ||
      size <= 0
    ) {
      throw new HttpFailure(
        400,
        'ErrorInvalidRequest',
        'AttachmentItem needs attachmentType "file", a name and a size.',
      );
    }
    if (size > MAX_UPLOAD) {
      throw new HttpFailure(
        400,
        'ErrorAttachmentSizeExceeded',
        `The attachment is larger than ${MAX_UPLOAD} bytes.`,
      );
    }
    const session: Session = {
      id: randomBytes(16).toString('hex'),
      draft,
      name: item.name,
      contentType: typeof item.contentType === 'string' ? item.contentType : undefined,
      isInline: item.isInline === true,
      contentId: typeof item.contentId === 'string' ? item.contentId : undefined,
      size,
      received: 0,
      hash: createHash('sha256'),
      expires: Date.now() + 15 * 60_000,
    };
    s.sessions.set(session.id, session);
    send(res, 201, {
      uploadUrl: `${s.url}/upload/${session.id}`,
      expirationDateTime: new Date(session.expires).toISOString(),
      nextExpectedRanges: ['0-'],
    });
    return;
  }
  if (sendDraft && method === 'POST') {
    const draft = findDraft(s, sendDraft[1], mailbox);
    refuse(checkFrom(mailbox, draft.message, s.sendRights));
    checkRecipients(s, draft.message);
    checkSize(s, mailbox, draft.message, draft.attachments);
    s.drafts.delete(draft.id);
    record(s, {
      mailbox,
      via: 'draft',
      tokenKind: token.kind,
      user: token.user,
      message: draft.message,
      attachments: draft.attachments,
      saveToSentItems: true,
    });
    send(res, 202);
    return;
  }
  if (oneMessage && method === 'DELETE') {
    const draft = findDraft(s, oneMessage[1], mailbox);
    s.drafts.delete(draft.id);
    s.deletedDrafts.push(draft.id);
    send(res, 204);
    return;
  }
  throw new HttpFailure(400, 'BadRequest', `Unsupported request ${method} ${rest}.`);
}

function findDraft(s: DoubleState, id: string | undefined, mailbox: string): Draft {
  const draft = s.drafts.get(decodeURIComponent(id ?? ''));
  if (!draft || draft.mailbox !== mailbox) {
    throw new HttpFailure(
      404,
      'ErrorItemNotFound',
      'The specified object was not found in the store.',
    );
  }
  return draft;
}

function fileAttachment(a: Record<string, unknown>, via: SentAttachment['via']): SentAttachment {
  const bytes = Buffer.from(typeof a.contentBytes === 'string' ? a.contentBytes : '', 'base64');
  return {
    name: String(a.name ?? ''),
    contentType: typeof a.contentType === 'string' ? a.contentType : undefined,
    size: bytes.length,
    sha256: createHash('sha256').update(bytes).digest('hex'),
    isInline: a.isInline === true,
    contentId: typeof a.contentId === 'string' ? a.contentId : undefined,
    via,
  };
}

function checkRecipients(s: DoubleState, message: Record<string, unknown>): void {
  const all = ['toRecipients', 'ccRecipients', 'bccRecipients'].flatMap(
    (k) => (message[k] ?? []) as { emailAddress?: { address?: string } }[],
  );
  if (all.length > 500) {
    throw new HttpFailure(
      400,
      'ErrorTooManyRecipients',
      'The message has more than 500 recipients.',
    );
  }
  const bad = all
    .map((r) => r.emailAddress?.address ?? '')
    .find((a) => !a.includes('@') || s.badRecipients.has(a.toLowerCase()));
  if (bad !== undefined) {
    throw new HttpFailure(
      400,
      'ErrorInvalidRecipients',
      `At least one recipient is not valid., Recipient '${bad}' is not resolved. All recipients must be resolved before a message can be submitted.`,
    );
  }
}

function checkSize(
  s: DoubleState,
  mailbox: string,
  message: Record<string, unknown>,
  attachments: SentAttachment[],
): void {
  const max = s.maxMessageBytes.get(mailbox);
  const size = JSON.stringify(message).length + attachments.reduce((s, a) => s + a.size, 0);
  if (max !== undefined && size > max) {
    throw new HttpFailure(
      413,
      'ErrorMessageSizeExceeded',
      `The message exceeds the maximum supported size of ${max} bytes.`,
    );
  }
}

function record(s: DoubleState, message: SentMessage): void {
  s.sent.push(message);
  s.waiters = s.waiters.filter((w) => {
    if (s.sent.length >= w.count) {
      w.resolve();
      return false;
    }
    return true;
  });
}
