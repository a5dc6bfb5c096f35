/**
 * The connector plug-in contract: what a connector's runtime implements and
 * what the dispatcher gives it. The dispatcher picks a connector by the
 * account's `settings.connector` and only ever calls this interface, so a new
 * provider (Gmail, SES, …) is a new folder in this package plus one line in
 * `built-in.ts`, not a change to the outbox, the throttle or config. The
 * contract names no provider: what one provider needs from the dispatcher
 * travels as a {@link ProviderRuntimeKey}.
 *
 * Aborts: `ctx.signal` aborts when the send times out or the dispatcher stops.
 * A connector must then stop the provider call (close the socket, abort the
 * request) so that nothing is delivered after the dispatcher gave up on it.
 *
 * Errors: `send` and `test` throw {@link DeliveryError} (from @verzend/shared)
 * with a stable code and `retry` set — transient (retry = true, optionally
 * `retryAfterSeconds`) or permanent (retry = false). Anything else thrown is
 * treated as transient and logged.
 * @module
 */
import type { Readable } from 'node:stream';
import type {
  AccountSecrets,
  BlobStore,
  LicenceType,
  Logger,
  Mailbox,
  OutboundGuard,
  Telemetry,
} from '@verzend/shared';
import type { Account } from './accounts';
import type { ConnectorCapabilities } from './capabilities';
import type { ConnectorDefinition, SettingsBase } from './definition';

export type { ConnectorCapabilities } from './capabilities';

/** Where a token came from, for messages an administrator can act on. */
export type TokenOrigin = 'new' | 'refreshed' | 'stored' | 'cached' | 'static';

/** An attachment whose bytes are streamed from the blob store on demand. */
export interface OutgoingAttachment {
  fileName: string;
  contentType: string;
  size: number;
  /** Set for inline images referenced from the HTML as `cid:<contentId>`. */
  contentId?: string | undefined;
  inline: boolean;
  /** Opens a fresh stream of the content (may be called more than once, e.g. on resume). */
  open(): Promise<Readable>;
}

/** The user on whose behalf the email is sent (from the compose token or the posting event). */
export interface SendingUser {
  id: string;
  email: string | undefined;
  name: string | undefined;
  licence: LicenceType;
}

/** A fully resolved message, ready for a provider. */
export interface OutgoingMessage {
  emailId: string;
  company: string;
  /** RFC 5322 Message-ID fixed at enqueue (`<…@…>`). */
  messageId: string;
  /** From, decided by the dispatcher from the account unless a connector overrides it (sender type, substitution). */
  from: Mailbox;
  to: Mailbox[];
  cc: Mailbox[];
  bcc: Mailbox[];
  replyTo: Mailbox[];
  subject: string;
  html: string | undefined;
  text: string | undefined;
  /** Custom headers (already validated: X-…, List-Unsubscribe…). */
  headers: Record<string, string>;
  attachments: OutgoingAttachment[];
  user: SendingUser;
  /** Attempt number (1-based), for logs and provider idempotency hints. */
  attempt: number;
}

/** Per-call context. */
export interface SendContext {
  account: Account;
  secrets: AccountSecrets;
  logger: Logger;
  telemetry: Telemetry;
  /** Aborted when the dispatcher shuts down or the send times out. */
  signal: AbortSignal;
}

/** What a successful send reports. */
export interface SendResult {
  /** Provider's id (SMTP queue id / Graph message id / capture file), when known. */
  providerMessageId: string | null;
  /** SMTP reply code or HTTP status of the final call. */
  providerStatus: number | null;
  /** Human-readable provider response, for the attempt log. */
  response: string | null;
}

/** A connector. Implementations keep pooled resources per account and release them in `close`. */
export interface Connector {
  /** Its definition's type. */
  readonly type: string;
  /** Its definition's capabilities. */
  readonly capabilities: ConnectorCapabilities;
  /** Sends one message. Throws DeliveryError on failure. */
  send(message: OutgoingMessage, ctx: SendContext): Promise<SendResult>;
  /** Checks connectivity and credentials without sending (e.g. SMTP EHLO + AUTH, Graph token). */
  test(ctx: SendContext): Promise<{ message: string }>;
  /**
   * How many sends of `account` this connector runs at once in one replica (its connection
   * pool); unset = as many as the account's concurrency limit. An account's sending loop keeps
   * no more lanes than this: a lane beyond it would hold one of the account's global send
   * slots while it waits for a connection, and other replicas could not use that slot.
   */
  parallelSends?(account: Account): number;
  /** Releases resources held for an account (pooled transports) — called when its version changes or it is deleted. */
  release?(accountId: string): Promise<void>;
  /** Releases everything (shutdown). */
  close(): Promise<void>;
}

/** An XOAUTH2 login: the user the token was issued to, the token, and where it came from. */
export interface XOAuth2Token {
  /** The XOAUTH2 `user=`: the identity the token was issued to (Exchange refuses any other). */
  user: string;
  accessToken: string;
  /** new, refreshed, stored, cached or static: tells a revoked grant from a wrong setup. */
  origin: TokenOrigin;
  /** The scope the token was asked for (undefined for a static token). */
  scope: string | undefined;
  /** Which app or token it is, for error messages (never the token). */
  source: string;
  /** Drops the token after the server refused it, so the next one is fetched fresh. */
  invalidate(): Promise<void>;
}

/**
 * Supplies XOAUTH2 logins for SMTP. The default takes the account's static
 * `accessToken` secret; the OAuth module plugs in a provider that runs
 * client credentials or refreshes a user's delegated token.
 */
export type AccessTokenProvider = (
  account: Account,
  secrets: AccountSecrets,
  user: SendingUser,
) => Promise<XOAuth2Token>;

/**
 * Names a runtime one provider needs from the dispatcher (e.g. Microsoft
 * Graph's token providers and per-mailbox semaphores), so this contract does
 * not have to: the provider's folder declares the key, the dispatcher provides
 * the value in {@link ConnectorDeps.runtimes}.
 */
export class ProviderRuntimeKey<T> {
  declare readonly __type: T;
  constructor(readonly name: string) {}
}

/** What connector factories get from the dispatcher. */
export interface ConnectorDeps {
  logger: Logger;
  telemetry: Telemetry;
  /** Content-addressed store of bodies, attachments and captured MIME. */
  blobs: BlobStore;
  /** Folder for captured `.eml` files. */
  captureDir: string;
  /** Provider-call timeout (also bounds pooled sockets). */
  sendTimeoutMs: number;
  /** SMTP connections per account in this replica (default 10; the account's concurrency limit caps it). */
  smtpMaxConnections?: number | undefined;
  getAccessToken: AccessTokenProvider;
  /** Where connections an account points at may go (no loopback, link-local, metadata…). */
  outbound: OutboundGuard;
  /** Runtimes of particular providers, by key (absent: that provider is not installed). */
  runtimes?: ReadonlyMap<ProviderRuntimeKey<unknown>, unknown>;
}

/**
 * The runtime a provider's key names.
 * @throws Error when the dispatcher did not provide it (a wiring mistake).
 */
export function providerRuntime<T>(deps: ConnectorDeps, key: ProviderRuntimeKey<T>): T {
  const value = deps.runtimes?.get(key as ProviderRuntimeKey<unknown>);
  if (value === undefined) {
    throw new Error(`The ${key.name} connectors need the ${key.name} runtime in deps.runtimes.`);
  }
  return value as T;
}

/** A connector: its definition and how the dispatcher builds its runtime. One per folder. */
export interface ConnectorPlugin<S extends SettingsBase = SettingsBase> {
  definition: ConnectorDefinition<S>;
  create(deps: ConnectorDeps): Connector;
}
