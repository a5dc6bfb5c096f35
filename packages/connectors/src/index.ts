/**
 * `@verzend/connectors`: the connector registry and the connectors Verzend
 * ships, each a folder with its definition (settings schema, secrets,
 * defaults, capabilities, rules) and its runtime. Config validates accounts
 * with the registry; the dispatcher installs its runtimes from the same one.
 * @module
 */
import type * as A from './accounts';
import { builtInAccountContracts } from './accounts';
import { builtInConnectors } from './built-in';

export { type AccountContracts, accountContracts, type ConnectorType } from './accounts';
export { builtInConnectors } from './built-in';
export type { ConnectorCapabilities } from './capabilities';
export { CaptureConnector, CaptureSettings, capture, captureDefinition } from './capture';
export {
  type AccessTokenProvider,
  type Connector,
  type ConnectorDeps,
  type ConnectorPlugin,
  type OutgoingAttachment,
  type OutgoingMessage,
  ProviderRuntimeKey,
  providerRuntime,
  type SendContext,
  type SendingUser,
  type SendResult,
  type TokenOrigin,
  type XOAuth2Token,
} from './contract';
export {
  CurrentUserSettings,
  createCurrentUserConnector,
  currentUser,
  currentUserDefinition,
} from './current-user';
export {
  type AppBinding,
  type AppSettings,
  appCredential,
  type ConnectorDefinition,
  type CredentialNeed,
  checkApp,
  defineConnector,
  fillApp,
  type RegistrationDefaults,
  type SecretField,
  type SettingsBase,
} from './definition';
export * from './graph';
export {
  createMicrosoft365Connector,
  Microsoft365Settings,
  microsoft365,
  microsoft365Definition,
} from './microsoft365';
export { allRecipients, type SenderHeaders, toMailOptions } from './mime';
export * from './oauth';
export { ConnectorRegistry, InstalledConnectors } from './registry';
export {
  createSmtpTokenProvider,
  exchangeScope,
  type SmtpAccessTokenProvider,
  SmtpConnector,
  SmtpSettings,
  type SmtpTokenRequest,
  smtp,
  smtpDefinition,
  smtpDelegatedScope,
  staticAccessToken,
} from './smtp';

/** The built-in registry's account contracts (with their OpenAPI ids). */
const contracts = builtInAccountContracts(builtInConnectors);
/** Settings of every built-in connector, discriminated by `connector`. */
export const ConnectorSettings = contracts.ConnectorSettings;
/** An account as the API returns it (no secrets; `secretsSet` says which are present). */
export const Account = contracts.Account;
/** Create request. Limits default per connector. */
export const AccountCreate = contracts.AccountCreate;
/** Update request (partial; `settings` replaces the whole settings object when given). */
export const AccountUpdate = contracts.AccountUpdate;
/** An account with its secrets opened: what the dispatcher makes of config's sealed answer (ADR-0018). */
export const ResolvedAccount = contracts.ResolvedAccount;
/** Config's answer to "which account, with which sealed secrets" (ADR-0018). */
export const ResolveAccountResponse = contracts.ResolveAccountResponse;
export type ConnectorSettings = A.ConnectorSettings;
export type Account = A.Account;
export type AccountCreate = A.AccountCreate;
export type AccountUpdate = A.AccountUpdate;
export type ResolvedAccount = A.ResolvedAccount;
export type ResolveAccountResponse = A.ResolveAccountResponse;
