/**
 * A small OAuth 2.0 token endpoint client for the Microsoft identity platform
 * (v2.0 endpoints): client credentials, authorization code with PKCE, and
 * refresh. The authority is configuration, so sovereign clouds and the local
 * test double work the same way.
 * @module
 */
import { DeliveryError } from '@verzend/shared';
import { clientAssertion, readCertificateCredential } from './client-assertion';
import { OAuthError, type TokenErrorBody, type TokenErrorContext, tokenError } from './errors';

/** A token as the endpoint returns it, with the expiry made absolute. */
export interface IssuedToken {
  accessToken: string;
  /** Epoch milliseconds. */
  expiresAt: number;
  refreshToken: string | undefined;
  scope: string | undefined;
  /** Who signed in (the id_token's `preferred_username`, `upn` or `email`), for sign-ins with `openid`. */
  signedInAs?: string | undefined;
}

/** The grant to ask for. */
export type TokenGrant =
  | { grant: 'client_credentials'; scope: string }
  | {
      grant: 'authorization_code';
      code: string;
      codeVerifier: string;
      redirectUri: string;
      scope: string;
    }
  | { grant: 'refresh_token'; refreshToken: string; scope: string };

/** Which app asks. */
export interface ClientIdentity {
  tenantId: string;
  clientId: string;
  /** Confidential clients send it; public clients (PKCE only) leave it out. */
  clientSecret: string | undefined;
  /** A certificate credential (PEM with certificate and private key); preferred over the secret. */
  certificate?: string | undefined;
}

/** Options for {@link TokenClient}. */
export interface TokenClientOptions {
  /** e.g. `https://login.microsoftonline.com` (no trailing slash needed). */
  authority: string;
  fetch?: typeof fetch;
  /** Per request timeout. */
  timeoutMs?: number;
}

function retryAfter(header: string | null): number | undefined {
  if (!header) {
    return undefined;
  }
  const seconds = Number(header);
  if (Number.isFinite(seconds)) {
    return Math.max(0, Math.ceil(seconds));
  }
  const date = Date.parse(header);
  return Number.isNaN(date) ? undefined : Math.max(0, Math.ceil((date - Date.now()) / 1000));
}

/** Talks to `{authority}/{tenant}/oauth2/v2.0/{token,authorize}`. */
export class TokenClient {
  readonly authority: string;
  readonly #fetch: typeof fetch;
  readonly #timeoutMs: number;

  constructor(opts: TokenClientOptions) {
    this.authority = opts.authority.replace(/\/+$/, '');
    this.#fetch = opts.fetch ?? fetch;
    this.#timeoutMs = opts.timeoutMs ?? 20_000;
  }

  /** The token endpoint of a tenant. */
  tokenUrl(tenantId: string): string {
    return `${this.authority}/${encodeURIComponent(tenantId)}/oauth2/v2.0/token`;
  }

  /** The authorize endpoint of a tenant (interactive sign-in). */
  authorizeUrl(tenantId: string): string {
    return `${this.authority}/${encodeURIComponent(tenantId)}/oauth2/v2.0/authorize`;
  }

  /**
   * Requests a token.
   * @throws {OAuthError} with a stable code (AUTH_FAILED, CONSENT_MISSING, MFA_REQUIRED, TOKEN_EXPIRED, …).
   * @throws {DeliveryError} CONNECTION_FAILED (retryable) when the endpoint cannot be reached.
   */
  async request(
    client: ClientIdentity,
    grant: TokenGrant,
    ctx: Omit<TokenErrorContext, 'clientId' | 'tenantId'>,
    signal?: AbortSignal,
  ): Promise<IssuedToken> {
    const form = new URLSearchParams({ client_id: client.clientId, scope: grant.scope });
    if (client.certificate) {
      form.set('client_assertion_type', 'urn:ietf:params:oauth:client-assertion-type:jwt-bearer');
      form.set(
        'client_assertion',
        clientAssertion(
          readCertificateCredential(client.certificate),
          client.clientId,
          this.tokenUrl(client.tenantId),
        ),
      );
    } else if (client.clientSecret) {
      form.set('client_secret', client.clientSecret);
    }
    switch (grant.grant) {
      case 'client_credentials':
        form.set('grant_type', 'client_credentials');
        break;
      case 'authorization_code':
        form.set('grant_type', 'authorization_code');
        form.set('code', grant.code);
        form.set('code_verifier', grant.codeVerifier);
        form.set('redirect_uri', grant.redirectUri);
        break;
      case 'refresh_token':
        form.set('grant_type', 'refresh_token');
        form.set('refresh_token', grant.refreshToken);
        break;
    }
    const errorCtx: TokenErrorContext = {
      ...ctx,
      clientId: client.clientId,
      tenantId: client.tenantId,
    };
    const timeout = AbortSignal.timeout(this.#timeoutMs);
    let res: Response;
    try {
      res = await this.#fetch(this.tokenUrl(client.tenantId), {
        method: 'POST',
        headers: {
          'content-type': 'application/x-www-form-urlencoded',
          accept: 'application/json',
        },
        body: form.toString(),
        signal: signal ? AbortSignal.any([signal, timeout]) : timeout,
      });
    } catch (cause) {
      throw new DeliveryError(
        'CONNECTION_FAILED',
        `The sign-in service at ${this.authority} could not be reached.`,
        { cause, retry: true },
      );
    }
    const text = await res.text();
    let body: unknown = text;
    try {
      body = JSON.parse(text);
    } catch {
      // Proxies and outages answer with HTML; the status decides then.
    }
    if (!res.ok) {
      throw tokenError(
        res.status,
        typeof body === 'object' && body !== null ? (body as TokenErrorBody) : text,
        errorCtx,
        retryAfter(res.headers.get('retry-after')),
      );
    }
    const ok = body as {
      access_token?: unknown;
      expires_in?: unknown;
      refresh_token?: unknown;
      scope?: unknown;
      id_token?: unknown;
    };
    if (typeof ok !== 'object' || ok === null || typeof ok.access_token !== 'string') {
      throw new OAuthError(
        'UPSTREAM_FAILED',
        'The sign-in service answered without an access token.',
        { retry: true, providerStatus: res.status },
      );
    }
    const expiresIn = Number(ok.expires_in);
    return {
      accessToken: ok.access_token,
      expiresAt: Date.now() + (Number.isFinite(expiresIn) ? expiresIn : 3600) * 1000,
      refreshToken: typeof ok.refresh_token === 'string' ? ok.refresh_token : undefined,
      scope: typeof ok.scope === 'string' ? ok.scope : undefined,
      signedInAs: typeof ok.id_token === 'string' ? signedInAs(ok.id_token) : undefined,
    };
  }
}

/**
 * The signed-in account named by an id_token. The token came straight from the
 * token endpoint over the connection we opened, so its claims are read without
 * a signature check (OpenID Connect Core §3.1.3.7).
 */
export function signedInAs(idToken: string): string | undefined {
  try {
    const claims = JSON.parse(
      Buffer.from(idToken.split('.')[1] ?? '', 'base64url').toString('utf8'),
    ) as Record<string, unknown>;
    const name = [claims.preferred_username, claims.upn, claims.email].find(
      (v): v is string => typeof v === 'string' && v.includes('@'),
    );
    return name?.toLowerCase();
  } catch {
    return undefined;
  }
}
