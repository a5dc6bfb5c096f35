/**
 * The key layout of the config bucket (documented in docs/config.md, ADR-0004;
 * the secrets bucket's keys are `SecretKeys` in the shared package). Every key
 * starts with the company id, so `<company>.>` is one company's whole
 * configuration and watching it refreshes a cache.
 *
 * Values that come from users (user ids, customer numbers) may contain any
 * character, so they are base64url-encoded into one key token (`textToken`).
 * @module
 */
import { assertToken, textToken } from '@verzend/shared';

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
  /** How long the company's emails, event records, captures and telemetry are kept. */
  retention: (company: string) => `${c(company)}.retention.settings`,
  /** The company's Microsoft Entra app registrations for email. */
  appRegistration: (company: string, id: string) =>
    `${c(company)}.app-registration.${t(id, 'app registration id')}`,
  appRegistrationPrefix: (company: string) => `${c(company)}.app-registration.`,
  /** A webhook endpoint (its signing secret is in the secrets bucket, ADR-0024). */
  webhook: (company: string, id: string) => `${c(company)}.webhook.${t(id, 'webhook endpoint id')}`,
  webhookPrefix: (company: string) => `${c(company)}.webhook.`,
} as const;
