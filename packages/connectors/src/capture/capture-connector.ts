/**
 * The capture connector: never sends. It builds the exact MIME the SMTP
 * connector would send, keeps it in the blob store and as a `.eml` file under
 * `CAPTURE_DIR/<company>/`, and reports the email as sent with the file's
 * name (`<emailId>.eml`) as provider id: an id, never the server's path. Its
 * recipient allowlist lets a test company prove a flow end to end without ever
 * mailing a real customer.
 * @module
 */
import { createReadStream, createWriteStream } from 'node:fs';
import { access, constants, mkdir, rename, rm } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { pipeline } from 'node:stream/promises';
import { DeliveryError } from '@verzend/shared';
import MailComposer from 'nodemailer/lib/mail-composer';
import { abortedSend, throwIfAborted } from '../abort';
import type {
  Connector,
  ConnectorCapabilities,
  ConnectorDeps,
  OutgoingMessage,
  SendContext,
  SendResult,
} from '../contract';
import { allRecipients, toMailOptions } from '../mime';
import { notAllowed } from './allowlist';
import { type CaptureSettings, captureDefinition } from './definition';

function captureSettings(ctx: SendContext): CaptureSettings {
  if (ctx.account.settings.connector !== 'capture') {
    throw new DeliveryError('MESSAGE_REJECTED', 'Not a capture account.', { retry: false });
  }
  return ctx.account.settings;
}

/**
 * The name of an email's capture in `CAPTURE_DIR/<company>/`, and its provider
 * id: tools find the file as `join(CAPTURE_DIR, company, providerMessageId)`.
 */
export function capturedFileName(emailId: string): string {
  return `${emailId}.eml`;
}

/** Captures instead of sending. */
export class CaptureConnector implements Connector {
  readonly type = 'capture' as const;
  readonly capabilities: ConnectorCapabilities = captureDefinition.capabilities;
  readonly #deps: ConnectorDeps;

  constructor(deps: ConnectorDeps) {
    this.#deps = deps;
  }

  async send(message: OutgoingMessage, ctx: SendContext): Promise<SendResult> {
    const settings = captureSettings(ctx);
    const refused = notAllowed(
      allRecipients(message).map((m) => m.address),
      settings.allowlist,
    );
    if (refused.length > 0) {
      throw new DeliveryError(
        'RECIPIENT_NOT_ALLOWED',
        `Not on the account's allowlist: ${refused.slice(0, 10).join(', ')}${refused.length > 10 ? ` and ${refused.length - 10} more` : ''}.`,
        { retry: false },
      );
    }
    const options = await toMailOptions(message, {
      from: {
        address: ctx.account.emailAddress,
        name: ctx.account.name,
      },
    });
    const dir = resolve(this.#deps.captureDir, message.company);
    await mkdir(dir, { recursive: true });
    const name = capturedFileName(message.emailId);
    const file = join(dir, name);
    const partial = `${file}.${process.pid}.partial`;
    try {
      // keepBcc: the capture shows every recipient, Bcc included.
      const mime = new MailComposer({ ...options, keepBcc: true } as typeof options).compile();
      mime.keepBcc = true;
      await pipeline(mime.createReadStream(), createWriteStream(partial), {
        signal: ctx.signal,
      });
      // The rename is the capture's point of no return: an aborted send never gets there.
      throwIfAborted(ctx.signal);
      await rename(partial, file);
      const blob = await this.#deps.blobs.putStream(createReadStream(file));
      return {
        providerMessageId: name,
        providerStatus: null,
        response: `Captured ${blob.size} bytes as ${name}`,
      };
    } catch (err) {
      await rm(partial, { force: true });
      if (err instanceof DeliveryError) {
        throw err;
      }
      if (ctx.signal.aborted) {
        throw abortedSend(ctx.signal, err);
      }
      throw new DeliveryError(
        'UNAVAILABLE',
        `Could not capture the message: ${(err as Error).message}`,
        { cause: err, retry: true },
      );
    }
  }

  async test(ctx: SendContext): Promise<{ message: string }> {
    captureSettings(ctx);
    const dir = resolve(this.#deps.captureDir, ctx.account.company);
    await mkdir(dir, { recursive: true });
    await access(dir, constants.W_OK);
    return { message: 'Captured emails are kept in the capture folder as <email id>.eml.' };
  }

  async close(): Promise<void> {}
}
