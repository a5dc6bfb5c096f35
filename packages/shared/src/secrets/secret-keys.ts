/**
 * Where each secret lives in the secrets bucket. The key is also the additional
 * authenticated data of the secret's envelope (ADR-0003), so the service that
 * encrypts (config, the dispatcher for user tokens) and the one that decrypts
 * (the dispatcher, ADR-0018) must spell it the same way: here.
 * @module
 */
import { assertToken } from '../subjects';

/** Encodes free text as one KV key token (`_` for the empty string). */
export function textToken(value: string): string {
  return value === '' ? '_' : `b${Buffer.from(value, 'utf8').toString('base64url')}`;
}

/** Decodes {@link textToken}. */
export function tokenText(token: string): string {
  return token === '_' ? '' : Buffer.from(token.slice(1), 'base64url').toString('utf8');
}

const c = (company: string) => assertToken(company, 'company');
const t = (value: string, what: string) => assertToken(value, what);

/** Keys of the secrets bucket: `<company>.account.<id>.<field>` and `<company>.user-token.<id>.<user>`. */
export const SecretKeys = {
  companyPrefix: (company: string) => `${c(company)}.`,
  accountField: (company: string, accountId: string, field: string) =>
    `${c(company)}.account.${t(accountId, 'account id')}.${t(field, 'secret field')}`,
  accountPrefix: (company: string, accountId: string) =>
    `${c(company)}.account.${t(accountId, 'account id')}.`,
  userToken: (company: string, accountId: string, userId: string) =>
    `${c(company)}.user-token.${t(accountId, 'account id')}.${textToken(userId)}`,
  userTokenPrefix: (company: string, accountId: string) =>
    `${c(company)}.user-token.${t(accountId, 'account id')}.`,
  /** A secret field of a company's app registration (the dispatcher opens it for accounts using it). */
  appRegistrationField: (company: string, id: string, field: string) =>
    `${c(company)}.app-registration.${t(id, 'app registration id')}.${t(field, 'secret field')}`,
  appRegistrationPrefix: (company: string, id: string) =>
    `${c(company)}.app-registration.${t(id, 'app registration id')}.`,
  /** The signing secret of a company's webhook endpoint (ADR-0024). */
  webhookSecret: (company: string, endpointId: string) =>
    `${c(company)}.webhook.${t(endpointId, 'webhook endpoint id')}.secret`,
} as const;
