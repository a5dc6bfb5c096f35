/**
 * How an account uses the company's app registration: which one it names,
 * which secrets it inherits (only while it signs in as the registration's app),
 * and the settings and secrets the dispatcher gets — the registration's values
 * where the account sets none of its own.
 * @module
 */
import type { Account, ConnectorRegistry, SettingsBase } from '@verzend/connectors';
import { type SECRET_KEYS, ValidationError } from '@verzend/shared';
import type {
  AppRegistrations,
  StoredAppRegistration,
} from '../app-registrations/app-registrations';

type SecretField = (typeof SECRET_KEYS)[number];

/** The app registration an account refers to, if any. */
export function registrationIdOf(
  connectors: ConnectorRegistry,
  settings: SettingsBase,
): string | undefined {
  return connectors.appSettingsOf(settings)?.appRegistrationId;
}

/**
 * Checks that a referred registration exists in the company.
 * @throws {ValidationError} naming the field.
 */
export async function checkRegistration(
  connectors: ConnectorRegistry,
  settings: SettingsBase,
  find: (id: string) => Promise<StoredAppRegistration | null>,
): Promise<void> {
  const id = registrationIdOf(connectors, settings);
  if (id !== undefined && (await find(id)) === null) {
    const path = `${connectors.appPath(settings)}appRegistrationId`;
    throw new ValidationError(
      `The account refers to app registration ${id}, which does not exist.`,
      {
        errors: [{ path, message: 'no such app registration in this company' }],
      },
    );
  }
}

/** True when the account signs in as the registration's app (no other client id of its own). */
function usesRegistrationApp(
  connectors: ConnectorRegistry,
  settings: SettingsBase,
  reg: StoredAppRegistration,
): boolean {
  const own = connectors.appSettingsOf(settings)?.clientId;
  return own === undefined || own === reg.clientId;
}

/** The secrets an account gets from its registration (none when it overrides the app). */
export function inheritedSecrets(
  connectors: ConnectorRegistry,
  settings: SettingsBase,
  reg: StoredAppRegistration | null | undefined,
): SecretField[] {
  return reg && usesRegistrationApp(connectors, settings, reg) ? [...reg.secretsSet] : [];
}

/**
 * The account as the dispatcher sees it: tenant, client id, cloud (and a Current
 * User account's redirect URI) from the registration where the account has none.
 */
export function withRegistration(
  connectors: ConnectorRegistry,
  account: Account,
  reg: StoredAppRegistration,
): { account: Account } {
  return { account: { ...account, settings: connectors.withRegistration(account.settings, reg) } };
}

/**
 * True when the account uses the registration's credential: it signs in as the
 * registration's app and has no credential (secret or certificate) of its own.
 */
export function inheritsCredential(
  connectors: ConnectorRegistry,
  settings: SettingsBase,
  present: readonly SecretField[],
  reg: StoredAppRegistration,
): boolean {
  return (
    usesRegistrationApp(connectors, settings, reg) &&
    !present.includes('clientSecret') &&
    !present.includes('clientCertificate')
  );
}

/** What each account of a company inherits from its registration (one read of the registrations). */
export async function inheritedLookup(
  connectors: ConnectorRegistry,
  registrations: AppRegistrations,
  company: string,
): Promise<(account: { settings: SettingsBase }) => SecretField[]> {
  const regs = new Map((await registrations.list(company)).map((r) => [r.id, r]));
  return (account) => {
    const id = registrationIdOf(connectors, account.settings);
    return inheritedSecrets(
      connectors,
      account.settings,
      id === undefined ? undefined : regs.get(id),
    );
  };
}
