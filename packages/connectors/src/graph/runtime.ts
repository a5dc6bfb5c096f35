/**
 * What both Graph connectors share: settings, token providers, and the
 * per-mailbox semaphores (one set per process, so Microsoft 365 and Current
 * User accounts on the same mailbox share the 4-request budget).
 * @module
 */
import type { NationalCloud } from '@verzend/shared';
import { ProviderRuntimeKey, type SendContext } from '../contract';
import { type TokenEvents, TokenProviders } from '../oauth/providers';
import { TokenCache } from '../oauth/token-cache';
import { TokenClient } from '../oauth/token-client';
import type { UserTokenStore } from '../oauth/user-tokens';
import { type GraphSettings, sleep } from './client';
import { CLOUDS, type CloudEndpoints, graphResource } from './scopes';
import { MailboxSemaphores } from './semaphore';
import { assertChunkSize, DEFAULT_CHUNK_BYTES } from './upload-session';

/** Shared Graph runtime. */
export interface GraphRuntime {
  settings: GraphSettings;
  tokens: TokenProviders;
  /** The Graph resource scopes are built on (e.g. `https://graph.microsoft.com`). */
  graphResource: string;
  /** The cloud this runtime talks to. */
  cloud: NationalCloud;
  /** Upload chunk size (multiple of 320 KiB, ≤ 4 MB). */
  chunkBytes: number;
  /**
   * The runtime of an account's national cloud: this one for the configured
   * cloud (or none named), else the cloud's preset endpoints (same cache,
   * semaphores and token store).
   */
  forCloud(cloud: NationalCloud | undefined): GraphRuntime;
}

/** The key the dispatcher provides the Graph runtime under (`ConnectorDeps.runtimes`). */
export const GRAPH_RUNTIME = new ProviderRuntimeKey<GraphRuntime>('Microsoft Graph');

/** Options for {@link createGraphRuntime}. */
export interface GraphRuntimeOptions {
  /** The national cloud of this installation (default `global`): presets for the three below. */
  cloud?: NationalCloud;
  /** e.g. `https://graph.microsoft.com/v1.0` (a proxy and the test double differ). Default: the cloud's. */
  graphBaseUrl?: string | undefined;
  /** The Graph resource for scopes. Default: the cloud's, or the base URL's origin when that is a custom host. */
  graphResource?: string | undefined;
  /** e.g. `https://login.microsoftonline.com`. Default: the cloud's. */
  authority?: string | undefined;
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
  const home = opts.cloud ?? 'global';
  const preset = CLOUDS[home];
  const graphBaseUrl = opts.graphBaseUrl ?? preset.graphBaseUrl;
  const endpoints: CloudEndpoints = {
    ...preset,
    graphBaseUrl,
    authority: opts.authority ?? preset.authority,
    // A custom Graph host without a resource of its own is its own resource (the test double).
    graphResource:
      opts.graphResource ??
      (Object.values(CLOUDS).some(
        (c) => graphResource(c.graphBaseUrl) === graphResource(graphBaseUrl),
      )
        ? preset.graphResource
        : graphResource(graphBaseUrl)),
  };
  const semaphores = new MailboxSemaphores(opts.maxConcurrentPerMailbox ?? 4);
  const cache = new TokenCache();
  const build = (cloud: NationalCloud, e: CloudEndpoints): GraphRuntime => ({
    settings: {
      baseUrl: e.graphBaseUrl,
      semaphores,
      inlineRetryMaxSeconds: opts.inlineRetryMaxSeconds ?? 10,
      inlineRetries: opts.inlineRetries ?? 3,
      sleep: opts.sleep ?? sleep,
      fetch: fetchImpl,
    },
    tokens: new TokenProviders({
      client: new TokenClient({ authority: e.authority, fetch: fetchImpl }),
      cache,
      store: opts.userTokens,
    }),
    graphResource: e.graphResource,
    cloud,
    chunkBytes,
    forCloud: (wanted) => runtimeOf(wanted ?? home),
  });
  const runtimes = new Map<NationalCloud, GraphRuntime>([[home, build(home, endpoints)]]);
  const runtimeOf = (cloud: NationalCloud): GraphRuntime => {
    let rt = runtimes.get(cloud);
    if (!rt) {
      rt = build(cloud, CLOUDS[cloud]);
      runtimes.set(cloud, rt);
    }
    return rt;
  };
  return runtimeOf(home);
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
