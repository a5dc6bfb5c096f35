/**
 * The key layout of the config and secrets buckets (documented in docs/config.md,
 * ADR-0004). Every key starts with the company id, so `<company>.>` is one
 * company's whole configuration and watching it refreshes a cache.
 *
 * Values that come from users (user ids, customer numbers) may contain any
 * character, so they are base64url-encoded into one key token.
 * @module
 */
import { assertToken } from '@verzend/shared';

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

/** Keys of the config bucket. */
export const ConfigKeys = {
  /** Everything of a company. */
  companyPrefix: (company: string) => `${c(company)}.`,
  company: (company: string) => `${c(company)}.company.record`,
  account: (company: string, id: string) => `${c(company)}.account.${t(id, 'account id')}`,
  accountPrefix: (company: string) => `${c(company)}.account.`,
  /** The default account = the assignment of the `default` scenario (as in Business Central). */
  scenario: (company: string, code: string) => `${c(company)}.scenario.${t(code, 'scenario')}`,
  scenarioPrefix: (company: string) => `${c(company)}.scenario.`,
  customScenario: (company: string, code: string) =>
    `${c(company)}.custom-scenario.${t(code, 'scenario')}`,
  customScenarioPrefix: (company: string) => `${c(company)}.custom-scenario.`,
  /** Claim that makes "at most one substituting SMTP account per company" race-free. */
  substitution: (company: string) => `${c(company)}.claim.substitution`,
  attachment: (company: string, scenario: string, id: string) =>
    `${c(company)}.attachment.${t(scenario, 'scenario')}.${t(id, 'attachment id')}`,
  attachmentPrefix: (company: string, scenario?: string) =>
    scenario === undefined
      ? `${c(company)}.attachment.`
      : `${c(company)}.attachment.${t(scenario, 'scenario')}.`,
  viewPolicy: (company: string, userId: string) => `${c(company)}.view-policy.${textToken(userId)}`,
  viewPolicyPrefix: (company: string) => `${c(company)}.view-policy.`,
  reportSelection: (company: string, usage: string, customerNo: string | null) =>
    `${c(company)}.report-selection.${t(usage, 'usage')}.${customerNo === null ? '_' : textToken(customerNo)}`,
  reportSelectionPrefix: (company: string) => `${c(company)}.report-selection.`,
  layout: (company: string, id: string) => `${c(company)}.layout.${t(id, 'layout id')}`,
  layoutPrefix: (company: string) => `${c(company)}.layout.`,
  sendingProfile: (company: string, code: string) =>
    `${c(company)}.sending-profile.${t(code, 'profile code')}`,
  sendingProfilePrefix: (company: string) => `${c(company)}.sending-profile.`,
  /** Pointer to the default sending profile (one key, so there is never more than one default). */
  defaultSendingProfile: (company: string) => `${c(company)}.claim.default-sending-profile`,
  paypal: (company: string) => `${c(company)}.payment.paypal`,
  /** The company's Microsoft Entra app registrations for email. */
  appRegistration: (company: string, id: string) =>
    `${c(company)}.app-registration.${t(id, 'app registration id')}`,
  appRegistrationPrefix: (company: string) => `${c(company)}.app-registration.`,
} as const;

/** Keys of the secrets bucket (values are always encrypted envelopes). */
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
  appRegistrationField: (company: string, id: string, field: string) =>
    `${c(company)}.app-registration.${t(id, 'app registration id')}.${t(field, 'secret field')}`,
  appRegistrationPrefix: (company: string, id: string) =>
    `${c(company)}.app-registration.${t(id, 'app registration id')}.`,
} as const;
