/**
 * OpenID Connect sign-in: authorization code with PKCE (S256), a state and a
 * nonce, the id_token verified against the provider's JWKS (issuer, audience,
 * expiry, nonce). Its claims become the user's API claims.
 * @module
 */
import { createHash, randomBytes } from 'node:crypto';
import { Permissions, TokenClaims, UnauthorizedError } from '@verzend/shared';
import { createRemoteJWKSet, type JWTPayload, jwtVerify } from 'jose';
import { z } from 'zod';
import type { Session } from '../session/session';

/** Where and how to sign in. */
export interface OidcConfig {
  issuer: string;
  clientId: string;
  clientSecret?: string | undefined;
  scopes: string;
  /** The callback URL (known once the server listens). */
  redirectUri: () => string;
  /** The id_token claim naming the company. */
  companyClaim: string;
}

/** What the console keeps (sealed, in a cookie) between the redirect and the callback. */
export interface PendingSignIn {
  state: string;
  nonce: string;
  verifier: string;
  returnTo: string;
}

const Discovery = z.object({
  issuer: z.string(),
  authorization_endpoint: z.url(),
  token_endpoint: z.url(),
  jwks_uri: z.url(),
});

const TokenReply = z.object({ id_token: z.string().min(1) });

const random = () => randomBytes(32).toString('base64url');

/** An OpenID Connect relying party for one provider. */
export class OidcClient {
  readonly #cfg: OidcConfig;
  #discovery: Promise<z.infer<typeof Discovery>> | undefined;
  #jwks: ReturnType<typeof createRemoteJWKSet> | undefined;

  constructor(cfg: OidcConfig) {
    this.#cfg = cfg;
  }

  #discover() {
    this.#discovery ??= (async () => {
      const url = `${this.#cfg.issuer.replace(/\/$/, '')}/.well-known/openid-configuration`;
      const res = await fetch(url);
      if (!res.ok) {
        throw new Error(`OIDC discovery at ${url} answered ${res.status}`);
      }
      return Discovery.parse(await res.json());
    })();
    this.#discovery.catch(() => {
      this.#discovery = undefined;
    });
    return this.#discovery;
  }

  /** Starts a sign-in: the authorize URL and what to keep for the callback. */
  async begin(returnTo: string): Promise<{ url: string; pending: PendingSignIn }> {
    const meta = await this.#discover();
    const pending = { state: random(), nonce: random(), verifier: random(), returnTo };
    const url = new URL(meta.authorization_endpoint);
    url.search = new URLSearchParams({
      client_id: this.#cfg.clientId,
      response_type: 'code',
      redirect_uri: this.#cfg.redirectUri(),
      scope: this.#cfg.scopes,
      state: pending.state,
      nonce: pending.nonce,
      code_challenge: createHash('sha256').update(pending.verifier).digest('base64url'),
      code_challenge_method: 'S256',
      response_mode: 'query',
    }).toString();
    return { url: url.toString(), pending };
  }

  /**
   * Finishes a sign-in from the callback's query: checks the state, redeems the
   * code with the PKCE verifier, verifies the id_token and maps its claims.
   * @throws {UnauthorizedError} with the provider's reason when anything does not match.
   */
  async finish(
    query: URLSearchParams,
    pending: PendingSignIn | undefined,
  ): Promise<Session['claims']> {
    if (!pending || query.get('state') !== pending.state) {
      throw new UnauthorizedError('The sign-in expired or did not start here. Sign in again.');
    }
    const error = query.get('error');
    if (error) {
      throw new UnauthorizedError(`${error}: ${query.get('error_description') ?? ''}`.trim());
    }
    const meta = await this.#discover();
    const form = new URLSearchParams({
      grant_type: 'authorization_code',
      client_id: this.#cfg.clientId,
      code: query.get('code') ?? '',
      redirect_uri: this.#cfg.redirectUri(),
      code_verifier: pending.verifier,
    });
    if (this.#cfg.clientSecret) {
      form.set('client_secret', this.#cfg.clientSecret);
    }
    const res = await fetch(meta.token_endpoint, { method: 'POST', body: form });
    const body = (await res.json().catch(() => ({}))) as Record<string, unknown>;
    const reply = TokenReply.safeParse(body);
    if (!res.ok || !reply.success) {
      throw new UnauthorizedError(
        `The identity provider refused the sign-in (${String(body.error_description ?? body.error ?? res.status)}).`,
      );
    }
    this.#jwks ??= createRemoteJWKSet(new URL(meta.jwks_uri));
    let payload: JWTPayload;
    try {
      ({ payload } = await jwtVerify(reply.data.id_token, this.#jwks, {
        issuer: meta.issuer,
        audience: this.#cfg.clientId,
        algorithms: ['RS256', 'ES256'],
      }));
    } catch (cause) {
      throw new UnauthorizedError('The identity token is not valid.', { cause });
    }
    if (payload.nonce !== pending.nonce) {
      throw new UnauthorizedError('The identity token was not issued for this sign-in.');
    }
    return claimsFromIdToken(payload, this.#cfg.companyClaim);
  }
}

/** Maps id_token claims to API claims: company, permissions (perms or app roles), licence, records. */
export function claimsFromIdToken(payload: JWTPayload, companyClaim: string): Session['claims'] {
  const known = new Set<string>(Permissions);
  const roles = [payload.perms, payload.roles]
    .flatMap((v) => (Array.isArray(v) ? v : []))
    .filter((r): r is (typeof Permissions)[number] => typeof r === 'string' && known.has(r));
  const candidate = {
    sub: String(payload.oid ?? payload.sub ?? ''),
    company: payload[companyClaim],
    perms: [...new Set(roles)],
    ...(typeof payload.licence === 'string' ? { licence: payload.licence } : {}),
    ...(typeof (payload.email ?? payload.preferred_username) === 'string'
      ? { email: String(payload.email ?? payload.preferred_username) }
      : {}),
    ...(typeof payload.name === 'string' ? { name: payload.name } : {}),
    records: Array.isArray(payload.records) ? payload.records : [],
  };
  const parsed = TokenClaims.safeParse(candidate);
  if (!parsed.success) {
    throw new UnauthorizedError(
      `Your sign-in lacks what Verzend needs (${parsed.error.issues.map((i) => i.path.join('.')).join(', ')}). Ask your administrator to assign you a company and a permission set.`,
    );
  }
  return parsed.data;
}
