/**
 * What the Graph double records and keeps between requests: sent messages,
 * drafts, upload sessions and the switches a test sets. Shared by the route
 * groups (`mail-routes.ts`, `upload-routes.ts`) and the server.
 * @module
 */
import type { Hash } from 'node:crypto';
import type { AccessTokenInfo } from './identity';

/** A sent attachment as the double saw it. */
export interface SentAttachment {
  name: string;
  contentType: string | undefined;
  size: number;
  sha256: string;
  isInline: boolean;
  contentId: string | undefined;
  /** How it arrived: inline in sendMail, POSTed to a draft, or through an upload session. */
  via: 'sendMail' | 'post' | 'upload';
}

/** A message the double accepted for delivery. */
export interface SentMessage {
  /** The mailbox it was sent through (the shared mailbox for app-only, the user's for /me). */
  mailbox: string;
  via: 'sendMail' | 'draft';
  tokenKind: 'app' | 'user';
  /** The signed-in user, for delegated tokens. */
  user: string | undefined;
  /** The message JSON without attachment content. */
  message: Record<string, unknown>;
  attachments: SentAttachment[];
  saveToSentItems: boolean | undefined;
}

/** A failure to answer instead of the real handler. */
export interface FailureRule {
  /** Matches when the request path contains this text (or matches the RegExp). */
  path: string | RegExp;
  method?: string;
  status: number;
  retryAfter?: number;
  code?: string;
  message?: string;
  /** A non-JSON body (e.g. an HTML error page from a proxy). */
  raw?: string;
  /** How many requests it applies to (default 1). */
  times?: number;
}

/** A request to hold before handling it (a slow Graph). */
export interface DelayRule {
  /** Matches when the request path contains this text (or matches the RegExp). */
  path: string | RegExp;
  method?: string;
  /** How long to hold it. */
  ms: number;
  /** How many requests it applies to (default 1). */
  times?: number;
}

/** Options for {@link GraphDouble.start}. */
export interface GraphDoubleOptions {
  tokenLifetimeSeconds?: number;
  /** Delay before each Graph answer, so concurrent requests overlap. */
  latencyMs?: number;
  maxConcurrentPerMailbox?: number;
  /** Retry-After sent with concurrency 429s. */
  throttleRetryAfterSeconds?: number;
  maxRequestBytes?: number;
  /** Also listen on a second port, as a proxy in front of Graph would (`proxyUrl`). */
  proxy?: boolean;
}

/** A scripted upload-chunk failure. */
export interface ChunkFailure {
  /** Bytes of the chunk the session keeps before failing (a multiple of 320 KiB). */
  acceptBytes: number;
  /** Status to answer (default 500). */
  status?: number;
  retryAfter?: number;
}

export interface Draft {
  id: string;
  mailbox: string;
  token: AccessTokenInfo;
  message: Record<string, unknown>;
  attachments: SentAttachment[];
}

export interface Session {
  id: string;
  draft: Draft;
  name: string;
  contentType: string | undefined;
  isInline: boolean;
  contentId: string | undefined;
  size: number;
  received: number;
  hash: Hash;
  expires: number;
}

/** The state the route groups read and change (the server's public lists are the same objects). */
export interface DoubleState {
  readonly url: string;
  readonly graphBaseUrl: string;
  readonly sent: SentMessage[];
  readonly chunks: { session: string; start: number; length: number; status: number }[];
  readonly deletedDrafts: string[];
  readonly sendRights: Map<string, Set<string>>;
  readonly drafts: Map<string, Draft>;
  readonly sessions: Map<string, Session>;
  readonly badRecipients: Set<string>;
  readonly maxMessageBytes: Map<string, number>;
  /** Largest request body accepted (413 beyond). */
  readonly maxRequestBytes: number;
  chunkFailures: ChunkFailure[];
  waiters: { count: number; resolve: () => void }[];
}
