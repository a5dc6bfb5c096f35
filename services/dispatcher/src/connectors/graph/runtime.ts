/**
 * What both Graph connectors share: settings, token providers, and the
 * per-mailbox semaphores (one set per process, so Microsoft 365 and Current
 * User accounts on the same mailbox share the 4-request budget).
 * @module
 */
import type { TokenEvents, TokenProviders } from '../../oauth/providers';
import type { SendContext } from '../types';
import type { GraphSettings } from './client';

/** Shared Graph runtime. */
export interface GraphRuntime {
  settings: GraphSettings;
  tokens: TokenProviders;
  /** Upload chunk size (multiple of 320 KiB, ≤ 4 MB). */
  chunkBytes: number;
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
