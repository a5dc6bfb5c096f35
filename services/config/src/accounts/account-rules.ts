/**
 * Rules of an account beyond its schema: defaults per connector, cross-field
 * checks with field-named errors, and which secrets a connector needs.
 * Pure functions: unit-tested beside this file.
 * @module
 */
import {
  type AccountSecrets,
  type ConnectorSettings,
  DEFAULT_DAILY_RECIPIENT_QUOTA,
  DEFAULT_RATE_LIMIT,
  type FieldIssue,
  isEmailAddress,
  SECRET_KEYS,
  ValidationError,
} from '@verzend/shared';

type SecretField = (typeof SECRET_KEYS)[number];

/** Limits of a new account when the request leaves them out (Business Central's defaults). */
export function defaultLimits(settings: ConnectorSettings) {
  return {
    rateLimitPerMinute: DEFAULT_RATE_LIMIT[settings.connector],
    concurrencyLimit: 3,
    maxAttempts: 5,
    dailyRecipientQuota: DEFAULT_DAILY_RECIPIENT_QUOTA[settings.connector],
  };
}

/** The OAuth app part of settings (own tenant/client, or the company's app registration). */
type AppSettings = {
  appRegistrationId?: string | undefined;
  tenantId?: string | undefined;
  clientId?: string | undefined;
};

/** The app settings of an account, when it signs in with OAuth through a token endpoint. */
export function appSettingsOf(settings: ConnectorSettings): AppSettings | undefined {
  switch (settings.connector) {
    case 'microsoft365':
    case 'current-user':
      return settings;
    case 'smtp':
      return settings.auth === 'oauth2' ? settings.oauth : undefined;
    case 'capture':
      return undefined;
  }
}

function checkApp(app: AppSettings, path: string, errors: FieldIssue[]): void {
  if (app.appRegistrationId) {
    return;
  }
  for (const field of ['tenantId', 'clientId'] as const) {
    if (!app[field]) {
      errors.push({
        path: `${path}${field}`,
        message:
          "is required unless the account refers to the company's app registration (appRegistrationId)",
      });
    }
  }
}

/**
 * Checks what the schema cannot: SMTP basic auth needs a user name, an OAuth
 * app needs a tenant and client id or an app registration, capture allowlist
 * entries must be addresses or `@domain`s.
 * @throws {ValidationError} naming every offending field.
 */
export function checkSettings(settings: ConnectorSettings): void {
  const errors: FieldIssue[] = [];
  if (settings.connector === 'smtp') {
    if (settings.auth === 'basic' && !settings.userName) {
      errors.push({ path: 'settings.userName', message: 'is required for basic authentication' });
    }
    if (settings.auth === 'oauth2' && settings.oauth) {
      checkApp(settings.oauth, 'settings.oauth.', errors);
    }
    if (settings.senderType === 'current-user' && settings.senderAddress) {
      errors.push({
        path: 'settings.senderAddress',
        message: 'must be empty when the sender is the current user',
      });
    }
  }
  if (settings.connector === 'microsoft365' || settings.connector === 'current-user') {
    checkApp(settings, 'settings.', errors);
  }
  if (settings.connector === 'capture') {
    settings.allowlist.forEach((entry, i) => {
      const domain = entry.startsWith('@') ? `x${entry}` : entry;
      if (!isEmailAddress(domain)) {
        errors.push({
          path: `settings.allowlist.${i}`,
          message: 'must be an email address or "@domain"',
        });
      }
    });
  }
  if (errors.length > 0) {
    const first = errors[0] as FieldIssue;
    throw new ValidationError(`The account is not valid (${first.path}: ${first.message}).`, {
      errors,
    });
  }
}

/** One credential a connector cannot work without: any of `fields`, and why. */
export interface CredentialNeed {
  fields: SecretField[];
  why: string;
}

const APP_CREDENTIAL = (what: string): CredentialNeed => ({
  fields: ['clientSecret', 'clientCertificate'],
  why: `the app's client secret or certificate (${what}), on the account or its app registration`,
});

/**
 * The credentials a connector cannot work without. Delegated modes need the
 * app's credential too (the code exchange and refresh of a confidential app);
 * each user's own sign-in is a connection, not an account secret.
 */
export function requiredSecrets(settings: ConnectorSettings): CredentialNeed[] {
  switch (settings.connector) {
    case 'smtp':
      if (settings.auth === 'basic') {
        return [{ fields: ['password'], why: 'the SMTP password' }];
      }
      if (settings.auth === 'oauth2') {
        if (!settings.oauth) {
          return [
            {
              fields: ['accessToken'],
              why: 'the static OAuth access token (or add settings.oauth to get tokens from a token endpoint)',
            },
          ];
        }
        return [
          APP_CREDENTIAL(
            settings.oauth.mode === 'delegated'
              ? "to redeem and refresh each user's sign-in"
              : 'client credentials grant',
          ),
        ];
      }
      return [];
    case 'microsoft365':
      return [
        APP_CREDENTIAL(
          settings.mode === 'app-only'
            ? 'client credentials grant'
            : "to redeem and refresh each user's sign-in; users connect with POST /v1/accounts/{id}/connect",
        ),
      ];
    case 'current-user':
      return [
        APP_CREDENTIAL(
          "to redeem and refresh each user's sign-in; users connect with POST /v1/accounts/{id}/connect",
        ),
      ];
    case 'capture':
      return [];
  }
}

/**
 * What is missing, one text per unmet need ("clientSecret or clientCertificate: …").
 * @param inherited secrets the account's app registration provides.
 */
export function missingCredentialList(
  settings: ConnectorSettings,
  present: readonly SecretField[],
  inherited: readonly SecretField[] = [],
): string[] {
  const have = new Set([...present, ...inherited]);
  return requiredSecrets(settings)
    .filter((need) => !need.fields.some((f) => have.has(f)))
    .map((need) => `${need.fields.join(' or ')}: ${need.why}`);
}

/** True when a required secret is missing. */
export function missingCredentials(
  settings: ConnectorSettings,
  present: readonly SecretField[],
  inherited: readonly SecretField[] = [],
): boolean {
  return missingCredentialList(settings, present, inherited).length > 0;
}

/** Names of the secret fields set in a request (for audit detail; never the values). */
export function secretNames(secrets: AccountSecrets | undefined): SecretField[] {
  return secrets ? SECRET_KEYS.filter((f) => secrets[f] !== undefined) : [];
}

/** True when the settings make this account substitute the sender (Send As / Send on Behalf). */
export function substitutes(settings: ConnectorSettings): boolean {
  return settings.connector === 'smtp' && settings.senderSubstitution !== 'none';
}
