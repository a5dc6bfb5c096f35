/**
 * Access-token providers: app-only (client credentials) and delegated (a
 * connected user's refresh token). Both cache in memory and refresh before
 * expiry; a refused token is dropped with {@link TokenSource.invalidate} so the
 * next call fetches a fresh one.
 * @module
 */
import { createHash } from 'node:crypto';
import { DeliveryError } from '@verzend/shared';
import { refreshDue, type TokenCache, type TokenWithOrigin } from './token-cache';
import type { ClientIdentity, TokenClient } from './token-client';
import type { UserTokenKey, UserTokenStore } from './user-tokens';

/** A source of bearer tokens for one identity and scope. */
export interface TokenSource {
  /** A stable key for logs and caches (never the token). */
  readonly key: string;
  get(signal?: AbortSignal): Promise<string>;
  /** Like `get`, and says whether the token was cached, stored, new or refreshed. */
  getWithOrigin(signal?: AbortSignal): Promise<TokenWithOrigin>;
  /** The scope the tokens are for. */
  readonly scope: string;
  /** Marks a token as refused (401), so the next `get` does not return it. */
  invalidate(accessToken: string): Promise<void>;
}

/** Observes token requests (telemetry). */
export interface TokenEvents {
  refreshed?(info: { kind: 'app' | 'user'; clientId: string; tenantId: string }): void;
  failed?(info: { kind: 'app' | 'user'; clientId: string; tenantId: string; code: string }): void;
}

const fingerprint = (value: string | undefined) =>
  value ? createHash('sha256').update(value).digest('hex').slice(0, 16) : 'none';

/** Creates token sources that share one token client and one cache. */
export class TokenProviders {
  readonly #client: TokenClient;
  readonly #cache: TokenCache;
  readonly #store: UserTokenStore;

  constructor(opts: { client: TokenClient; cache: TokenCache; store: UserTokenStore }) {
    this.#client = opts.client;
    this.#cache = opts.cache;
    this.#store = opts.store;
  }

  /** The token cache (dropped entries when an account changes). */
  get cache(): TokenCache {
    return this.#cache;
  }

  /** The token client (authorize URLs, code exchange). */
  get client(): TokenClient {
    return this.#client;
  }

  /** The user token store (connect flow). */
  get store(): UserTokenStore {
    return this.#store;
  }

  /** Drops cached delegated tokens of one user's connection (every scope). */
  forgetUser(who: UserTokenKey): void {
    this.#cache.invalidatePrefix(
      `user|${this.#client.authority}|${who.company}|${who.accountId}|${who.userId}|`,
    );
  }

  /** App-only tokens (client credentials grant) for `scope`, e.g. `https://graph.microsoft.com/.default`. */
  app(identity: ClientIdentity, scope: string, events: TokenEvents = {}): TokenSource {
    // The credential's fingerprint (certificate, else secret) is part of the key: after a change a
    // token obtained with the old one must not hide that the new one is wrong.
    const key = `app|${this.#client.authority}|${identity.tenantId}|${identity.clientId}|${scope}|${fingerprint(identity.certificate ?? identity.clientSecret)}`;
    const info = { kind: 'app' as const, clientId: identity.clientId, tenantId: identity.tenantId };
    const getWithOrigin = (signal?: AbortSignal) =>
      this.#cache.getWithOrigin(key, async () => {
        if (!identity.clientSecret && !identity.certificate) {
          throw new DeliveryError(
            'NEEDS_CREDENTIALS',
            `The account has no client secret or certificate for app ${identity.clientId}; app-only sending needs one. Enter it on the account or its app registration.`,
            { retry: false },
          );
        }
        try {
          const token = await this.#client.request(
            identity,
            { grant: 'client_credentials', scope },
            { kind: 'app' },
            signal,
          );
          events.refreshed?.(info);
          return { ...token, origin: 'new' as const };
        } catch (err) {
          events.failed?.({ ...info, code: codeOf(err) });
          throw err;
        }
      });
    return {
      key,
      scope,
      getWithOrigin,
      get: async (signal) => (await getWithOrigin(signal)).accessToken,
      invalidate: async (accessToken) => this.#cache.invalidate(key, accessToken),
    };
  }

  /**
   * Delegated tokens of a connected user. Reads the refresh token from the
   * store, refreshes it, and stores a rotated refresh token back.
   * @param connectHint how the user connects, for the NOT_CONNECTED / TOKEN_EXPIRED reason.
   */
  user(
    identity: ClientIdentity,
    who: UserTokenKey,
    scope: string,
    connectHint: string,
    events: TokenEvents = {},
  ): TokenSource {
    const key = `user|${this.#client.authority}|${who.company}|${who.accountId}|${who.userId}|${scope}`;
    const info = {
      kind: 'user' as const,
      clientId: identity.clientId,
      tenantId: identity.tenantId,
    };
    const getWithOrigin = (signal?: AbortSignal) =>
      this.#cache.getWithOrigin(key, async () => {
        const stored = await this.#store.get(who);
        if (!stored?.refreshToken) {
          throw new DeliveryError(
            'NOT_CONNECTED',
            `User ${who.userId} has not connected a mailbox to this account yet. Connect it first (${connectHint}) and sign in with the mailbox's Microsoft account.`,
            { retry: false },
          );
        }
        const storedExpiry = stored.expiresAt ? Date.parse(stored.expiresAt) : Number.NaN;
        const storedIssued = stored.issuedAt ? Date.parse(stored.issuedAt) : undefined;
        if (
          stored.accessToken &&
          sameScope(stored.scope ?? '', scope) &&
          !refreshDue({ expiresAt: storedExpiry, issuedAt: storedIssued }, Date.now())
        ) {
          return {
            accessToken: stored.accessToken,
            expiresAt: storedExpiry,
            ...(storedIssued !== undefined ? { issuedAt: storedIssued } : {}),
            origin: 'stored' as const,
            subject: stored.signedInAs,
          };
        }
        try {
          const token = await this.#client.request(
            identity,
            { grant: 'refresh_token', refreshToken: stored.refreshToken, scope },
            { kind: 'user', connectHint },
            signal,
          );
          const issuedAt = Date.now();
          await this.#store.put(who, {
            refreshToken: token.refreshToken ?? stored.refreshToken,
            accessToken: token.accessToken,
            expiresAt: new Date(token.expiresAt).toISOString(),
            issuedAt: new Date(issuedAt).toISOString(),
            ...((token.scope ?? stored.scope) ? { scope: token.scope ?? stored.scope } : {}),
            ...(stored.signedInAs ? { signedInAs: stored.signedInAs } : {}),
          });
          events.refreshed?.(info);
          return { ...token, issuedAt, origin: 'refreshed' as const, subject: stored.signedInAs };
        } catch (err) {
          events.failed?.({ ...info, code: codeOf(err) });
          throw err;
        }
      });
    return {
      key,
      scope,
      getWithOrigin,
      get: async (signal) => (await getWithOrigin(signal)).accessToken,
      invalidate: async (accessToken) => {
        this.#cache.invalidate(key, accessToken);
        // A refused stored access token must not come back from the store either.
        const stored = await this.#store.get(who).catch(() => null);
        if (stored && stored.accessToken === accessToken) {
          await this.#store
            .put(who, {
              refreshToken: stored.refreshToken,
              ...(stored.scope ? { scope: stored.scope } : {}),
              ...(stored.signedInAs ? { signedInAs: stored.signedInAs } : {}),
            })
            .catch(() => undefined);
        }
      },
    };
  }
}

function codeOf(err: unknown): string {
  return typeof err === 'object' && err !== null && 'code' in err && typeof err.code === 'string'
    ? err.code
    : 'INTERNAL';
}

/**
 * True when a stored access token was granted for the scope asked now (same
 * resource): an SMTP token must not be handed to Graph, or the other way round.
 */
function sameScope(granted: string, wanted: string): boolean {
  const resources = (scope: string) =>
    new Set(
      scope
        .split(/\s+/)
        .filter((s) => s.includes('://'))
        .map((s) => s.slice(0, s.lastIndexOf('/'))),
    );
  const a = resources(granted);
  const b = resources(wanted);
  // Entra returns Graph scopes unqualified ("Mail.Send"): only a named other resource rules a token out.
  return a.size === 0 || b.size === 0 || [...b].every((r) => a.has(r));
}
