/**
 * Which account an email goes through, as the dispatcher asks for every email
 * (`verzend.rpc.config.secret.resolve-account`): the explicit account, else
 * the scenario's, else the default; with its secrets sealed and its app
 * registration filled in (ADR-0018, ADR-0022).
 * @module
 */
import type { ResolveAccountResponse } from '@verzend/connectors';
import { NotFoundError, UnprocessableError } from '@verzend/shared';
import type { AppRegistrations } from '../app-registrations/app-registrations';
import type { ConfigContext } from '../context';
import { ConfigKeys } from '../store/keys';
import {
  inheritedSecrets,
  inheritsCredential,
  registrationIdOf,
  withRegistration,
} from './app-link';
import { type Assignment, type StoredAccount, toAccount } from './stored-account';

/**
 * The account an email of `scenario` (or the explicit `accountId`) goes through,
 * with its secrets sealed (envelopes only the dispatcher opens, ADR-0018).
 * @throws {NotFoundError} when there is no such account / no default.
 * @throws {UnprocessableError} NEEDS_CREDENTIALS when it cannot send yet.
 */
export async function resolveForSending(
  ctx: ConfigContext,
  registrations: AppRegistrations,
  company: string,
  request: { scenario?: string | undefined; accountId?: string | undefined },
): Promise<ResolveAccountResponse> {
  // The dispatcher asks this for every email: read each key once, and in parallel where possible.
  const scenario = request.scenario ?? 'default';
  const [pointer, assigned] = await Promise.all([
    ctx.config.get<Assignment>(ConfigKeys.scenario(company, 'default')),
    request.accountId === undefined && scenario !== 'default'
      ? ctx.config.get<Assignment>(ConfigKeys.scenario(company, scenario))
      : null,
  ]);
  const candidates =
    request.accountId !== undefined
      ? [request.accountId]
      : [assigned?.value.accountId, pointer?.value.accountId].filter((x) => x !== undefined);
  let stored: StoredAccount | undefined;
  for (const id of candidates) {
    stored = (await ctx.config.get<StoredAccount>(ConfigKeys.account(company, id)))?.value;
    if (stored) {
      break;
    }
  }
  if (!stored) {
    throw new NotFoundError(
      request.accountId !== undefined
        ? `No account ${request.accountId}.`
        : 'The company has no email account; set one up first.',
      { extra: { field: request.accountId !== undefined ? 'accountId' : 'scenario' } },
    );
  }
  const regId = registrationIdOf(ctx.connectors, stored.settings);
  const reg = regId === undefined ? null : await registrations.find(company, regId);
  const account = toAccount(
    ctx.connectors,
    stored,
    pointer?.value.accountId ?? null,
    inheritedSecrets(ctx.connectors, stored.settings, reg),
  );
  if (account.needsCredentials) {
    throw new UnprocessableError(
      'NEEDS_CREDENTIALS',
      `The account "${account.name}" needs credentials before it can send.`,
      { extra: { accountId: account.id } },
    );
  }
  const secrets = await ctx.secrets.accountEnvelopes(company, account.id, stored.secretsSet);
  if (!reg) {
    return { account, secrets };
  }
  // The registration's credential goes sealed beside the account's; the dispatcher opens both.
  const merged = withRegistration(ctx.connectors, account, reg);
  return inheritsCredential(ctx.connectors, stored.settings, stored.secretsSet, reg)
    ? {
        ...merged,
        secrets,
        registration: { id: reg.id, secrets: await registrations.secrets(reg) },
      }
    : { ...merged, secrets };
}
