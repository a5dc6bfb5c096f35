/**
 * Sending one message through Graph, by size:
 * - the whole request fits in 4 MB → one `sendMail` with the attachments inline (base64);
 * - otherwise → a draft, small attachments (≤ 3 MB) POSTed, larger ones
 *   (≤ 150 MB) through upload sessions, then `send`. A draft left by a failure
 *   is deleted, so a retry starts clean.
 * Attachments stream from the blob store; only small ones are base64-encoded in memory.
 * @module
 */
import { DeliveryError, type Logger, MAX_RECIPIENTS, type Mailbox } from '@verzend/shared';
import type { OutgoingAttachment, OutgoingMessage, SendResult } from '../contract';
import type { GraphApi } from './client';
import { base64Length, type GraphFileAttachment, toGraphMessage } from './message';
import { MAX_UPLOAD_BYTES, type UploadOutcome, uploadAttachment } from './upload-session';

export { GRAPH_CAPABILITIES, MAX_CUSTOM_HEADERS } from './limits';

/** Graph's request body cap. */
export const MAX_REQUEST_BYTES = 4 * 1024 * 1024;
/** Attachments up to this size are POSTed as base64 JSON (3 MB: its base64 still fits under 4 MB). */
export const MAX_POSTED_ATTACHMENT_BYTES = 3_000_000;
/** Room for the JSON around one attachment (names, types, quotes). */
const ATTACHMENT_OVERHEAD = 512;

/** Where and how to send. */
export interface GraphSendTarget {
  api: GraphApi;
  /** `/me` (delegated) or `/users/{mailbox}` (app-only). */
  path: string;
  /** Set for shared mailboxes; Graph uses the token's mailbox otherwise. */
  from: Mailbox | undefined;
}

/** Options for {@link sendThroughGraph}. */
export interface GraphSendOptions {
  chunkBytes: number;
  logger: Logger;
  /** Called after each upload session (telemetry). */
  onUpload?: (info: { fileName: string; size: number } & UploadOutcome) => void;
}

/**
 * Reads an attachment sent as base64 JSON. Bounded by its recorded size, not
 * by the POST threshold: `sendMail` carries attachments up to whatever fits in
 * the 4 MB request, a little over 3 MB.
 */
async function readAll(a: OutgoingAttachment): Promise<Buffer> {
  const parts: Buffer[] = [];
  let size = 0;
  for await (const chunk of await a.open()) {
    const b = Buffer.isBuffer(chunk) ? chunk : Buffer.from(chunk as Uint8Array);
    size += b.length;
    if (size > a.size) {
      throw new DeliveryError(
        'MESSAGE_REJECTED',
        `The stored attachment ${a.fileName} is larger than its recorded size (${a.size} bytes).`,
        { retry: false },
      );
    }
    parts.push(b);
  }
  if (size !== a.size) {
    throw new DeliveryError(
      'MESSAGE_REJECTED',
      `The stored attachment ${a.fileName} is ${size} bytes, shorter than its recorded size (${a.size} bytes).`,
      { retry: false },
    );
  }
  return Buffer.concat(parts, size);
}

async function fileAttachment(a: OutgoingAttachment): Promise<GraphFileAttachment> {
  return {
    '@odata.type': '#microsoft.graph.fileAttachment',
    name: a.fileName,
    contentType: a.contentType,
    contentBytes: (await readAll(a)).toString('base64'),
    isInline: a.inline,
    ...(a.contentId ? { contentId: a.contentId } : {}),
  };
}

/** Sends `message`; returns the provider's answer. Throws DeliveryError. */
export async function sendThroughGraph(
  target: GraphSendTarget,
  message: OutgoingMessage,
  opts: GraphSendOptions,
): Promise<SendResult> {
  const recipients = message.to.length + message.cc.length + message.bcc.length;
  if (recipients > MAX_RECIPIENTS) {
    throw new DeliveryError(
      'TOO_MANY_RECIPIENTS',
      `The message has ${recipients} recipients; Exchange Online accepts at most ${MAX_RECIPIENTS} per message (To, Cc and Bcc together).`,
      { retry: false },
    );
  }
  if (recipients === 0) {
    throw new DeliveryError('RECIPIENT_REJECTED', 'The message has no recipients.', {
      retry: false,
    });
  }
  const tooBig = message.attachments.find((a) => a.size > MAX_UPLOAD_BYTES);
  if (tooBig) {
    throw new DeliveryError(
      'MESSAGE_TOO_LARGE',
      `The attachment ${tooBig.fileName} is ${tooBig.size} bytes; Microsoft Graph accepts attachments up to ${MAX_UPLOAD_BYTES} bytes.`,
      { retry: false },
    );
  }
  const { json, droppedHeaders } = toGraphMessage(message, target.from);
  if (droppedHeaders.length > 0) {
    opts.logger.debug(
      { emailId: message.emailId, droppedHeaders },
      'Graph accepts only X- headers; others are not sent',
    );
  }
  const bodyBytes = Buffer.byteLength(JSON.stringify({ message: json, saveToSentItems: true }));
  if (bodyBytes > MAX_REQUEST_BYTES - ATTACHMENT_OVERHEAD) {
    throw new DeliveryError(
      'MESSAGE_TOO_LARGE',
      `The email is too large to send through Microsoft Graph: the size limit is 4 MB, not including attachments (this one is ${bodyBytes} bytes).`,
      { retry: false },
    );
  }
  const estimated = message.attachments.reduce(
    (sum, a) =>
      sum + base64Length(a.size) + ATTACHMENT_OVERHEAD + Buffer.byteLength(a.fileName) * 2,
    bodyBytes,
  );
  if (estimated <= MAX_REQUEST_BYTES) {
    const attachments = [];
    for (const a of message.attachments) {
      attachments.push(await fileAttachment(a));
    }
    const payload = {
      message: { ...json, ...(attachments.length ? { attachments } : {}) },
      saveToSentItems: true,
    };
    await target.api.json('sendMail', (c) => c.api(`${target.path}/sendMail`), 'post', payload);
    return {
      providerMessageId: null,
      providerStatus: 202,
      response: 'Accepted by Microsoft Graph (sendMail).',
    };
  }
  return sendAsDraft(target, message, json, opts);
}

async function sendAsDraft(
  target: GraphSendTarget,
  message: OutgoingMessage,
  json: ReturnType<typeof toGraphMessage>['json'],
  opts: GraphSendOptions,
): Promise<SendResult> {
  const { api, path } = target;
  const draft = await api.json<{ id?: string }>(
    'create draft',
    (c) => c.api(`${path}/messages`),
    'post',
    json,
  );
  if (!draft?.id) {
    throw new DeliveryError('UPSTREAM_FAILED', 'Microsoft Graph created a draft without an id.', {
      retry: true,
    });
  }
  const messagePath = `${path}/messages/${encodeURIComponent(draft.id)}`;
  try {
    for (const a of message.attachments) {
      if (a.size <= MAX_POSTED_ATTACHMENT_BYTES) {
        const body = await fileAttachment(a);
        await api.json('add attachment', (c) => c.api(`${messagePath}/attachments`), 'post', body);
        continue;
      }
      const createSession = async () => {
        const session = await api.json<{ uploadUrl?: string }>(
          'create upload session',
          (c) => c.api(`${messagePath}/attachments/createUploadSession`),
          'post',
          {
            AttachmentItem: {
              attachmentType: 'file',
              name: a.fileName,
              size: a.size,
              contentType: a.contentType,
              isInline: a.inline,
              ...(a.contentId ? { contentId: a.contentId } : {}),
            },
          },
        );
        if (!session?.uploadUrl) {
          throw new DeliveryError(
            'UPSTREAM_FAILED',
            'Microsoft Graph created an upload session without an upload URL.',
            { retry: true },
          );
        }
        return session.uploadUrl;
      };
      const outcome = await uploadAttachment(api, createSession, a, {
        chunkBytes: opts.chunkBytes,
      });
      opts.onUpload?.({ fileName: a.fileName, size: a.size, ...outcome });
    }
    await api.json('send draft', (c) => c.api(`${messagePath}/send`), 'post', {});
  } catch (err) {
    await api
      .json('delete draft', (c) => c.api(messagePath), 'delete')
      .catch((cause: unknown) =>
        opts.logger.warn(
          { err: cause, emailId: message.emailId },
          'could not delete the Graph draft after a failed send',
        ),
      );
    throw err;
  }
  return {
    providerMessageId: draft.id,
    providerStatus: 202,
    response: 'Accepted by Microsoft Graph (draft sent).',
  };
}
