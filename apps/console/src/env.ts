/**
 * The console's environment: the only place that reads `process.env`.
 * @module
 */
import { baseEnv, envPort, parseEnv } from '@verzend/shared';
import { z } from 'zod';

const key32 = z
  .string()
  .refine((v) => Buffer.from(v, 'base64').length === 32, 'must be 32 bytes, base64-encoded');

export const zEnv = baseEnv
  .pick({
    NODE_ENV: true,
    LOG_LEVEL: true,
    HOST: true,
    SHUTDOWN_TIMEOUT_S: true,
    // The `iss` / `aud` of the tokens the console mints: the services' own AUTH_ISSUER and
    // AUTH_AUDIENCE, which they require of every token when NODE_ENV=production.
    AUTH_ISSUER: true,
    AUTH_AUDIENCE: true,
  })
  .extend({
    PORT: envPort(8084),
    /** The URL browsers use (sets the OIDC redirect URI and Secure cookies); default http://HOST:PORT. */
    CONSOLE_PUBLIC_URL: z.url().optional(),
    CONFIG_URL: z.url().default('http://127.0.0.1:8081'),
    DISPATCHER_URL: z.url().default('http://127.0.0.1:8083'),
    RENDERER_URL: z.url().default('http://127.0.0.1:8082'),
    /** HS256 secret the services verify; the console mints each user's API token with it, server-side. */
    AUTH_JWT_SECRET: z
      .string()
      .min(32, 'AUTH_JWT_SECRET must be at least 32 characters')
      .optional(),
    /**
     * Instead of the shared secret: a PEM private key (P-256 → ES256, RSA ≥ 2048 → RS256) the
     * console signs service tokens with; its public key is at `/.well-known/jwks.json` for the
     * services' `AUTH_JWKS_URL`. Wins over AUTH_JWT_SECRET.
     */
    CONSOLE_SIGNING_KEY: z.string().min(1).optional(),
    /** The `kid` of that key (default: its RFC 7638 thumbprint). */
    CONSOLE_SIGNING_KEY_ID: z.string().min(1).max(128).optional(),
    /** `iss` and `aud` of service tokens: the values the services' AUTH_ISSUER/AUTH_AUDIENCE require. */
    AUTH_ISSUER: z.string().min(1).optional(),
    AUTH_AUDIENCE: z.string().min(1).optional(),
    /** Encrypts the session cookie (AES-256-GCM); 32 bytes, base64. */
    CONSOLE_SESSION_KEY: key32,
    /** Session lifetime in seconds. */
    CONSOLE_SESSION_TTL_S: z.coerce
      .number()
      .int()
      .min(60)
      .max(7 * 24 * 3600)
      .default(8 * 3600),
    /** OpenID Connect issuer (discovery at `<issuer>/.well-known/openid-configuration`). */
    OIDC_ISSUER: z.url().optional(),
    OIDC_CLIENT_ID: z.string().min(1).optional(),
    /** Confidential client secret (omit for a public client: PKCE alone). */
    OIDC_CLIENT_SECRET: z.string().min(1).optional(),
    OIDC_SCOPES: z.string().default('openid profile email'),
    /** The id_token claim that names the user's company. */
    OIDC_COMPANY_CLAIM: z.string().min(1).default('company'),
    /**
     * Development only: a key that lets `/auth/dev?key=…` sign the demo administrator in with
     * one click. Refused when NODE_ENV=production.
     */
    CONSOLE_DEV_SIGNIN_KEY: z.string().min(32).optional(),
    /** The company the development sign-in uses. */
    CONSOLE_DEV_COMPANY: z
      .string()
      .regex(/^[A-Za-z0-9_-]{1,64}$/)
      .default('demo'),
  })
  .superRefine((env, ctx) => {
    if (env.NODE_ENV === 'production' && env.CONSOLE_DEV_SIGNIN_KEY) {
      ctx.addIssue({
        code: 'custom',
        path: ['CONSOLE_DEV_SIGNIN_KEY'],
        message: 'the development sign-in is refused when NODE_ENV=production',
      });
    }
    if (!env.AUTH_JWT_SECRET && !env.CONSOLE_SIGNING_KEY) {
      ctx.addIssue({
        code: 'custom',
        path: ['CONSOLE_SIGNING_KEY'],
        message: 'set CONSOLE_SIGNING_KEY (or AUTH_JWT_SECRET) to sign the service tokens',
      });
    }
    for (const name of ['AUTH_ISSUER', 'AUTH_AUDIENCE'] as const) {
      if (env.NODE_ENV === 'production' && !env[name]) {
        ctx.addIssue({
          code: 'custom',
          path: [name],
          message: "required when NODE_ENV=production (the services' own value)",
        });
      }
    }
    if (env.OIDC_ISSUER && !env.OIDC_CLIENT_ID) {
      ctx.addIssue({
        code: 'custom',
        path: ['OIDC_CLIENT_ID'],
        message: 'is required with OIDC_ISSUER',
      });
    }
  });
export type Env = z.infer<typeof zEnv>;

/** Parses the environment (throws BadEnvironmentError listing every invalid variable). */
export function readEnv(source: Record<string, string | undefined> = process.env): Env {
  return parseEnv(zEnv, source);
}
