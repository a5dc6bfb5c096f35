/**
 * OAuth scopes and national clouds for Microsoft Graph and Exchange Online.
 * The Graph resource (the scope's prefix) is configuration of its own, not
 * derived from the Graph base URL: a proxy in front of Graph or a custom host
 * must not change what the token is asked for (AADSTS500011 otherwise).
 * @module
 */

export { CLOUDS, type CloudEndpoints } from '@verzend/shared';

/** The origin of a base URL like `https://graph.microsoft.com/v1.0` (a default resource for custom hosts). */
export function graphResource(graphBaseUrl: string): string {
  return new URL(graphBaseUrl).origin;
}

/** App-only scope on a Graph resource: every application permission granted to the app. */
export function graphAppScope(resource: string): string {
  return `${resource.replace(/\/+$/, '')}/.default`;
}

/**
 * Delegated scopes on a Graph resource. Drafts (messages over 4 MB) need
 * Mail.ReadWrite; a shared mailbox as `from` needs Mail.Send.Shared;
 * `offline_access` yields the refresh token, `openid profile` who signed in.
 */
export function graphDelegatedScope(resource: string, sharedMailbox: boolean): string {
  const r = resource.replace(/\/+$/, '');
  const perms = ['Mail.Send', 'Mail.ReadWrite', ...(sharedMailbox ? ['Mail.Send.Shared'] : [])];
  return [...perms.map((p) => `${r}/${p}`), 'offline_access', 'openid', 'profile'].join(' ');
}

/** Exchange Online scope for SMTP XOAUTH2 with client credentials. */
export const SMTP_APP_SCOPE = 'https://outlook.office365.com/.default';
/** Exchange Online scope for SMTP XOAUTH2 with a user's delegated token. */
export const SMTP_DELEGATED_SCOPE = 'https://outlook.office.com/SMTP.Send offline_access';
