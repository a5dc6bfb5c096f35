/**
 * Rules of an account that are not any connector's: which secrets a request
 * sets. The connector's own rules (defaults, cross-field checks, required
 * secrets, OAuth app) come from the connector registry (`@verzend/connectors`).
 * @module
 */
import type { SecretField } from '@verzend/connectors';
import { type AccountSecrets, SECRET_KEYS } from '@verzend/shared';

/** Names of the secret fields set in a request (for audit detail; never the values). */
export function secretNames(secrets: AccountSecrets | undefined): SecretField[] {
  return secrets ? SECRET_KEYS.filter((f) => secrets[f] !== undefined) : [];
}
