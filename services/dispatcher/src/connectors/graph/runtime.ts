/**
 * What both Graph connectors share: settings, token providers, and the
 * per-mailbox semaphores (one set per process, so Microsoft 365 and Current
 * User accounts on the same mailbox share the 4-request budget).
 * @module
 */
import { type TokenEvents, TokenProviders } from '../../oauth/providers';
import { TokenCache } from '../../oauth/token-cache';
import { TokenClient } from '../../oauth/token-client';
import type { UserTokenStore } from '../../oauth/user-token-store';
import type { SendContext } from '../types';
import { type GraphSettings, sleep } from './client';
import { MailboxSemaphores } from './semaphore';
import { assertChunkSize, DEFAULT_CHUNK_BYTES } from './upload-session';

/** Shared Graph runtime. */
export interface GraphRuntime {
  settings: GraphSettings;
  tokens: TokenProviders;
  /** Upload chunk size (multiple of 320 KiB, ≤ 4 MB). */
  chunkBytes: number;
}

/** Options for {@link createGraphRuntime}. */
export interface GraphRuntimeOptions {
  /** e.g. `https://graph.microsoft.com/v1.0` (sovereign clouds and the test double differ). */
  graphBaseUrl: string;
  /** e.g. `https://login.microsoftonline.com`. */
  authority: string;
  /** Where connected users' refresh tokens live (the config service in production). */
  userTokens: UserTokenStore;
  maxConcurrentPerMailbox?: number;
  inlineRetryMaxSeconds?: number;
  inlineRetries?: number;
  chunkBytes?: number;
  fetch?: typeof fetch;
  sleep?: GraphSettings['sleep'];
}

/** Builds the runtime both Graph connectors (and SMTP XOAUTH2) share. */
export function createGraphRuntime(opts: GraphRuntimeOptions): GraphRuntime {
  const chunkBytes = opts.chunkBytes ?? DEFAULT_CHUNK_BYTES;
  assertChunkSize(chunkBytes);
  const fetchImpl = opts.fetch ?? fetch;
  return {
    settings: {
      baseUrl: opts.graphBaseUrl,
      semaphores: new MailboxSemaphores(opts.maxConcurrentPerMailbox ?? 4),
      inlineRetryMaxSeconds: opts.inlineRetryMaxSeconds ?? 10,
      inlineRetries: opts.inlineRetries ?? 3,
      sleep: opts.sleep ?? sleep,
      fetch: fetchImpl,
    },
    tokens: new TokenProviders({
      client: new TokenClient({ authority: opts.authority, fetch: fetchImpl }),
      cache: new TokenCache(),
      store: opts.userTokens,
    }),
    chunkBytes,
  };
}

/** Settings for one send: throttling reported as telemetry of the sending company. */
export function settingsFor(runtime: GraphRuntime, ctx: SendContext): GraphSettings {
  return {
    ...runtime.settings,
    onThrottled: (info) => {
      runtime.settings.onThrottled?.(info);
      ctx.telemetry.emit('graph-request-throttled', {
        company: ctx.account.company,
        accountId: ctx.account.id,
        connector: ctx.account.settings.connector,
        status: info.status,
        retryAfterSeconds: info.retryAfterSeconds ?? null,
        operation: info.operation,
      });
    },
  };
}

/** Token telemetry of the sending company. */
export function tokenEventsFor(ctx: SendContext): TokenEvents {
  return {
    refreshed: (info) =>
      ctx.telemetry.emit('oauth-token-refreshed', {
        company: ctx.account.company,
        accountId: ctx.account.id,
        kind: info.kind,
      }),
    failed: (info) =>
      ctx.telemetry.emit('oauth-token-failed', {
        company: ctx.account.company,
        accountId: ctx.account.id,
        kind: info.kind,
        code: info.code,
      }),
  };
}

/** The hint shown to users who must (re)connect. */
export function connectHint(accountId: string): string {
  return `POST /v1/accounts/${accountId}/connect`;
}
