/**
 * One page of a company's accounts, for the routes that answer for every
 * account at once (`GET /v1/throttle`, `GET /v1/connections`): by id, with the
 * same `limit` / `cursor` as the other listings, so the order is stable while
 * accounts come and go.
 * @module
 */
import type { Account } from '@verzend/connectors';
import { decodeCursor, encodeCursor } from '../paging/cursor';

/** A page of accounts and where the next one starts (null: none). */
export interface AccountPage {
  accounts: Account[];
  nextCursor: string | null;
}

/**
 * The page of `accounts` after `cursor`, at most `limit` long. Accounts of any
 * other company than `company` are dropped: the list comes from config for the
 * caller's company, and a route never answers for another's, whatever it is given.
 * @throws {ValidationError} for a cursor this API did not issue.
 */
export function accountPage(
  accounts: readonly Account[],
  company: string,
  query: { limit: number; cursor?: string | undefined },
): AccountPage {
  const after = query.cursor === undefined ? undefined : decodeCursor(query.cursor);
  const rest = accounts
    .filter((a) => a.company === company && (after === undefined || a.id > after))
    .sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  const slice = rest.slice(0, query.limit);
  const last = slice.at(-1);
  return {
    accounts: slice,
    nextCursor: rest.length > slice.length && last ? encodeCursor(last.id) : null,
  };
}
