/**
 * Bearer-token authentication. One machine: HS256 with a shared secret.
 * Production: RS256/ES256 verified against a JWKS URL. The verified claims
 * become a {@link Principal}; the company always comes from the token, never
 * from the request.
 * @module
 */
import type { MiddlewareHandler } from 'hono';
import { createRemoteJWKSet, type JWTPayload, jwtVerify, SignJWT } from 'jose';
import { z } from 'zod';
import { ForbiddenError, UnauthorizedError } from './errors';

/** Permission sets, as in Business Central: Email - Read / Edit / Admin. */
export const Permissions = ['email-read', 'email-edit', 'email-admin'] as const;
export type Permission = (typeof Permissions)[number];

/** Licence types. Delegated admins and external accountants cannot use the Graph connectors. */
export const LicenceTypes = [
  'full',
  'limited',
  'team-member',
  'delegated-admin',
  'external-accountant',
] as const;
export type LicenceType = (typeof LicenceTypes)[number];

/** The claims Verzend reads from a token. */
export const TokenClaims = z.object({
  sub: z.string().min(1).max(128),
  company: z.string().regex(/^[A-Za-z0-9_-]{1,64}$/),
  perms: z.array(z.enum(Permissions)).default([]),
  licence: z.enum(LicenceTypes).default('full'),
  email: z.email().optional(),
  name: z.string().max(250).optional(),
  /** Record types the user may read (for view policies); `*` = all. */
  records: z.array(z.string().max(64)).default([]),
});
export type TokenClaims = z.infer<typeof TokenClaims>;

/** The authenticated caller. */
export interface Principal {
  userId: string;
  company: string;
  permissions: ReadonlySet<Permission>;
  licence: LicenceType;
  email: string | undefined;
  name: string | undefined;
  /** Record types readable by this user; contains `*` for all. */
  readableRecordTypes: ReadonlySet<string>;
}

/** Builds a {@link Principal} from verified claims. email-admin implies edit and read; edit implies read. */
export function principalFromClaims(claims: TokenClaims): Principal {
  const perms = new Set<Permission>(claims.perms);
  if (perms.has('email-admin')) {
    perms.add('email-edit');
  }
  if (perms.has('email-edit')) {
    perms.add('email-read');
  }
  return {
    userId: claims.sub,
    company: claims.company,
    permissions: perms,
    licence: claims.licence,
    email: claims.email,
    name: claims.name,
    readableRecordTypes: new Set(claims.records),
  };
}

/** Verifies a compact JWT and returns the principal. */
export type TokenVerifier = (token: string) => Promise<Principal>;

/** Default cap on a token's lifetime (`exp` − `iat`): one day. */
export const DEFAULT_MAX_TOKEN_LIFETIME_S = 86_400;

/** Options for {@link createVerifier}: exactly one of `secret` or `jwksUrl`. */
export interface VerifierOptions {
  secret?: string | undefined;
  jwksUrl?: string | undefined;
  issuer?: string | undefined;
  audience?: string | undefined;
  /** Longest accepted lifetime, `exp` − `iat` (or − now without `iat`); default one day. */
  maxLifetimeS?: number | undefined;
  /** Refuse to start without `issuer` and `audience` (production). */
  requireIssuerAndAudience?: boolean | undefined;
}

/**
 * Creates a token verifier (HS256 secret or JWKS URL with RS256/ES256). Every
 * token needs `exp`, and a lifetime of at most `maxLifetimeS`.
 * @throws {Error} when `requireIssuerAndAudience` is set and either is missing.
 */
export function createVerifier(opts: VerifierOptions): TokenVerifier {
  if (opts.requireIssuerAndAudience && !(opts.issuer && opts.audience)) {
    throw new Error('AUTH_ISSUER and AUTH_AUDIENCE are required in production');
  }
  const maxLifetimeS = opts.maxLifetimeS ?? DEFAULT_MAX_TOKEN_LIFETIME_S;
  const verifyOptions = {
    requiredClaims: ['exp'],
    ...(opts.issuer ? { issuer: opts.issuer } : {}),
    ...(opts.audience ? { audience: opts.audience } : {}),
  };
  let verify: (token: string) => Promise<JWTPayload>;
  if (opts.jwksUrl) {
    const jwks = createRemoteJWKSet(new URL(opts.jwksUrl));
    verify = async (token) =>
      (await jwtVerify(token, jwks, { ...verifyOptions, algorithms: ['RS256', 'ES256'] })).payload;
  } else if (opts.secret) {
    const key = new TextEncoder().encode(opts.secret);
    verify = async (token) =>
      (await jwtVerify(token, key, { ...verifyOptions, algorithms: ['HS256'] })).payload;
  } else {
    throw new Error('createVerifier needs AUTH_JWT_SECRET or AUTH_JWKS_URL');
  }
  return async (token) => {
    let payload: JWTPayload;
    try {
      payload = await verify(token);
    } catch (cause) {
      throw new UnauthorizedError('The bearer token is invalid or expired.', { cause });
    }
    // jwtVerify has checked that exp is present and in the future.
    const issuedAt = typeof payload.iat === 'number' ? payload.iat : Date.now() / 1000;
    if ((payload.exp as number) - issuedAt > maxLifetimeS) {
      throw new UnauthorizedError(
        `The bearer token lives longer than the ${maxLifetimeS} s allowed; ask for a shorter-lived one.`,
      );
    }
    const claims = TokenClaims.safeParse(payload);
    if (!claims.success) {
      throw new UnauthorizedError(
        `The bearer token lacks required claims (${claims.error.issues.map((i) => i.path.join('.')).join(', ')}).`,
      );
    }
    return principalFromClaims(claims.data);
  };
}

/** Signs an HS256 token (dev tokens, tests), with `iss`/`aud` when given. */
export async function signToken(
  secret: string,
  claims: z.input<typeof TokenClaims>,
  ttl = '12h',
  opts: { issuer?: string | undefined; audience?: string | undefined } = {},
): Promise<string> {
  const { sub, ...rest } = claims;
  const jwt = new SignJWT(rest)
    .setProtectedHeader({ alg: 'HS256' })
    .setSubject(sub)
    .setIssuedAt()
    .setExpirationTime(ttl);
  if (opts.issuer) {
    jwt.setIssuer(opts.issuer);
  }
  if (opts.audience) {
    jwt.setAudience(opts.audience);
  }
  return jwt.sign(new TextEncoder().encode(secret));
}

/** Hono variables set by {@link authenticate}. */
export interface AuthVariables {
  auth: Principal;
}

/** Middleware: requires `Authorization: Bearer <jwt>` and sets `c.get('auth')`. */
export function authenticate(
  verify: TokenVerifier,
): MiddlewareHandler<{ Variables: AuthVariables }> {
  return async function authenticate(c, next) {
    const header = c.req.header('authorization');
    const match = header ? /^Bearer\s+(\S+)$/i.exec(header) : null;
    if (!match?.[1]) {
      throw new UnauthorizedError();
    }
    c.set('auth', await verify(match[1]));
    await next();
  };
}

/** Throws 403 unless the principal has the permission set. */
export function requirePermission(principal: Principal, permission: Permission): void {
  if (!principal.permissions.has(permission)) {
    const what =
      permission === 'email-admin'
        ? 'set up email'
        : permission === 'email-edit'
          ? 'send or change emails'
          : 'read emails';
    throw new ForbiddenError(
      `Your user account does not give you permission to ${what} (needs ${permission}).`,
    );
  }
}
