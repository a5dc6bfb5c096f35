/**
 * The connector plug-in contract. The dispatcher picks a connector by the
 * account's `settings.connector` and only ever calls this interface, so a new
 * provider (Gmail, SES, …) is a new folder under `connectors/` plus one line in
 * the registry, not a change to the outbox or the throttle.
 *
 * Errors: `send` and `test` throw {@link DeliveryError} (from @verzend/shared)
 * with a stable code and `retry` set — transient (retry = true, optionally
 * `retryAfterSeconds`) or permanent (retry = false). Anything else thrown is
 * treated as transient and logged.
 * @module
 */
import type { Readable } from 'node:stream';
import type {
  Account,
  AccountSecrets,
  BlobStore,
  ConnectorType,
  LicenceType,
  Logger,
  Mailbox,
  OutboundGuard,
  Telemetry,
} from '@verzend/shared';
import type { TokenOrigin } from '../oauth/token-cache';
import type { GraphRuntime } from './graph/runtime';

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

/** What a connector can do, for the UI and the dispatcher's checks. */
export interface ConnectorCapabilities {
  /** Largest message (including attachments) the provider accepts, in bytes. */
  maxMessageBytes: number;
  /** Largest number of recipients per message. */
  maxRecipients: number;
  inlineImages: boolean;
  /** Whether it really delivers (capture does not). */
  delivers: boolean;
  /** Most custom `X-` headers a message may carry (Graph: 5); unset = no limit of its own. */
  maxCustomHeaders?: number;
  /** Largest body (HTML + text) without attachments, in bytes (Graph: 4 MB); unset = no limit of its own. */
  maxBodyBytes?: number;
  /** Largest single attachment, in bytes (Graph: 150 MB); unset = no limit of its own. */
  maxAttachmentBytes?: number;
}

/** A connector. Implementations keep pooled resources per account and release them in `close`. */
export interface Connector {
  readonly type: ConnectorType;
  readonly description: string;
  readonly capabilities: ConnectorCapabilities;
  /** Default rate limit per minute for new accounts (0 = unlimited). */
  readonly defaultRateLimitPerMinute: number;
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
  /** Microsoft Graph runtime shared by the Microsoft 365 and Current User connectors (absent: not installed). */
  graph?: GraphRuntime | undefined;
}
