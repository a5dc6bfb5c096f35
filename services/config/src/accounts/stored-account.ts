/**
 * An account as stored in the config bucket, and how it becomes the API shape
 * (`isDefault` and `needsCredentials` are derived when read).
 * @module
 */
import { Account } from '@verzend/shared';
import { missingCredentials } from './account-rules';

/** An account as stored: the API shape without what is derived at read time. */
export type StoredAccount = Omit<Account, 'isDefault' | 'needsCredentials'> & {
  /** Set on accounts copied from another company: no sending until an administrator confirms them. */
  awaitingCredentials?: boolean;
};

/** A scenario assignment (the `default` scenario's assignment is the default account). */
export interface Assignment {
  accountId: string;
}

/** Turns a stored account into the API shape. */
export function toAccount(stored: StoredAccount, defaultId: string | null): Account {
  const { awaitingCredentials, ...rest } = stored;
  return Account.parse({
    ...rest,
    isDefault: stored.id === defaultId,
    needsCredentials:
      awaitingCredentials === true || missingCredentials(stored.settings, stored.secretsSet),
  });
}

/** Drops keys whose value is undefined (so a partial update never erases a field). */
export function stripUndefined<T extends object>(
  value: T,
): { [K in keyof T]?: Exclude<T[K], undefined> } {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as {
    [K in keyof T]?: Exclude<T[K], undefined>;
  };
}
