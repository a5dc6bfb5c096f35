/**
 * A company's Microsoft Entra app registration for email: tenant, client id,
 * credential (secret or certificate), redirect URI and national cloud, set up
 * once and referred to by Microsoft 365, Current User and SMTP OAuth accounts
 * (an account may still override a value). Secrets are write-only.
 * @module
 */
import { z } from 'zod';
import { CertificatePem, NationalCloud, RedirectUri } from './accounts';
import { HeaderText, Id } from './common';

/** The endpoints of a Microsoft national cloud. */
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

/** Secret fields of an app registration. */
export const APP_SECRET_KEYS = ['clientSecret', 'clientCertificate'] as const;

/** Write-only secrets of an app registration. */
export const AppRegistrationSecrets = z
  .object({
    clientSecret: z.string().min(1).max(2048).optional(),
    clientCertificate: CertificatePem.optional(),
  })
  .strict();
export type AppRegistrationSecrets = z.infer<typeof AppRegistrationSecrets>;

const fields = {
  name: HeaderText(250),
  tenantId: z.string().min(1).max(128),
  clientId: z.string().min(1).max(128),
  cloud: NationalCloud.default('global'),
  /** Where sign-ins return for accounts of this registration (Current User); https, or http for localhost. */
  redirectUri: RedirectUri.optional(),
};

/** Create request. */
export const AppRegistrationCreate = z
  .object({ ...fields, secrets: AppRegistrationSecrets.optional() })
  .strict()
  .meta({
    id: 'AppRegistrationCreate',
    example: {
      name: 'Verzend email',
      tenantId: 'contoso.onmicrosoft.com',
      clientId: '00000000-0000-0000-0000-000000000001',
      cloud: 'global',
      redirectUri: 'https://verzend.contoso.example/oauth/callback',
      secrets: { clientSecret: '••••' },
    },
  });
export type AppRegistrationCreate = z.infer<typeof AppRegistrationCreate>;

/** Update request (partial). */
export const AppRegistrationUpdate = z
  .object({
    name: fields.name.optional(),
    tenantId: fields.tenantId.optional(),
    clientId: fields.clientId.optional(),
    cloud: NationalCloud.optional(),
    redirectUri: fields.redirectUri,
    secrets: AppRegistrationSecrets.optional(),
  })
  .strict()
  .meta({ id: 'AppRegistrationUpdate' });
export type AppRegistrationUpdate = z.infer<typeof AppRegistrationUpdate>;

/** A registration as the API returns it (no secrets). */
export const AppRegistration = z
  .object({
    id: Id,
    company: z.string(),
    ...fields,
    secretsSet: z.array(z.enum(APP_SECRET_KEYS)),
    /** Where a tenant administrator grants the app's permissions for the whole organisation. */
    adminConsentUrl: z.url(),
    version: z.number().int().nonnegative(),
    createdAt: z.string(),
    updatedAt: z.string(),
  })
  .meta({ id: 'AppRegistration' });
export type AppRegistration = z.infer<typeof AppRegistration>;

/**
 * The admin-consent URL of a registration: the tenant's administrator grants
 * every permission configured on the app (`/.default` of the cloud's Graph).
 */
export function adminConsentUrl(reg: {
  tenantId: string;
  clientId: string;
  cloud: NationalCloud;
  redirectUri?: string | undefined;
}): string {
  const cloud = CLOUDS[reg.cloud];
  const url = new URL(`${cloud.authority}/${encodeURIComponent(reg.tenantId)}/v2.0/adminconsent`);
  url.searchParams.set('client_id', reg.clientId);
  url.searchParams.set('scope', `${cloud.graphResource}/.default`);
  if (reg.redirectUri) {
    url.searchParams.set('redirect_uri', reg.redirectUri);
  }
  return url.toString();
}
