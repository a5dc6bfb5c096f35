/**
 * The SMTP connector (nodemailer). One pooled transport per account, keyed by
 * account id + settings version (+ the OAuth token for XOAUTH2), closed when the
 * account changes — re-creating a transport per email defeats pooling
 * (nodemailer#699). TLS none / STARTTLS / implicit with certificate checks on by
 * default; auth anonymous, basic or XOAUTH2.
 * @module
 */
import { createHash } from 'node:crypto';
import { type AccountSecrets, DeliveryError } from '@verzend/shared';
import { createTransport, type Transporter } from 'nodemailer';
import type Mail from 'nodemailer/lib/mailer';
import type SMTPPool from 'nodemailer/lib/smtp-pool';
import type SMTPTransport from 'nodemailer/lib/smtp-transport';
import { abortedSend, throwIfAborted } from '../abort';
import type { Account } from '../accounts';
import type {
  Connector,
  ConnectorCapabilities,
  ConnectorDeps,
  OutgoingMessage,
  SendContext,
  SendingUser,
  SendResult,
  XOAuth2Token,
} from '../contract';
import {
  allRecipients,
  BUILT_IN_MEMORY_MAX_BYTES,
  buildMime,
  contentBytes,
  toMailOptions,
} from '../mime';
import { type SmtpSettings, smtpDefinition } from './definition';
import { classifySmtpError, explainXoauth2Refusal } from './errors';
import { PoolReplies } from './pool-replies';
import { smtpSender } from './sender';

interface Pool {
  key: string;
  transport: Transporter<SMTPPool.SentMessageInfo>;
  /** Whether a send on this pool has succeeded yet (connect/auth telemetry once per pool). */
  proven: boolean;
  /** The XOAUTH2 login the pool signs in with. */
  token: XOAuth2Token | undefined;
  /** Replies of connections the server closed before a message started (421 on a reused connection). */
  replies: PoolReplies;
}

function smtpSettings(account: Account): SmtpSettings {
  if (account.settings.connector !== 'smtp') {
    throw new DeliveryError('MESSAGE_REJECTED', 'Not an SMTP account.', { retry: false });
  }
  return account.settings;
}

/** Sends through an SMTP server. */
export class SmtpConnector implements Connector {
  readonly type = 'smtp' as const;
  readonly capabilities: ConnectorCapabilities = smtpDefinition.capabilities;
  readonly #deps: ConnectorDeps;
  readonly #pools = new Map<string, Pool>();

  constructor(deps: ConnectorDeps) {
    this.#deps = deps;
  }

  async #auth(
    account: Account,
    settings: SmtpSettings,
    secrets: AccountSecrets,
    user: SendingUser,
  ): Promise<{
    auth: SMTPTransport.Options['auth'] | undefined;
    authKey: string;
    token?: XOAuth2Token;
  }> {
    const userName = settings.userName || account.emailAddress;
    switch (settings.auth) {
      case 'anonymous':
        return { auth: undefined, authKey: '' };
      case 'basic':
        if (!secrets.password) {
          throw new DeliveryError(
            'AUTH_FAILED',
            `Account "${account.name}" uses basic authentication but has no password.`,
            { retry: false },
          );
        }
        return { auth: { user: userName, pass: secrets.password }, authKey: '' };
      case 'oauth2': {
        // The XOAUTH2 user is the identity the token was issued to, as the provider says.
        const token = await this.#deps.getAccessToken(account, secrets, user);
        return {
          auth: { type: 'OAuth2', user: token.user, accessToken: token.accessToken },
          authKey: createHash('sha256')
            .update(`${token.user}\u0000${token.accessToken}`)
            .digest('hex'),
          token,
        };
      }
    }
  }

  #options(account: Account, settings: SmtpSettings): SMTPPool.Options {
    const options: SMTPPool.Options & { socketCloseTimeout: number } = {
      pool: true,
      host: settings.host,
      port: settings.port,
      secure: settings.tls === 'tls',
      requireTLS: settings.tls === 'starttls',
      ignoreTLS: settings.tls === 'none',
      tls: { rejectUnauthorized: settings.verifyCertificate, servername: settings.host },
      maxConnections: this.parallelSends(account),
      maxMessages: 100,
      // No silent re-sends inside the pool: a server reply that causes a retry
      // (a 421 on a reused connection) goes to the outbox and its attempt history.
      maxRequeues: 0,
      // Closing a connection destroys its socket at once (nodemailer's default waits up to
      // 5 s for the server's side): an aborted message's connection is gone with the abort.
      socketCloseTimeout: 0,
      connectionTimeout: 15_000,
      greetingTimeout: 15_000,
      socketTimeout: this.#deps.sendTimeoutMs,
      // Every connection goes through the outbound guard, which checks the resolved address.
      getSocket: (_options, callback) => {
        this.#deps.outbound.connect(settings.host, settings.port, 15_000).then(
          (connection) => callback(null, { connection }),
          (err: Error) => callback(err, false),
        );
      },
    };
    return options;
  }

  /** Connections of the account's pool in this replica: SMTP_MAX_CONNECTIONS, at most its concurrency limit. */
  parallelSends(account: Account): number {
    return Math.max(1, Math.min(account.concurrencyLimit, this.#deps.smtpMaxConnections ?? 10));
  }

  async #pool(ctx: SendContext, user: SendingUser): Promise<Pool> {
    const { account, secrets } = ctx;
    const settings = smtpSettings(account);
    const { auth, authKey, token } = await this.#auth(account, settings, secrets, user);
    const key = `${account.version}:${authKey}`;
    const existing = this.#pools.get(account.id);
    if (existing?.key === key) {
      existing.token = token;
      return existing;
    }
    if (existing) {
      existing.transport.close();
    }
    const replies = new PoolReplies();
    const transport = createTransport({
      ...this.#options(account, settings),
      ...(auth ? { auth } : {}),
      logger: replies.logger,
    });
    const pool: Pool = { key, transport, proven: false, token, replies };
    this.#pools.set(account.id, pool);
    return pool;
  }

  /** What every SMTP connect and auth event names: the account and the server it talks to. */
  #dims(ctx: SendContext) {
    const settings = smtpSettings(ctx.account);
    return {
      company: ctx.account.company,
      accountId: ctx.account.id,
      server: settings.host,
      port: settings.port,
      authType: settings.auth,
    };
  }

  #reportFailure(ctx: SendContext, stage: string, error: DeliveryError): void {
    const dims = {
      ...this.#dims(ctx),
      statusCode: error.providerStatus ?? null,
      reason: error.message.slice(0, 300),
    };
    if (stage === 'connect') {
      ctx.telemetry.emit('smtp-connect-failed', dims);
    } else if (stage === 'auth') {
      ctx.telemetry.emit('smtp-connect-succeeded', dims);
      ctx.telemetry.emit('smtp-auth-failed', dims);
    }
  }

  #reportSuccess(ctx: SendContext): void {
    const dims = this.#dims(ctx);
    ctx.telemetry.emit('smtp-connect-succeeded', dims);
    if (dims.authType !== 'anonymous') {
      ctx.telemetry.emit('smtp-auth-succeeded', dims);
    }
  }

  async send(message: OutgoingMessage, ctx: SendContext): Promise<SendResult> {
    const settings = smtpSettings(ctx.account);
    const sender = smtpSender(settings, ctx.account, message.user);
    let refused: { token: XOAuth2Token; error: DeliveryError } | undefined;
    for (;;) {
      let pool: Pool | undefined;
      try {
        throwIfAborted(ctx.signal);
        pool = await this.#pool(ctx, message.user);
        const composed = await toMailOptions(message, sender);
        if (sender.sender) {
          // Send on Behalf: the envelope is the authenticated mailbox, as the Sender header says;
          // an Exchange-like server refuses MAIL FROM the user without Send As rights.
          composed.envelope = {
            from: sender.sender.address,
            to: allRecipients(message).map((m) => m.address),
          };
        }
        // A message of ordinary size is built before it takes the connection, so it goes out in
        // one write; a large one streams its attachments as the connection reads them.
        const options: Mail.Options =
          contentBytes(message) <= BUILT_IN_MEMORY_MAX_BYTES
            ? { ...(await buildMime(composed)), messageId: message.messageId }
            : composed;
        // On abort the pool closes the connection carrying this message (or drops it from
        // its queue) and the send fails at once: a message cut off before its final dot is
        // not delivered, and nothing is sent after the dispatcher gave up on it.
        (options as { signal?: AbortSignal }).signal = ctx.signal;
        const info = await pool.transport.sendMail(options);
        if (!pool.proven) {
          pool.proven = true;
          this.#reportSuccess(ctx);
        }
        const rejected = (info.rejected ?? []).map(String);
        const response = rejected.length
          ? `${info.response} (refused: ${rejected.join(', ')})`
          : info.response;
        const status = Number.parseInt(info.response?.slice(0, 3) ?? '', 10);
        const note = refused
          ? ` (after the server refused a ${refused.token.origin} token and a new one was fetched)`
          : '';
        return {
          providerMessageId: info.messageId ?? message.messageId,
          providerStatus: Number.isFinite(status) ? status : 250,
          response: response ? `${response}${note}`.slice(0, 2048) : null,
        };
      } catch (err) {
        if (ctx.signal.aborted) {
          // The pool is fine (only this message's connection was closed): keep it.
          throw abortedSend(ctx.signal, err);
        }
        const { error, stage } = classifySmtpError(
          pool ? pool.replies.explain(err, message.messageId) : err,
        );
        this.#reportFailure(ctx, stage, error);
        if (pool && stage !== 'message') {
          // A pool that cannot connect or authenticate is rebuilt on the next attempt.
          pool.transport.close();
          if (this.#pools.get(ctx.account.id) === pool) {
            this.#pools.delete(ctx.account.id);
          }
        }
        const token = pool?.token;
        if (stage === 'auth' && token && error.code === 'AUTH_FAILED') {
          await token.invalidate();
          // A refused token may have been revoked: drop it, one new token, once.
          if (!refused && token.origin !== 'static') {
            refused = { token, error };
            continue;
          }
          throw explainXoauth2Refusal(error, token, refused);
        }
        throw error;
      }
    }
  }

  async test(ctx: SendContext): Promise<{ message: string }> {
    const settings = smtpSettings(ctx.account);
    const user: SendingUser = { id: 'test', email: undefined, name: undefined, licence: 'full' };
    const { auth, token } = await this.#auth(ctx.account, settings, ctx.secrets, user);
    const { pool: _pool, maxRequeues: _r, ...rest } = this.#options(ctx.account, settings);
    const transport = createTransport({
      ...rest,
      ...(auth ? { auth } : {}),
    } as SMTPTransport.Options);
    try {
      await transport.verify();
      this.#reportSuccess(ctx);
      return {
        message: `Connected to ${settings.host}:${settings.port}${settings.auth === 'anonymous' ? '' : ' and signed in'}.`,
      };
    } catch (err) {
      const { error, stage } = classifySmtpError(err);
      this.#reportFailure(ctx, stage, error);
      if (stage === 'auth' && token && error.code === 'AUTH_FAILED') {
        await token.invalidate();
        throw explainXoauth2Refusal(error, token, undefined);
      }
      throw error;
    } finally {
      transport.close();
    }
  }

  async release(accountId: string): Promise<void> {
    this.#pools.get(accountId)?.transport.close();
    this.#pools.delete(accountId);
  }

  async close(): Promise<void> {
    for (const pool of this.#pools.values()) {
      pool.transport.close();
    }
    this.#pools.clear();
  }
}
