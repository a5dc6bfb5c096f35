/**
 * An account as stored in the config bucket, and how it becomes the API shape
 * (`isDefault` and `needsCredentials` are derived when read).
 * @module
 */
import { type Account, accountContracts, type ConnectorRegistry } from '@verzend/connectors';
import type { SECRET_KEYS } from '@verzend/shared';

/** An account as stored: the API shape without what is derived at read time. */
export type StoredAccount = Omit<
  Account,
  'isDefault' | 'needsCredentials' | 'missingCredentials'
> & {
  /** Set on accounts copied from another company: no sending until an administrator confirms them. */
  awaitingCredentials?: boolean;
};

/** A scenario assignment (the `default` scenario's assignment is the default account). */
export interface Assignment {
  accountId: string;
}

/**
 * Turns a stored account into the API shape (its settings checked against the registry's schemas).
 * @param inherited secrets its app registration provides (none when it has none).
 */
export function toAccount(
  connectors: ConnectorRegistry,
  stored: StoredAccount,
  defaultId: string | null,
  inherited: readonly (typeof SECRET_KEYS)[number][] = [],
): Account {
  const { awaitingCredentials, ...rest } = stored;
  const missing = connectors.missingCredentialList(stored.settings, stored.secretsSet, inherited);
  if (awaitingCredentials === true) {
    missing.push('confirmation: the account was copied from another company; update it to confirm');
  }
  return accountContracts(connectors).Account.parse({
    ...rest,
    isDefault: stored.id === defaultId,
    needsCredentials: missing.length > 0,
    missingCredentials: missing,
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
