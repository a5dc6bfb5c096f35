/**
 * Outgoing message → Microsoft Graph `message` JSON.
 * @module
 */
import type { Mailbox } from '@verzend/shared';
import type { OutgoingMessage } from '../contract';

/** A Graph recipient. */
export interface GraphRecipient {
  emailAddress: { address: string; name?: string };
}

/** The subset of Graph's `message` resource we send. */
export interface GraphMessage {
  subject: string;
  body: { contentType: 'HTML' | 'Text'; content: string };
  toRecipients: GraphRecipient[];
  ccRecipients: GraphRecipient[];
  bccRecipients: GraphRecipient[];
  replyTo: GraphRecipient[];
  from?: GraphRecipient;
  internetMessageHeaders?: { name: string; value: string }[];
  attachments?: GraphFileAttachment[];
}

/** A file attachment sent inline in JSON (base64). */
export interface GraphFileAttachment {
  '@odata.type': '#microsoft.graph.fileAttachment';
  name: string;
  contentType: string;
  contentBytes: string;
  isInline: boolean;
  contentId?: string;
}

const recipient = (m: Mailbox): GraphRecipient => ({
  emailAddress: { address: m.address, ...(m.name ? { name: m.name } : {}) },
});

/**
 * Builds the message JSON without attachments. Graph accepts only `X-` custom
 * headers; others (List-Unsubscribe, Auto-Submitted) cannot travel through
 * Graph and are returned in `dropped` so the caller can log them.
 */
export function toGraphMessage(
  message: OutgoingMessage,
  from: Mailbox | undefined,
): { json: GraphMessage; droppedHeaders: string[] } {
  const headers = Object.entries(message.headers);
  const custom = headers.filter(([name]) => /^x-/i.test(name));
  const json: GraphMessage = {
    subject: message.subject,
    body:
      message.html !== undefined
        ? { contentType: 'HTML', content: message.html }
        : { contentType: 'Text', content: message.text ?? '' },
    toRecipients: message.to.map(recipient),
    ccRecipients: message.cc.map(recipient),
    bccRecipients: message.bcc.map(recipient),
    replyTo: message.replyTo.map(recipient),
    ...(from ? { from: recipient(from) } : {}),
    ...(custom.length > 0
      ? { internetMessageHeaders: custom.map(([name, value]) => ({ name, value })) }
      : {}),
  };
  return {
    json,
    droppedHeaders: headers.filter(([name]) => !/^x-/i.test(name)).map(([name]) => name),
  };
}

/** Length of the base64 encoding of `bytes` bytes. */
export function base64Length(bytes: number): number {
  return Math.ceil(bytes / 3) * 4;
}
