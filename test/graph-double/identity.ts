/**
 * The identity-platform half of the Graph test double: apps, users, the
 * authorize endpoint (signs in without a page), and the token endpoint
 * (client credentials, authorization code with PKCE verification, refresh
 * with rotation), answering with Entra's error shapes and AADSTS codes.
 * @module
 */
import { createHash, randomBytes } from 'node:crypto';
import { checkClientAssertion, resourceOf, unknownResource } from './identity-rules';
import { OidcIssuer } from './oidc';

/** A registered app. */
export interface DoubleApp {
  tenantId: string;
  clientId: string;
  /** Confidential clients have one; the token endpoint checks it. */
  clientSecret?: string;
  /** A certificate credential (PEM): client assertions must be signed by its key. */
  certificatePem?: string;
  /** Consented delegated permissions (e.g. `Mail.Send`); tokens carry only these. Default: all asked for. */
  delegatedPermissions?: string[];
  /** Granted application permissions. Default: Mail.Send and Mail.ReadWrite. */
  appRoles?: string[];
}

/** A user who can sign in. */
export interface DoubleUser {
  email: string;
  /** The tenant the user belongs to. */
  tenantId: string;
  /** Extra id_token claims (e.g. company, perms, licence, records for the console). */
  claims?: Record<string, unknown>;
  /** Display name in the id_token. */
  name?: string;
}

/** An issued access token. */
export interface AccessTokenInfo {
  kind: 'app' | 'user';
  clientId: string;
  tenantId: string;
  /** Set for delegated tokens. */
  user: string | undefined;
  scope: string;
  expiresAt: number;
  /** The resource (audience) the token is for, e.g. `https://outlook.office365.com`. */
  resource: string;
  /** Revoked by the server (SMTP answers 535, Graph 401) although not expired. */
  revoked?: boolean;
}

interface RefreshInfo {
  clientId: string;
  tenantId: string;
  user: string;
  scope: string;
}

interface CodeInfo extends RefreshInfo {
  redirectUri: string;
  challenge: string;
  expiresAt: number;
  /** The authorize request's nonce, echoed in the id_token. */
  nonce: string | undefined;
}

/** A reply: status, JSON body, headers. */
export interface IdentityReply {
  status: number;
  body?: unknown;
  headers?: Record<string, string>;
}

const newToken = (prefix: string) => `${prefix}.${randomBytes(24).toString('base64url')}`;

const aad = (status: number, error: string, code: number, description: string): IdentityReply => ({
  status,
  body: {
    error,
    error_description: `AADSTS${code}: ${description} Trace ID: ${randomBytes(8).toString('hex')} Timestamp: ${new Date().toISOString()}`,
    error_codes: [code],
    timestamp: new Date().toISOString(),
  },
});

/** Apps, users and tokens of the double. */
export class IdentityDouble {
  readonly apps = new Map<string, DoubleApp>();
  readonly users = new Map<string, DoubleUser>();
  readonly accessTokens = new Map<string, AccessTokenInfo>();
  readonly refreshTokens = new Map<string, RefreshInfo>();
  readonly codes = new Map<string, CodeInfo>();
  /** Token requests by grant type, for assertions. */
  readonly tokenRequests: { grant: string; clientId: string; ok: boolean }[] = [];
  /** (clientId|user) pairs whose consent was revoked. */
  readonly revokedConsent = new Set<string>();
  /** Users who must complete MFA before a refresh succeeds. */
  readonly mfaRequired = new Set<string>();
  /** The next interactive sign-in signs in as this user (else `login_hint`). */
  nextSignIn: string | undefined;
  /** The next interactive sign-in is declined by the user. */
  declineNextConsent = false;
  tokenLifetimeSeconds: number;
  /** Access tokens to hand out next, in order (e.g. ones an SMTP sink already accepts). */
  readonly presetAccessTokens: string[] = [];
  /** Resources (audiences) the tenant knows; a scope for any other is AADSTS500011. */
  readonly resources = new Set(['https://outlook.office365.com', 'https://outlook.office.com']);
  /** Mailboxes each app may send from over SMTP with an app token (SMTP.SendAsApp + mailbox permission). */
  readonly smtpMailboxes = new Map<string, Set<string>>();
  /** The token endpoint's public URL prefix (client assertions name it as their audience). */
  baseUrl = '';

  /** Signs id_tokens (scope `openid`) and serves discovery and keys. */
  readonly oidc = new OidcIssuer();

  constructor(tokenLifetimeSeconds: number) {
    this.tokenLifetimeSeconds = tokenLifetimeSeconds;
  }

  /** Looks up a bearer token. */
  verify(header: string | undefined): { info?: AccessTokenInfo; error?: string } {
    const token = /^Bearer (\S+)$/i.exec(header ?? '')?.[1];
    if (!token) {
      return { error: 'Access token is empty.' };
    }
    const info = this.accessTokens.get(token);
    if (!info) {
      return { error: 'IDX14100: JWT is not well formed, there are no dots (.).' };
    }
    if (info.expiresAt <= Date.now()) {
      return { error: 'Lifetime validation failed, the token is expired.' };
    }
    if (info.revoked) {
      return { error: 'The access token has been revoked.' };
    }
    return { info };
  }

  /** Revokes every access token issued so far (not expired: a server simply refuses them now). */
  revokeAccessTokens(): void {
    for (const info of this.accessTokens.values()) {
      info.revoked = true;
    }
  }

  /**
   * Exchange Online's XOAUTH2 check: the token must be valid, for the Exchange
   * resource, and `user` must be the identity it was issued to — the signed-in
   * user for delegated tokens, a mailbox the app may send from for app tokens.
   * @returns why it is refused, or undefined when accepted.
   */
  checkXoauth2(user: string, accessToken: string): string | undefined {
    const { info, error } = this.verify(`Bearer ${accessToken}`);
    if (!info) {
      return error;
    }
    if (!['https://outlook.office365.com', 'https://outlook.office.com'].includes(info.resource)) {
      return `the token is for ${info.resource}, not Exchange Online`;
    }
    const who = user.toLowerCase();
    if (info.kind === 'user') {
      return info.user === who ? undefined : `the token was issued to ${info.user}, not ${who}`;
    }
    return this.smtpMailboxes.get(info.clientId)?.has(who)
      ? undefined
      : `app ${info.clientId} may not send as ${who} (SMTP.SendAsApp and mailbox permission)`;
  }

  /** Marks every access token issued so far as expired. */
  expireAll(): void {
    for (const info of this.accessTokens.values()) {
      info.expiresAt = 0;
    }
  }

  /** GET /{tenant}/oauth2/v2.0/authorize: signs in at once and redirects with a code (or an error). */
  authorize(tenant: string, q: URLSearchParams): IdentityReply {
    const app = this.apps.get(q.get('client_id') ?? '');
    const redirectUri = q.get('redirect_uri') ?? '';
    if (!app) {
      return aad(
        400,
        'invalid_client',
        700016,
        `Application with identifier '${q.get('client_id')}' was not found in the directory '${tenant}'.`,
      );
    }
    if (
      q.get('response_type') !== 'code' ||
      q.get('code_challenge_method') !== 'S256' ||
      !q.get('code_challenge')
    ) {
      return aad(
        400,
        'invalid_request',
        900144,
        'The request must use response_type=code with an S256 code challenge.',
      );
    }
    const redirect = new URL(redirectUri);
    redirect.searchParams.set('state', q.get('state') ?? '');
    if (this.declineNextConsent) {
      this.declineNextConsent = false;
      redirect.searchParams.set('error', 'access_denied');
      redirect.searchParams.set(
        'error_description',
        'AADSTS65004: User declined to consent to access the app.',
      );
      return { status: 302, headers: { location: redirect.toString() } };
    }
    const email = this.nextSignIn ?? q.get('login_hint') ?? '';
    this.nextSignIn = undefined;
    const user = this.users.get(email.toLowerCase());
    if (!user) {
      return aad(
        400,
        'invalid_request',
        50034,
        `The user account ${email} does not exist in the directory.`,
      );
    }
    const code = newToken('code');
    this.codes.set(code, {
      clientId: app.clientId,
      tenantId: app.tenantId,
      user: user.email,
      scope: q.get('scope') ?? '',
      redirectUri,
      challenge: q.get('code_challenge') ?? '',
      expiresAt: Date.now() + 10 * 60_000,
      nonce: q.get('nonce') ?? undefined,
    });
    redirect.searchParams.set('code', code);
    return { status: 302, headers: { location: redirect.toString() } };
  }

  /** POST /{tenant}/oauth2/v2.0/token. */
  token(tenant: string, form: URLSearchParams): IdentityReply {
    const grant = form.get('grant_type') ?? '';
    const reply = this.#token(tenant, grant, form);
    this.tokenRequests.push({
      grant,
      clientId: form.get('client_id') ?? '',
      ok: reply.status === 200,
    });
    return reply;
  }

  #token(tenant: string, grant: string, form: URLSearchParams): IdentityReply {
    const app = this.apps.get(form.get('client_id') ?? '');
    if (!app) {
      return aad(
        400,
        'unauthorized_client',
        700016,
        `Application with identifier '${form.get('client_id')}' was not found in the directory '${tenant}'.`,
      );
    }
    if (!['common', 'organizations', app.tenantId].includes(tenant)) {
      return aad(400, 'invalid_request', 90002, `Tenant '${tenant}' not found.`);
    }
    const secret = form.get('client_secret');
    const assertion = form.get('client_assertion');
    if (assertion !== null) {
      const refused = checkClientAssertion(
        app,
        form,
        `${this.baseUrl}/${tenant}/oauth2/v2.0/token`,
      );
      if (refused) {
        return aad(401, 'invalid_client', refused.code, refused.description);
      }
    } else if (app.clientSecret !== undefined || app.certificatePem !== undefined) {
      if (secret === null) {
        return aad(
          401,
          'invalid_client',
          7000218,
          "The request body must contain the following parameter: 'client_assertion' or 'client_secret'.",
        );
      }
      if (secret !== app.clientSecret) {
        return aad(
          401,
          'invalid_client',
          7000215,
          'Invalid client secret provided. Ensure the secret being sent in the request is the client secret value, not the client secret ID, for a secret added to app.',
        );
      }
    }
    const scope = form.get('scope') ?? '';
    const unknown = unknownResource(scope, this.resources);
    if (unknown) {
      return aad(
        400,
        'invalid_resource',
        500011,
        `The resource principal named ${unknown} was not found in the tenant named ${tenant}. This can happen if the application has not been installed by the administrator of the tenant or consented to by any user in the tenant.`,
      );
    }
    switch (grant) {
      case 'client_credentials': {
        if (app.clientSecret === undefined && app.certificatePem === undefined) {
          return aad(
            400,
            'invalid_client',
            7000218,
            'A public client cannot use the client credentials grant.',
          );
        }
        if (!scope.endsWith('/.default')) {
          return aad(
            400,
            'invalid_scope',
            1002012,
            `The provided value for scope ${scope} is not valid. Client credential flows must have a scope value with /.default suffixed to the resource identifier.`,
          );
        }
        return this.#issue({
          kind: 'app',
          clientId: app.clientId,
          tenantId: app.tenantId,
          user: undefined,
          scope,
        });
      }
      case 'authorization_code': {
        const code = this.codes.get(form.get('code') ?? '');
        this.codes.delete(form.get('code') ?? '');
        if (!code || code.expiresAt < Date.now() || code.clientId !== app.clientId) {
          return aad(
            400,
            'invalid_grant',
            54005,
            'OAuth2 Authorization code was already redeemed, please retry with a new valid code or use an existing refresh token.',
          );
        }
        if (code.redirectUri !== form.get('redirect_uri')) {
          return aad(
            400,
            'invalid_grant',
            50148,
            'The redirect_uri does not match the one used in the authorization request.',
          );
        }
        const verifier = form.get('code_verifier') ?? '';
        if (createHash('sha256').update(verifier).digest('base64url') !== code.challenge) {
          return aad(
            400,
            'invalid_grant',
            501481,
            'The Code_Verifier does not match the code_challenge supplied in the authorization request.',
          );
        }
        const issued = this.#issue(
          {
            kind: 'user',
            clientId: app.clientId,
            tenantId: app.tenantId,
            user: code.user,
            scope: code.scope,
          },
          true,
        );
        // Entra returns an id_token only when the sign-in asked for `openid`.
        if (code.scope.split(' ').includes('openid')) {
          const user = this.users.get(code.user);
          (issued.body as Record<string, unknown>).id_token = this.oidc.idToken({
            clientId: app.clientId,
            tenantId: app.tenantId,
            email: code.user,
            oid: createHash('sha256').update(code.user).digest('hex').slice(0, 32),
            nonce: code.nonce,
            claims: { ...(user?.name ? { name: user.name } : {}), ...user?.claims },
          });
        }
        return issued;
      }
      case 'refresh_token': {
        const refresh = this.refreshTokens.get(form.get('refresh_token') ?? '');
        if (!refresh || refresh.clientId !== app.clientId) {
          return aad(
            400,
            'invalid_grant',
            700082,
            'The refresh token has expired due to inactivity.',
          );
        }
        if (this.revokedConsent.has(`${app.clientId}|${refresh.user}`)) {
          return aad(
            400,
            'invalid_grant',
            65001,
            `The user or administrator has not consented to use the application with ID '${app.clientId}'.`,
          );
        }
        if (this.mfaRequired.has(refresh.user)) {
          return aad(
            400,
            'invalid_grant',
            50076,
            'Due to a configuration change made by your administrator, or because you moved to a new location, you must use multi-factor authentication.',
          );
        }
        return this.#issue(
          {
            kind: 'user',
            clientId: app.clientId,
            tenantId: app.tenantId,
            user: refresh.user,
            scope: scope || refresh.scope,
          },
          true,
        );
      }
      default:
        return aad(
          400,
          'unsupported_grant_type',
          70003,
          `The app requested an unsupported grant type '${grant}'.`,
        );
    }
  }

  #issue(
    issued: Omit<AccessTokenInfo, 'expiresAt' | 'resource'>,
    withRefresh = false,
  ): IdentityReply {
    const app = this.apps.get(issued.clientId);
    const info = { ...issued, scope: consented(issued.scope, app?.delegatedPermissions) };
    const accessToken =
      this.presetAccessTokens.shift() ?? newToken(info.kind === 'app' ? 'app' : 'usr');
    this.accessTokens.set(accessToken, {
      ...info,
      resource: resourceOf(info.scope),
      expiresAt: Date.now() + this.tokenLifetimeSeconds * 1000,
    });
    const body: Record<string, unknown> = {
      token_type: 'Bearer',
      expires_in: this.tokenLifetimeSeconds,
      ext_expires_in: this.tokenLifetimeSeconds,
      access_token: accessToken,
      scope: info.scope,
    };
    if (withRefresh && info.user) {
      const refreshToken = newToken('rt');
      this.refreshTokens.set(refreshToken, {
        clientId: info.clientId,
        tenantId: info.tenantId,
        user: info.user,
        scope: info.scope,
      });
      body.refresh_token = refreshToken;
    }
    return { status: 200, body };
  }
}

/** Delegated scopes limited to what was consented (resource-qualified or bare names). */
function consented(scope: string, permissions: string[] | undefined): string {
  if (!permissions) {
    return scope;
  }
  return scope
    .split(/\s+/)
    .filter((s) => {
      const name = s.split('/').pop() ?? s;
      return !s.includes('/') || name === '.default' || permissions.includes(name);
    })
    .join(' ');
}
