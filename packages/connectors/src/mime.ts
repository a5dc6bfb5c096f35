/**
 * Turns an {@link OutgoingMessage} into nodemailer mail options, shared by the
 * SMTP and capture connectors so what is captured is exactly what SMTP would
 * send: fixed Message-ID, multipart/alternative HTML + text, attachments
 * streamed from the blob store, inline CID images, custom headers.
 * @module
 */
import { Readable } from 'node:stream';
import { buffer } from 'node:stream/consumers';
import { type Mailbox, randomHex64 } from '@verzend/shared';
import MailComposer from 'nodemailer/lib/mail-composer';
import type Mail from 'nodemailer/lib/mailer';
import type { OutgoingMessage } from './contract';
import { serializeCompiled } from './mime-serialize';

/**
 * Messages up to this size (bodies and attachments) are built into one buffer before they are
 * handed to the connection; larger ones are streamed from the blob store as the connection reads.
 */
export const BUILT_IN_MEMORY_MAX_BYTES = 256 * 1024;

/** Formats mailboxes for nodemailer (it encodes names and quotes addresses itself). */
export function toAddresses(list: Mailbox[]): Mail.Address[] {
  return list.map((m) => ({ name: m.name ?? '', address: m.address }));
}

/** Who the message is from, as a connector decided it. */
export interface SenderHeaders {
  from: Mailbox;
  /** RFC 5322 Sender (Send on Behalf: the account while From is the user). */
  sender?: Mailbox | undefined;
}

/**
 * Builds nodemailer options. Attachment streams are opened now (fresh for each
 * attempt), so a retry never reads a half-consumed stream.
 */
export async function toMailOptions(
  message: OutgoingMessage,
  sender: SenderHeaders,
): Promise<Mail.Options> {
  const attachments = await Promise.all(
    message.attachments.map(async (a) => ({
      filename: a.fileName,
      contentType: a.contentType,
      content: await a.open(),
      ...(a.contentId ? { cid: a.contentId } : {}),
      ...(a.inline ? { contentDisposition: 'inline' as const } : {}),
    })),
  );
  const options: Mail.Options = {
    messageId: message.messageId,
    from: toAddresses([sender.from])[0],
    to: toAddresses(message.to),
    cc: toAddresses(message.cc),
    bcc: toAddresses(message.bcc),
    subject: message.subject,
    headers: { ...message.headers },
    attachments,
    date: new Date(),
    // Says nothing about the software that sent it, whether the message is built here or by
    // the transport.
    xMailer: false,
  };
  if (sender.sender) {
    options.sender = toAddresses([sender.sender])[0];
  }
  if (message.replyTo.length > 0) {
    options.replyTo = toAddresses(message.replyTo);
  }
  if (message.html !== undefined) {
    options.html = message.html;
  }
  if (message.text !== undefined) {
    options.text = message.text;
  }
  return options;
}

/** All recipients (To + Cc + Bcc). */
export function allRecipients(message: OutgoingMessage): Mailbox[] {
  return [...message.to, ...message.cc, ...message.bcc];
}

/** Bytes of an outgoing message's bodies and attachments (before transfer encoding). */
export function contentBytes(message: OutgoingMessage): number {
  return (
    (message.html === undefined ? 0 : Buffer.byteLength(message.html)) +
    (message.text === undefined ? 0 : Buffer.byteLength(message.text)) +
    message.attachments.reduce((sum, a) => sum + a.size, 0)
  );
}

/**
 * Builds the MIME message of `options` into one buffer, with the envelope nodemailer would
 * derive from its headers (or the one `options` sets); Bcc stays out of the message. Sent as
 * `raw`, it reaches the socket in one write instead of one per MIME part and encoded line group:
 * fewer system calls and wake-ups of the server for the same bytes. Attachment streams are read
 * into memory first (callers use this for messages of up to {@link BUILT_IN_MEMORY_MAX_BYTES}),
 * so the tree is written in one synchronous pass rather than streamed part by part (ADR-0033).
 */
export async function buildMime(
  options: Mail.Options,
): Promise<{ raw: Buffer; envelope: { from: string; to: string[] } }> {
  const attachments = await Promise.all(
    (options.attachments ?? []).map(async (a) =>
      a.content instanceof Readable ? { ...a, content: await buffer(a.content) } : a,
    ),
  );
  // The boundary's random part, drawn from a buffered generator (nodemailer asks the system once
  // per node otherwise).
  const baseBoundary = options.baseBoundary ?? randomHex64();
  const mime = new MailComposer({ ...options, attachments, baseBoundary }).compile();
  const envelope = mime.getEnvelope() as { from: string | false; to: string[] };
  const raw = serializeCompiled(mime) ?? (await mime.build());
  return { raw, envelope: { from: envelope.from || '', to: envelope.to } };
}
