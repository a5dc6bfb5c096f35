/**
 * The account contracts, assembled from the connector registry: an account's
 * `settings` is whatever one of the registered connectors accepts. The
 * exports here are those of the built-in connectors (what the OpenAPI
 * documents show); {@link accountContracts} builds them for a registry with
 * more connectors. TypeScript knows the built-in settings; another
 * connector's settings are typed by its own definition.
 * @module
 */
import {
  AccountCreateFields,
  AccountFields,
  AccountSecretsInput,
  SealedAccountSecrets,
} from '@verzend/shared';
import { z } from 'zod';
import type { CaptureSettings } from './capture/definition';
import type { CurrentUserSettings } from './current-user/definition';
import type { Microsoft365Settings } from './microsoft365/definition';
import type { ConnectorRegistry } from './registry';
import type { SmtpSettings } from './smtp/definition';

/** Settings of the built-in connectors, discriminated by `connector`. */
export type ConnectorSettings =
  | SmtpSettings
  | Microsoft365Settings
  | CurrentUserSettings
  | CaptureSettings;

/** The built-in connector types (`settings.connector`). */
export type ConnectorType = ConnectorSettings['connector'];

function build(registry: ConnectorRegistry, ids: boolean) {
  const meta = <T extends z.ZodType>(schema: T, id: string): T =>
    ids ? schema.meta({ id }) : schema;
  const settings = registry.settingsSchema() as unknown as z.ZodType<ConnectorSettings>;
  const { id, company, name, emailAddress, ...rest } = AccountFields.shape;
  const account = meta(z.object({ id, company, name, emailAddress, settings, ...rest }), 'Account');
  const c = AccountCreateFields.shape;
  const create = z
    .object({
      name: c.name,
      emailAddress: c.emailAddress,
      settings,
      secrets: c.secrets,
      rateLimitPerMinute: c.rateLimitPerMinute,
      concurrencyLimit: c.concurrencyLimit,
      maxAttempts: c.maxAttempts,
      dailyRecipientQuota: c.dailyRecipientQuota,
    })
    .strict();
  const example = {
    name: 'Sales',
    emailAddress: 'sales@cronus.example',
    settings: {
      connector: 'smtp',
      host: 'smtp.cronus.example',
      port: 587,
      tls: 'starttls',
      auth: 'basic',
      userName: 'sales@cronus.example',
    },
    secrets: { password: '••••' },
  };
  const accountCreate = create.meta(ids ? { id: 'AccountCreate', example } : { example });
  return {
    ConnectorSettings: settings,
    Account: account,
    /** Create request. Limits default per connector. */
    AccountCreate: accountCreate,
    /** Update request (partial; `settings` replaces the whole settings object when given). */
    AccountUpdate: meta(accountCreate.partial().strict(), 'AccountUpdate'),
    /** An account with its secrets opened: what the dispatcher makes of config's sealed answer (ADR-0018). */
    ResolvedAccount: z.object({ account, secrets: AccountSecretsInput }),
    /** Config's answer to "which accounts has this company" (no secrets; default first). */
    AccountsResponse: z.object({ accounts: z.array(account) }),
    /** Config's answer to "which account, with which sealed secrets". */
    ResolveAccountResponse: z.object({
      account,
      secrets: SealedAccountSecrets,
      /** The credential of the account's app registration, sealed, when the account inherits it. */
      registration: z.object({ id: z.string(), secrets: SealedAccountSecrets }).optional(),
    }),
  };
}

/** The account contracts of a registry. */
export type AccountContracts = ReturnType<typeof build>;

let builtIn: { registry: ConnectorRegistry; contracts: AccountContracts } | undefined;

/**
 * The account contracts of a registry: the built-in registry's carry the
 * OpenAPI ids (`Account`, `AccountCreate`, `AccountUpdate`); another
 * registry's are the same shapes without ids (an id names one schema).
 */
export function accountContracts(registry: ConnectorRegistry): AccountContracts {
  if (builtIn?.registry === registry) {
    return builtIn.contracts;
  }
  return build(registry, false);
}

/** Registers the built-in registry's contracts (once, from `index.ts`). */
export function builtInAccountContracts(registry: ConnectorRegistry): AccountContracts {
  builtIn ??= { registry, contracts: build(registry, true) };
  return builtIn.contracts;
}

/** An account as the API returns it. */
export type Account = z.infer<AccountContracts['Account']>;
/** Create request. */
export type AccountCreate = z.infer<AccountContracts['AccountCreate']>;
/** Update request. */
export type AccountUpdate = z.infer<AccountContracts['AccountUpdate']>;
/** An account with its secrets opened. */
export type ResolvedAccount = z.infer<AccountContracts['ResolvedAccount']>;
/** Config's sealed answer. */
export type ResolveAccountResponse = z.infer<AccountContracts['ResolveAccountResponse']>;
