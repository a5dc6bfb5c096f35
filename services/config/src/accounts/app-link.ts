/**
 * How an account uses the company's app registration: which one it names,
 * which secrets it inherits (only while it signs in as the registration's app),
 * and the settings and secrets the dispatcher gets — the registration's values
 * where the account sets none of its own.
 * @module
 */
import {
  type Account,
  type ConnectorSettings,
  type SECRET_KEYS,
  ValidationError,
} from '@verzend/shared';
import type {
  AppRegistrations,
  StoredAppRegistration,
} from '../app-registrations/app-registrations';
import { appSettingsOf } from './account-rules';

type SecretField = (typeof SECRET_KEYS)[number];

/** The app registration an account refers to, if any. */
export function registrationIdOf(settings: ConnectorSettings): string | undefined {
  return appSettingsOf(settings)?.appRegistrationId;
}

/**
 * Checks that a referred registration exists in the company.
 * @throws {ValidationError} naming the field.
 */
export async function checkRegistration(
  settings: ConnectorSettings,
  find: (id: string) => Promise<StoredAppRegistration | null>,
): Promise<void> {
  const id = registrationIdOf(settings);
  if (id !== undefined && (await find(id)) === null) {
    const path =
      settings.connector === 'smtp'
        ? 'settings.oauth.appRegistrationId'
        : 'settings.appRegistrationId';
    throw new ValidationError(
      `The account refers to app registration ${id}, which does not exist.`,
      {
        errors: [{ path, message: 'no such app registration in this company' }],
      },
    );
  }
}

/** True when the account signs in as the registration's app (no other client id of its own). */
function usesRegistrationApp(settings: ConnectorSettings, reg: StoredAppRegistration): boolean {
  const own = appSettingsOf(settings)?.clientId;
  return own === undefined || own === reg.clientId;
}

/** The secrets an account gets from its registration (none when it overrides the app). */
export function inheritedSecrets(
  settings: ConnectorSettings,
  reg: StoredAppRegistration | null | undefined,
): SecretField[] {
  return reg && usesRegistrationApp(settings, reg) ? [...reg.secretsSet] : [];
}

/**
 * The account as the dispatcher sees it: tenant, client id, cloud (and a Current
 * User account's redirect URI) from the registration where the account has none.
 */
export function withRegistration(
  account: Account,
  reg: StoredAppRegistration,
): { account: Account } {
  const fill = <T extends { tenantId?: string; clientId?: string; cloud?: string }>(app: T): T => ({
    ...app,
    tenantId: app.tenantId ?? reg.tenantId,
    clientId: app.clientId ?? reg.clientId,
    cloud: app.cloud ?? reg.cloud,
  });
  const s = account.settings;
  const settings: ConnectorSettings =
    s.connector === 'smtp' && s.oauth
      ? { ...s, oauth: fill(s.oauth) }
      : s.connector === 'current-user'
        ? { ...fill(s), redirectUri: s.redirectUri ?? reg.redirectUri }
        : s.connector === 'microsoft365'
          ? fill(s)
          : s;
  return { account: { ...account, settings } };
}

/**
 * True when the account uses the registration's credential: it signs in as the
 * registration's app and has no credential (secret or certificate) of its own.
 */
export function inheritsCredential(
  settings: ConnectorSettings,
  present: readonly SecretField[],
  reg: StoredAppRegistration,
): boolean {
  return (
    usesRegistrationApp(settings, reg) &&
    !present.includes('clientSecret') &&
    !present.includes('clientCertificate')
  );
}

/** What each account of a company inherits from its registration (one read of the registrations). */
export async function inheritedLookup(
  registrations: AppRegistrations,
  company: string,
): Promise<(account: { settings: ConnectorSettings }) => SecretField[]> {
  const regs = new Map((await registrations.list(company)).map((r) => [r.id, r]));
  return (account) => {
    const id = registrationIdOf(account.settings);
    return inheritedSecrets(account.settings, id === undefined ? undefined : regs.get(id));
  };
}
