/**
 * The app an account signs in as: tenant, client id and its credential — a
 * certificate (client assertion) when the account has one, else the client
 * secret. Config resolves a company's app registration into the account's
 * settings and secrets before the dispatcher sees them (an account's own
 * values win), so this reads one place only.
 * @module
 */
import { type AccountSecrets, DeliveryError } from '@verzend/shared';
import type { ClientIdentity } from './token-client';

/**
 * The client identity of an account's settings (`tenantId`/`clientId`) and secrets.
 * @throws {DeliveryError} NEEDS_CREDENTIALS (permanent) when no tenant or client id is set (no registration either).
 */
export function appIdentity(
  settings: { tenantId?: string | undefined; clientId?: string | undefined },
  secrets: AccountSecrets,
): ClientIdentity {
  if (!settings.tenantId || !settings.clientId) {
    throw new DeliveryError(
      'NEEDS_CREDENTIALS',
      "The account has no tenant or client id: set them on the account or refer to the company's app registration.",
      { retry: false },
    );
  }
  return {
    tenantId: settings.tenantId,
    clientId: settings.clientId,
    clientSecret: secrets.clientSecret,
    certificate: secrets.clientCertificate,
  };
}
