/**
 * The SMTP connector's definition: settings, secrets, defaults, capabilities
 * and rules (no provider code).
 * @module
 */
import { EmailAddress, type FieldIssue, HeaderText, OAuthAppRef } from '@verzend/shared';
import { z } from 'zod';
import { appCredential, checkApp, defineConnector, fillApp } from '../definition';

/** Settings of an SMTP account. */
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
      ...OAuthAppRef,
      mode: z.enum(['client-credentials', 'delegated']).default('client-credentials'),
      scope: z.string().max(512).default('https://outlook.office365.com/.default'),
    })
    .optional(),
});
export type SmtpSettings = z.infer<typeof SmtpSettings>;

/** SMTP: any server, STARTTLS/TLS, anonymous, basic or XOAUTH2. */
export const smtpDefinition = defineConnector<SmtpSettings>({
  type: 'smtp',
  description: 'SMTP server (any provider), with STARTTLS/TLS and XOAUTH2.',
  settings: SmtpSettings,
  defaults: { rateLimitPerMinute: 0, dailyRecipientQuota: 0 },
  capabilities: {
    // Exchange Online advertises SIZE 157286400; our attachment cap is 100 MB plus bodies.
    maxMessageBytes: 150 * 1024 * 1024,
    maxRecipients: 500,
    inlineImages: true,
    delivers: true,
  },
  check(s) {
    const errors: FieldIssue[] = [];
    if (s.auth === 'basic' && !s.userName) {
      errors.push({ path: 'settings.userName', message: 'is required for basic authentication' });
    }
    if (s.auth === 'oauth2' && s.oauth) {
      errors.push(...checkApp(s.oauth, 'settings.oauth.'));
    }
    if (s.senderType === 'current-user' && s.senderAddress) {
      errors.push({
        path: 'settings.senderAddress',
        message: 'must be empty when the sender is the current user',
      });
    }
    return errors;
  },
  requiredSecrets(s) {
    if (s.auth === 'basic') {
      return [{ fields: ['password'], why: 'the SMTP password' }];
    }
    if (s.auth !== 'oauth2') {
      return [];
    }
    if (!s.oauth) {
      return [
        {
          fields: ['accessToken'],
          why: 'the static OAuth access token (or add settings.oauth to get tokens from a token endpoint)',
        },
      ];
    }
    return [
      appCredential(
        s.oauth.mode === 'delegated'
          ? "to redeem and refresh each user's sign-in"
          : 'client credentials grant',
      ),
    ];
  },
  app: {
    of: (s) => (s.auth === 'oauth2' ? s.oauth : undefined),
    path: 'settings.oauth.',
    fill: (s, reg) => (s.oauth ? { ...s, oauth: fillApp(s.oauth, reg) } : s),
  },
  substitutes: (s) => s.senderSubstitution !== 'none',
});
