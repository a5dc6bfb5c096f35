/**
 * What every email account has whatever its connector: limits, write-only
 * secrets, the OAuth app reference and the fields around `settings`. The
 * settings themselves, and the assembled `Account` contracts, come from the
 * connector registry (`@verzend/connectors`).
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

/** Microsoft national clouds: identity authority and Graph resource differ per cloud. */
export const NationalCloud = z.enum(['global', 'us-government', 'china']);
export type NationalCloud = z.infer<typeof NationalCloud>;

/**
 * Tenant and app of an OAuth account: its own, or the company's app
 * registration's (the account's own win). Connectors that sign in with OAuth
 * spread it into their settings.
 */
export const OAuthAppRef = {
  /** The company's app registration to sign in with (tenant, app, credential, cloud). */
  appRegistrationId: Id.optional(),
  tenantId: z.string().min(1).max(128).optional(),
  clientId: z.string().min(1).max(128).optional(),
  cloud: NationalCloud.optional(),
};

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

/**
 * The fields of an account as the API returns it, except `settings`, which
 * the connector registry (`@verzend/connectors`) adds: each connector brings
 * its own settings schema.
 */
export const AccountFields = z
  .object({
    id: Id,
    company: z.string(),
    name: HeaderText(250),
    emailAddress: EmailAddress,
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
  .extend(AccountLimits.shape);

/** The fields of a create request except `settings` (limits default per connector). */
export const AccountCreateFields = z.object({
  name: HeaderText(250),
  emailAddress: EmailAddress,
  secrets: AccountSecretsInput.optional(),
  rateLimitPerMinute: AccountLimits.shape.rateLimitPerMinute.optional(),
  concurrencyLimit: AccountLimits.shape.concurrencyLimit.optional(),
  maxAttempts: AccountLimits.shape.maxAttempts.optional(),
  dailyRecipientQuota: AccountLimits.shape.dailyRecipientQuota.optional(),
});
