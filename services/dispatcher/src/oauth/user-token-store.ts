/**
 * Where delegated token sets live. Refresh tokens are secrets: the config
 * service keeps them encrypted per (company, account, user); the dispatcher
 * seals them before they leave and opens them when they come back (ADR-0018),
 * and only its NATS user may ask (NATS subject permissions).
 * @module
 */
import type { NatsConnection } from '@nats-io/nats-core';
import {
  Rpc,
  requestJson,
  StoreUserTokenRequest,
  UserTokenRequest,
  UserTokenResponse,
  type UserTokenSet,
} from '@verzend/shared';
import { z } from 'zod';
import type { SecretOpener } from '../accounts/secret-opener';

/** Identifies one user's connection to one account. */
export interface UserTokenKey {
  company: string;
  accountId: string;
  userId: string;
}

/** A user's stored token set. */
export type StoredUserToken = z.infer<typeof UserTokenSet>;

/** Reads and writes delegated token sets. */
export interface UserTokenStore {
  get(key: UserTokenKey): Promise<StoredUserToken | null>;
  put(key: UserTokenKey, token: StoredUserToken): Promise<void>;
}

/** The real store: the config service's encrypted secrets, over NATS request/reply. */
export class NatsUserTokenStore implements UserTokenStore {
  readonly #nc: NatsConnection;
  readonly #secrets: SecretOpener;

  constructor(nc: NatsConnection, secrets: SecretOpener) {
    this.#nc = nc;
    this.#secrets = secrets;
  }

  async get(key: UserTokenKey): Promise<StoredUserToken | null> {
    const reply = await requestJson(
      this.#nc,
      Rpc.configGetUserToken,
      UserTokenRequest.parse(key),
      UserTokenResponse,
    );
    return reply.token
      ? this.#secrets.openUserToken(key.company, key.accountId, key.userId, reply.token)
      : null;
  }

  async put(key: UserTokenKey, token: StoredUserToken): Promise<void> {
    await requestJson(
      this.#nc,
      Rpc.configStoreUserToken,
      StoreUserTokenRequest.parse({
        ...key,
        token: this.#secrets.sealUserToken(key.company, key.accountId, key.userId, token),
      }),
      z.unknown(),
    );
  }
}

/** An in-process store for tests and single-process tools. */
export class MemoryUserTokenStore implements UserTokenStore {
  readonly tokens = new Map<string, StoredUserToken>();

  static id(key: UserTokenKey): string {
    return `${key.company}\u0000${key.accountId}\u0000${key.userId}`;
  }

  async get(key: UserTokenKey): Promise<StoredUserToken | null> {
    return this.tokens.get(MemoryUserTokenStore.id(key)) ?? null;
  }

  async put(key: UserTokenKey, token: StoredUserToken): Promise<void> {
    this.tokens.set(MemoryUserTokenStore.id(key), { ...token });
  }
}
