/**
 * OAuth scopes for Microsoft Graph and Exchange Online. The resource is the
 * origin of the configured Graph base URL, so sovereign clouds
 * (graph.microsoft.us, microsoftgraph.chinacloudapi.cn, …) get their own scopes.
 * @module
 */

/** The Graph resource (origin) of a base URL like `https://graph.microsoft.com/v1.0`. */
export function graphResource(graphBaseUrl: string): string {
  return new URL(graphBaseUrl).origin;
}

/** App-only scope: every application permission granted to the app. */
export function graphAppScope(graphBaseUrl: string): string {
  return `${graphResource(graphBaseUrl)}/.default`;
}

/**
 * Delegated scopes. Drafts (messages over 4 MB) need Mail.ReadWrite; a shared
 * mailbox as `from` needs Mail.Send.Shared; `offline_access` yields the refresh token.
 */
export function graphDelegatedScope(graphBaseUrl: string, sharedMailbox: boolean): string {
  const r = graphResource(graphBaseUrl);
  const perms = ['Mail.Send', 'Mail.ReadWrite', ...(sharedMailbox ? ['Mail.Send.Shared'] : [])];
  return [...perms.map((p) => `${r}/${p}`), 'offline_access', 'openid', 'profile'].join(' ');
}

/** Exchange Online scope for SMTP XOAUTH2 with client credentials. */
export const SMTP_APP_SCOPE = 'https://outlook.office365.com/.default';
/** Exchange Online scope for SMTP XOAUTH2 with a user's delegated token. */
export const SMTP_DELEGATED_SCOPE = 'https://outlook.office.com/SMTP.Send offline_access';
