/**
 * OAuth scopes and national clouds for Microsoft Graph and Exchange Online.
 * The Graph resource (the scope's prefix) is configuration of its own, not
 * derived from the Graph base URL: a proxy in front of Graph or a custom host
 * must not change what the token is asked for (AADSTS500011 otherwise).
 * @module
 */
import type { NationalCloud } from '@verzend/shared';

/** The endpoints of one Microsoft cloud. */
export interface CloudEndpoints {
  /** Graph API base, e.g. `https://graph.microsoft.com/v1.0`. */
  graphBaseUrl: string;
  /** The Graph resource scopes are built on, e.g. `https://graph.microsoft.com`. */
  graphResource: string;
  /** The identity platform authority, e.g. `https://login.microsoftonline.com`. */
  authority: string;
  /** The Exchange Online resource for SMTP XOAUTH2. */
  exchangeResource: string;
}

/** Microsoft's national clouds (global, US Government L4/L5, China operated by 21Vianet). */
export const CLOUDS: Record<NationalCloud, CloudEndpoints> = {
  global: {
    graphBaseUrl: 'https://graph.microsoft.com/v1.0',
    graphResource: 'https://graph.microsoft.com',
    authority: 'https://login.microsoftonline.com',
    exchangeResource: 'https://outlook.office365.com',
  },
  'us-government': {
    graphBaseUrl: 'https://graph.microsoft.us/v1.0',
    graphResource: 'https://graph.microsoft.us',
    authority: 'https://login.microsoftonline.us',
    exchangeResource: 'https://outlook.office365.us',
  },
  china: {
    graphBaseUrl: 'https://microsoftgraph.chinacloudapi.cn/v1.0',
    graphResource: 'https://microsoftgraph.chinacloudapi.cn',
    authority: 'https://login.chinacloudapi.cn',
    exchangeResource: 'https://partner.outlook.cn',
  },
};

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
