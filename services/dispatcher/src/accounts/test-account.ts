/**
 * "Test account" and "send test email": checks an account's connectivity and
 * credentials through its connector and, when asked, sends a short test email
 * straight away (not through the outbox: the administrator is waiting for the
 * answer). Provider failures are an answer (`ok: false` with the reason), not
 * an error.
 * @module
 */

import type { InstalledConnectors, OutgoingMessage } from '@verzend/connectors';
import {
  AppError,
  DeliveryError,
  type Logger,
  type Telemetry,
  type TestAccountRequest,
  type TestAccountResponse,
} from '@verzend/shared';
import type { z } from 'zod';
import { messageIdFor, newEmailId } from '../emails/ids';
import type { ConfigClient } from './config-client';

/** Runs account tests. */
export class AccountTester {
  readonly #config: ConfigClient;
  readonly #connectors: InstalledConnectors;
  readonly #telemetry: Telemetry;
  readonly #logger: Logger;

  constructor(
    config: ConfigClient,
    connectors: InstalledConnectors,
    telemetry: Telemetry,
    logger: Logger,
  ) {
    this.#config = config;
    this.#connectors = connectors;
    this.#telemetry = telemetry;
    this.#logger = logger;
  }

  async test(
    request: z.output<typeof TestAccountRequest>,
  ): Promise<z.output<typeof TestAccountResponse>> {
    const started = performance.now();
    // Always the current settings: the administrator may have just changed them.
    this.#config.invalidate(request.company);
    const { account, secrets } = await this.#config.resolveAccount(request.company, {
      accountId: request.accountId,
    });
    const connector = this.#connectors.get(account.settings.connector);
    const ctx = {
      account,
      secrets,
      logger: this.#logger,
      telemetry: this.#telemetry,
      signal: AbortSignal.timeout(60_000),
    };
    try {
      await this.#connectors.release(account.id);
      const checked = await connector.test(ctx);
      let message = checked.message;
      if (request.sendTestTo) {
        const id = newEmailId();
        const outgoing: OutgoingMessage = {
          emailId: id,
          company: request.company,
          messageId: messageIdFor(id, request.company, account.emailAddress),
          from: { address: account.emailAddress, name: account.name },
          to: [{ address: request.sendTestTo }],
          cc: [],
          bcc: [],
          replyTo: [],
          subject: `Test email from ${account.name}`,
          text: `This is a test email from the account "${account.name}" (${account.emailAddress}). If you can read it, the account can send email.`,
          html: `<p>This is a test email from the account <strong>${account.name.replace(/[<>&"]/g, '')}</strong> (${account.emailAddress}).</p><p>If you can read it, the account can send email.</p>`,
          headers: { 'X-Verzend-Test': 'true' },
          attachments: [],
          user: {
            id: request.userId ?? 'test',
            email: request.userEmail,
            name: undefined,
            licence: 'full',
          },
          attempt: 1,
        };
        const result = await connector.send(outgoing, ctx);
        message = `${message} Test email sent to ${request.sendTestTo}${result.response ? ` (${result.response})` : ''}.`;
      }
      return { ok: true, message, durationMs: Math.round(performance.now() - started) };
    } catch (err) {
      if (
        err instanceof DeliveryError ||
        (err instanceof AppError && err.code === 'NEEDS_CREDENTIALS')
      ) {
        return {
          ok: false,
          message: err.message,
          durationMs: Math.round(performance.now() - started),
        };
      }
      throw err;
    }
  }
}
