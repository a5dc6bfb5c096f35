/**
 * Access-token providers: app-only (client credentials) and delegated (a
 * connected user's refresh token). Both cache in memory and refresh before
 * expiry; a refused token is dropped with {@link TokenSource.invalidate} so the
 * next call fetches a fresh one.
 * @module
 */
import { createHash } from 'node:crypto';
import { DeliveryError } from '@verzend/shared';
import type { TokenCache } from './token-cache';
import type { ClientIdentity, TokenClient } from './token-client';
import type { UserTokenKey, UserTokenStore } from './user-token-store';

/** A source of bearer tokens for one identity and scope. */
export interface TokenSource {
  /** A stable key for logs and caches (never the token). */
  readonly key: string;
  get(signal?: AbortSignal): Promise<string>;
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
    // The secret's fingerprint is part of the key: after a secret change a
    // token obtained with the old one must not hide that the new one is wrong.
    const key = `app|${this.#client.authority}|${identity.tenantId}|${identity.clientId}|${scope}|${fingerprint(identity.clientSecret)}`;
    const info = { kind: 'app' as const, clientId: identity.clientId, tenantId: identity.tenantId };
    return {
      key,
      get: (signal) =>
        this.#cache.get(key, async () => {
          if (!identity.clientSecret) {
            throw new DeliveryError(
              'NEEDS_CREDENTIALS',
              `The account has no client secret for app ${identity.clientId}; app-only sending needs one. Enter it on the account.`,
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
            return token;
          } catch (err) {
            events.failed?.({ ...info, code: codeOf(err) });
            throw err;
          }
        }),
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
    return {
      key,
      get: (signal) =>
        this.#cache.get(key, async () => {
          const stored = await this.#store.get(who);
          if (!stored?.refreshToken) {
            throw new DeliveryError(
              'NOT_CONNECTED',
              `User ${who.userId} has not connected a mailbox to this account yet. Connect it first (${connectHint}) and sign in with the mailbox's Microsoft account.`,
              { retry: false },
            );
          }
          const storedExpiry = stored.expiresAt ? Date.parse(stored.expiresAt) : Number.NaN;
          if (stored.accessToken && storedExpiry - 5 * 60_000 > Date.now()) {
            return { accessToken: stored.accessToken, expiresAt: storedExpiry };
          }
          try {
            const token = await this.#client.request(
              identity,
              { grant: 'refresh_token', refreshToken: stored.refreshToken, scope },
              { kind: 'user', connectHint },
              signal,
            );
            await this.#store.put(who, {
              refreshToken: token.refreshToken ?? stored.refreshToken,
              accessToken: token.accessToken,
              expiresAt: new Date(token.expiresAt).toISOString(),
              ...((token.scope ?? stored.scope) ? { scope: token.scope ?? stored.scope } : {}),
            });
            events.refreshed?.(info);
            return token;
          } catch (err) {
            events.failed?.({ ...info, code: codeOf(err) });
            throw err;
          }
        }),
      invalidate: async (accessToken) => {
        this.#cache.invalidate(key, accessToken);
        // A refused stored access token must not come back from the store either.
        const stored = await this.#store.get(who).catch(() => null);
        if (stored && stored.accessToken === accessToken) {
          await this.#store
            .put(who, {
              refreshToken: stored.refreshToken,
              ...(stored.scope ? { scope: stored.scope } : {}),
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
