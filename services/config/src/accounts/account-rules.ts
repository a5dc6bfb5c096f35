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

/**
 * Checks what the schema cannot: SMTP basic auth needs a user name, OAuth needs
 * its settings, capture allowlist entries must be addresses or `@domain`s.
 * @throws {ValidationError} naming every offending field.
 */
export function checkSettings(settings: ConnectorSettings): void {
  const errors: FieldIssue[] = [];
  if (settings.connector === 'smtp') {
    if (settings.auth === 'basic' && !settings.userName) {
      errors.push({ path: 'settings.userName', message: 'is required for basic authentication' });
    }
    if (settings.auth === 'oauth2' && !settings.oauth) {
      errors.push({
        path: 'settings.oauth',
        message: 'is required for OAuth 2.0 authentication (tenantId, clientId)',
      });
    }
    if (settings.senderType === 'current-user' && settings.senderAddress) {
      errors.push({
        path: 'settings.senderAddress',
        message: 'must be empty when the sender is the current user',
      });
    }
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

/**
 * The secrets a connector cannot work without, as alternatives: the account
 * needs credentials unless every group has at least one field set.
 */
export function requiredSecrets(settings: ConnectorSettings): SecretField[][] {
  switch (settings.connector) {
    case 'smtp':
      if (settings.auth === 'basic') {
        return [['password']];
      }
      if (settings.auth === 'oauth2') {
        // Delegated SMTP OAuth uses each user's stored token set; client credentials need the app secret.
        return settings.oauth?.mode === 'delegated' ? [] : [['clientSecret', 'accessToken']];
      }
      return [];
    case 'microsoft365':
      return settings.mode === 'app-only' ? [['clientSecret']] : [['refreshToken']];
    case 'current-user':
      return [['clientSecret']];
    case 'capture':
      return [];
  }
}

/** True when a required secret is missing. */
export function missingCredentials(
  settings: ConnectorSettings,
  present: readonly SecretField[],
): boolean {
  const have = new Set(present);
  return requiredSecrets(settings).some((group) => !group.some((f) => have.has(f)));
}

/** Names of the secret fields set in a request (for audit detail; never the values). */
export function secretNames(secrets: AccountSecrets | undefined): SecretField[] {
  return secrets ? SECRET_KEYS.filter((f) => secrets[f] !== undefined) : [];
}

/** True when the settings make this account substitute the sender (Send As / Send on Behalf). */
export function substitutes(settings: ConnectorSettings): boolean {
  return settings.connector === 'smtp' && settings.senderSubstitution !== 'none';
}
