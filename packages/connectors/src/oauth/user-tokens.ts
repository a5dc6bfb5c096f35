/**
 * Where delegated token sets live, as the token providers see it. The
 * dispatcher's store keeps them in the config service, sealed (ADR-0018);
 * {@link MemoryUserTokenStore} is for tests and single-process tools.
 * @module
 */
import type { UserTokenSet } from '@verzend/shared';
import type { z } from 'zod';

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
