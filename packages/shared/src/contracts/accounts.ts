/**
 * Email accounts: (connector, id) with connector-specific settings as a
 * discriminated union, per-account limits, and write-only secrets.
 * @module
 */
import { z } from 'zod';
import { EmailAddress, HeaderText, Id } from './common';

/**
 * An OAuth redirect URI: https, or http for a loopback host only (RFC 8252 §8.3);
 * `javascript:`, `data:` and the like are refused.
 */
export const RedirectUri = z
  .url()
  .max(2048)
  .refine(
    (u) => {
      const url = new URL(u);
      return (
        url.protocol === 'https:' ||
        (url.protocol === 'http:' &&
          ['localhost', '127.0.0.1', '[::1]'].includes(url.hostname.toLowerCase()))
      );
    },
    { message: 'must be an https URL (http only for localhost)' },
  )
  .meta({ example: 'https://verzend.contoso.example/oauth/callback' });

/** Connector types. A new provider is a new value and a new folder in the dispatcher. */
export const ConnectorType = z.enum(['microsoft365', 'current-user', 'smtp', 'capture']);
export type ConnectorType = z.infer<typeof ConnectorType>;

/** Default rate limits per minute (0 = unlimited), as Business Central's connectors declare. */
export const DEFAULT_RATE_LIMIT: Record<ConnectorType, number> = {
  microsoft365: 30,
  'current-user': 30,
  smtp: 0,
  capture: 0,
};

/** Default daily recipient quota (Exchange Online: 10,000 per mailbox per rolling 24 h; 0 = none). */
export const DEFAULT_DAILY_RECIPIENT_QUOTA: Record<ConnectorType, number> = {
  microsoft365: 10_000,
  'current-user': 10_000,
  smtp: 0,
  capture: 0,
};

/** Microsoft national clouds: identity authority and Graph resource differ per cloud. */
export const NationalCloud = z.enum(['global', 'us-government', 'china']);
export type NationalCloud = z.infer<typeof NationalCloud>;

/** Tenant and app of an OAuth account: its own, or the company's app registration's (the account's own win). */
const AppRef = {
  /** The company's app registration to sign in with (tenant, app, credential, cloud). */
  appRegistrationId: Id.optional(),
  tenantId: z.string().min(1).max(128).optional(),
  clientId: z.string().min(1).max(128).optional(),
  cloud: NationalCloud.optional(),
};

export const SmtpSettings = z.object({
  connector: z.literal('smtp'),
  host: z
    .string()
    .trim()
    .min(1)
    .max(253)
    .transform((h) => h.replace(/^https?:\/\//i, ''))
    .refine((h) => /^[A-Za-z0-9.-]+$|^\[[0-9a-fA-F:.]+\]$/.test(h), {
      message: 'is not a host name',
    })
    .meta({ example: 'smtp.office365.com' }),
  port: z.number().int().min(1).max(65_535).default(587),
  tls: z.enum(['none', 'starttls', 'tls']).default('starttls'),
  /** Verify the server certificate (on by default; off only for private test servers). */
  verifyCertificate: z.boolean().default(true),
  auth: z.enum(['anonymous', 'basic', 'oauth2']).default('basic'),
  userName: z.string().trim().max(250).optional(),
  senderType: z.enum(['specific-user', 'current-user']).default('specific-user'),
  senderName: HeaderText(250).optional(),
  senderAddress: EmailAddress.optional(),
  /** Send As: From = this account; Send on Behalf: From = user, Sender = this account. */
  senderSubstitution: z.enum(['none', 'send-as', 'send-on-behalf']).default('none'),
  /** OAuth 2.0 (XOAUTH2): token endpoint settings. Client secret is a write-only secret. */
  oauth: z
    .object({
      ...AppRef,
      mode: z.enum(['client-credentials', 'delegated']).default('client-credentials'),
      scope: z.string().max(512).default('https://outlook.office365.com/.default'),
    })
    .optional(),
});

export const Microsoft365Settings = z.object({
  connector: z.literal('microsoft365'),
  ...AppRef,
  sharedMailbox: EmailAddress,
  /** app-only: client credentials + /users/{mailbox}/sendMail; delegated: /me/sendMail with from = shared mailbox. */
  mode: z.enum(['app-only', 'delegated']).default('app-only'),
});

export const CurrentUserSettings = z.object({
  connector: z.literal('current-user'),
  ...AppRef,
  /** Where the sign-in returns: https, or http for localhost only. Default: the app registration's. */
  redirectUri: RedirectUri.optional(),
});

export const CaptureSettings = z.object({
  connector: z.literal('capture'),
  /** When set, only these addresses or `@domain`s may be captured-as-sent; others fail (test company guard). */
  allowlist: z.array(z.string().max(254)).max(1000).default([]),
});

/** Connector settings, discriminated by `connector`. */
export const ConnectorSettings = z.discriminatedUnion('connector', [
  SmtpSettings,
  Microsoft365Settings,
  CurrentUserSettings,
  CaptureSettings,
]);
export type ConnectorSettings = z.infer<typeof ConnectorSettings>;
export type SmtpSettings = z.infer<typeof SmtpSettings>;
export type Microsoft365Settings = z.infer<typeof Microsoft365Settings>;
export type CurrentUserSettings = z.infer<typeof CurrentUserSettings>;
export type CaptureSettings = z.infer<typeof CaptureSettings>;

/** A certificate credential: one PEM with the certificate and its private key. */
export const CertificatePem = z
  .string()
  .min(1)
  .max(16_384)
  .refine((pem) => /-----BEGIN CERTIFICATE-----/.test(pem) && /PRIVATE KEY-----/.test(pem), {
    message: 'must be one PEM with the certificate and its private key',
  });

/** Write-only secrets, per connector. Never returned, never logged, never stored in plain text. */
export const AccountSecretsInput = z
  .object({
    password: z.string().min(1).max(1024).optional(),
    clientSecret: z.string().min(1).max(2048).optional(),
    refreshToken: z.string().min(1).max(8192).optional(),
    /** A static OAuth access token (SMTP XOAUTH2 without a token endpoint). */
    accessToken: z.string().min(1).max(8192).optional(),
    /** A certificate credential: one PEM with the certificate and its private key (client assertion). */
    clientCertificate: CertificatePem.optional(),
  })
  .strict();
export type AccountSecrets = z.infer<typeof AccountSecretsInput>;

/** Names of secret fields. */
export const SECRET_KEYS = [
  'password',
  'clientSecret',
  'refreshToken',
  'accessToken',
  'clientCertificate',
] as const;

/** Limits every account has (BC table 8912 plus the Exchange daily quota). */
export const AccountLimits = z.object({
  /** Emails per minute across all replicas; 0 = unlimited. */
  rateLimitPerMinute: z.number().int().min(0).max(100_000),
  /** Emails in flight at once across all replicas. */
  concurrencyLimit: z.number().int().min(1).max(10).default(3),
  /** Attempts before an email fails for good. */
  maxAttempts: z.number().int().min(1).max(20).default(5),
  /** Recipients per rolling 24 h; 0 = no quota. */
  dailyRecipientQuota: z.number().int().min(0).max(1_000_000),
});

/** An account as the API returns it (no secrets; `secretsSet` says which are present). */
export const Account = z
  .object({
    id: Id,
    company: z.string(),
    name: HeaderText(250),
    emailAddress: EmailAddress,
    settings: ConnectorSettings,
    isDefault: z.boolean(),
    /** True when a secret the connector needs is missing (e.g. after copy company). */
    needsCredentials: z.boolean(),
    /** What exactly is missing, one entry per need, e.g. "clientSecret or clientCertificate (…)". */
    missingCredentials: z.array(z.string()).default([]),
    secretsSet: z.array(z.enum(SECRET_KEYS)),
    /** Bumped on every change; connectors key pooled transports by it. */
    version: z.number().int().nonnegative(),
    createdAt: z.string(),
    updatedAt: z.string(),
  })
  .extend(AccountLimits.shape)
  .meta({ id: 'Account' });
export type Account = z.infer<typeof Account>;

/** Create request. Limits default per connector. */
export const AccountCreate = z
  .object({
    name: HeaderText(250),
    emailAddress: EmailAddress,
    settings: ConnectorSettings,
    secrets: AccountSecretsInput.optional(),
    rateLimitPerMinute: AccountLimits.shape.rateLimitPerMinute.optional(),
    concurrencyLimit: AccountLimits.shape.concurrencyLimit.optional(),
    maxAttempts: AccountLimits.shape.maxAttempts.optional(),
    dailyRecipientQuota: AccountLimits.shape.dailyRecipientQuota.optional(),
  })
  .strict()
  .meta({
    id: 'AccountCreate',
    example: {
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
    },
  });
export type AccountCreate = z.infer<typeof AccountCreate>;

/** Update request (partial; `settings` replaces the whole settings object when given). */
export const AccountUpdate = AccountCreate.partial().strict().meta({ id: 'AccountUpdate' });
export type AccountUpdate = z.infer<typeof AccountUpdate>;

/** An account with its secrets opened: what the dispatcher makes of config's sealed answer (ADR-0018). */
export const ResolvedAccount = z.object({
  account: Account,
  secrets: AccountSecretsInput,
});
export type ResolvedAccount = z.infer<typeof ResolvedAccount>;
