/**
 * Turns an {@link OutgoingMessage} into nodemailer mail options, shared by the
 * SMTP and capture connectors so what is captured is exactly what SMTP would
 * send: fixed Message-ID, multipart/alternative HTML + text, attachments
 * streamed from the blob store, inline CID images, custom headers.
 * @module
 */
import type { Mailbox } from '@verzend/shared';
import type Mail from 'nodemailer/lib/mailer';
import type { OutgoingMessage } from './contract';

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
