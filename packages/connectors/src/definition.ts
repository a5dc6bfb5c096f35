/**
 * What a connector contributes to the registry besides its runtime: its
 * settings schema, the secrets it needs, its default limits, its capabilities
 * and the rules its settings must follow. Config validates accounts with it;
 * the dispatcher reads the same definition. Pure data and pure functions: no
 * provider code, no I/O.
 * @module
 */
import type { FieldIssue, SECRET_KEYS } from '@verzend/shared';
import type { z } from 'zod';
import type { ConnectorCapabilities } from './capabilities';

/** A secret field an account can hold (the secret store's fixed vocabulary, ADR-0018). */
export type SecretField = (typeof SECRET_KEYS)[number];

/** One credential a connector cannot work without: any of `fields`, and why. */
export interface CredentialNeed {
  fields: SecretField[];
  why: string;
}

/** The OAuth app part of settings (own tenant/client, or the company's app registration). */
export interface AppSettings {
  appRegistrationId?: string | undefined;
  tenantId?: string | undefined;
  clientId?: string | undefined;
  cloud?: string | undefined;
}

/** What an app registration lends an account that names it (where the account has none of its own). */
export interface RegistrationDefaults {
  tenantId: string;
  clientId: string;
  cloud: string;
  redirectUri?: string | undefined;
}

/** Where a connector's settings keep their OAuth app. */
export interface AppBinding<S> {
  /** The app part of the settings, when these settings sign in through a token endpoint. */
  of(settings: S): AppSettings | undefined;
  /** The field path of that part, for error messages (`settings.` or `settings.oauth.`). */
  path: string;
  /** The settings with the registration's values where the account has none. */
  fill(settings: S, registration: RegistrationDefaults): S;
}

/** Fills tenant, client id and cloud of an app part from a registration. */
export function fillApp<T extends AppSettings>(app: T, reg: RegistrationDefaults): T {
  return {
    ...app,
    tenantId: app.tenantId ?? reg.tenantId,
    clientId: app.clientId ?? reg.clientId,
    cloud: app.cloud ?? reg.cloud,
  };
}

/** Settings of some connector: an object named by its `connector`. */
export interface SettingsBase {
  connector: string;
}

/** A connector's definition. `S` is the type of its settings. */
export interface ConnectorDefinition<S extends SettingsBase = SettingsBase> {
  /** The value of `settings.connector` (lower-case, e.g. `smtp`). */
  readonly type: S['connector'];
  /** One line for administrators. */
  readonly description: string;
  /** The settings schema: a zod object whose `connector` is the literal {@link type}. */
  readonly settings: z.ZodType<S, unknown> & z.ZodObject;
  /** Default limits of a new account (0 = unlimited / no quota). */
  readonly defaults: { rateLimitPerMinute: number; dailyRecipientQuota: number };
  /** What the provider accepts; the outbox checks every email against it before queueing. */
  readonly capabilities: ConnectorCapabilities;
  /** Cross-field rules the schema cannot say, as field-named issues (paths start with `settings.`). */
  check?(settings: S): FieldIssue[];
  /** The credentials it cannot work without (none when absent). */
  requiredSecrets?(settings: S): CredentialNeed[];
  /** How it signs in with an OAuth app through a token endpoint, when it does. */
  readonly app?: AppBinding<S>;
  /** True when the account substitutes the sender (Send As / Send on Behalf). */
  substitutes?(settings: S): boolean;
}

/** Defines a connector (keeps the settings type of the schema). */
export function defineConnector<S extends SettingsBase>(
  definition: ConnectorDefinition<S>,
): ConnectorDefinition<S> {
  return definition;
}

/** The pieces of an app reference every OAuth check needs: tenant and client id, or an app registration. */
export function checkApp(app: AppSettings, path: string): FieldIssue[] {
  if (app.appRegistrationId) {
    return [];
  }
  return (['tenantId', 'clientId'] as const)
    .filter((field) => !app[field])
    .map((field) => ({
      path: `${path}${field}`,
      message:
        "is required unless the account refers to the company's app registration (appRegistrationId)",
    }));
}

/** The app credential an OAuth connector needs: a client secret or a certificate. */
export const appCredential = (what: string): CredentialNeed => ({
  fields: ['clientSecret', 'clientCertificate'],
  why: `the app's client secret or certificate (${what}), on the account or its app registration`,
});
