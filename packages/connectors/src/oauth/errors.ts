/**
 * Errors of the Microsoft identity platform (and any OAuth 2.0 token endpoint),
 * mapped once to stable codes so callers decide by type and `retry`, never by
 * parsing AADSTS text.
 * @module
 */
import { DeliveryError, type ErrorCode } from '@verzend/shared';

/** The JSON error body of a token endpoint (RFC 6749 §5.2 plus Entra's `error_codes`). */
export interface TokenErrorBody {
  error?: string;
  error_description?: string;
  error_codes?: number[];
}

/** A token endpoint refused or failed a token request. */
export class OAuthError extends DeliveryError {
  /** RFC 6749 error (`invalid_client`, `invalid_grant`, …), when the endpoint sent one. */
  readonly oauthError: string | undefined;
  /** Entra ID AADSTS numbers, e.g. 7000215 for a wrong client secret. */
  readonly aadCodes: number[];

  constructor(
    code: ErrorCode,
    message: string,
    options: {
      cause?: unknown;
      retry?: boolean;
      retryAfterSeconds?: number;
      providerStatus?: number;
      oauthError?: string | undefined;
      aadCodes?: number[];
    } = {},
  ) {
    super(code, message, {
      cause: options.cause,
      retry: options.retry ?? false,
      ...(options.retryAfterSeconds !== undefined
        ? { retryAfterSeconds: options.retryAfterSeconds }
        : {}),
      ...(options.providerStatus !== undefined ? { providerStatus: options.providerStatus } : {}),
      extra: {
        ...(options.oauthError ? { oauthError: options.oauthError } : {}),
        ...(options.aadCodes?.length ? { aadCodes: options.aadCodes } : {}),
      },
    });
    this.name = 'OAuthError';
    this.oauthError = options.oauthError;
    this.aadCodes = options.aadCodes ?? [];
  }
}

/** What the caller was doing, so the reason can say how to fix it. */
export interface TokenErrorContext {
  /** `app`: client credentials; `user`: a delegated token of a connected user; `code`: finishing a sign-in. */
  kind: 'app' | 'user' | 'code';
  clientId: string;
  tenantId: string;
  /** How a user (re)connects, e.g. `POST /v1/accounts/acc1/connect`. */
  connectHint?: string | undefined;
}

function aadCodes(body: TokenErrorBody): number[] {
  const fromArray = Array.isArray(body.error_codes) ? body.error_codes : [];
  const fromText = [...(body.error_description ?? '').matchAll(/AADSTS(\d{5,7})/g)].map((m) =>
    Number(m[1]),
  );
  return [...new Set([...fromArray, ...fromText])];
}

const reconnect = (ctx: TokenErrorContext) =>
  ctx.connectHint ? ` Connect the mailbox again (${ctx.connectHint}).` : '';

/**
 * Maps a token endpoint error reply to an {@link OAuthError} with a readable
 * reason. Unknown 4xx replies are permanent AUTH_FAILED; 429 and 5xx are retryable.
 */
export function tokenError(
  status: number,
  body: TokenErrorBody | string,
  ctx: TokenErrorContext,
  retryAfterSeconds?: number,
): OAuthError {
  const json: TokenErrorBody = typeof body === 'string' ? {} : body;
  const codes = aadCodes(json);
  const has = (...c: number[]) => c.some((x) => codes.includes(x));
  const oauthError = json.error;
  const opts = { providerStatus: status, oauthError, aadCodes: codes };
  const app = `app ${ctx.clientId} in tenant ${ctx.tenantId}`;

  if (status === 429 || status >= 500) {
    return new OAuthError(
      status === 429 ? 'PROVIDER_THROTTLED' : 'UNAVAILABLE',
      `The sign-in service answered ${status}; trying again later.`,
      {
        ...opts,
        retry: true,
        ...(retryAfterSeconds !== undefined ? { retryAfterSeconds } : {}),
      },
    );
  }
  if (has(7000215)) {
    return new OAuthError(
      'AUTH_FAILED',
      `The client secret of ${app} is wrong (AADSTS7000215). Enter the secret's value (not its id) from the app registration.`,
      opts,
    );
  }
  if (has(7000222)) {
    return new OAuthError(
      'AUTH_FAILED',
      `The client secret of ${app} has expired (AADSTS7000222). Create a new secret in the app registration and update the account.`,
      opts,
    );
  }
  if (has(700016)) {
    return new OAuthError(
      'AUTH_FAILED',
      `The ${app} was not found (AADSTS700016). Check the client id and tenant id, and that the app is consented in the tenant.`,
      opts,
    );
  }
  if (has(700027, 700023, 700212, 7000216)) {
    return new OAuthError(
      'AUTH_FAILED',
      `The certificate credential of ${app} was refused (AADSTS${codes.find((c) => [700027, 700023, 700212, 7000216].includes(c))}): upload the certificate's public part to the app registration (Certificates & secrets), and enter the same certificate with its private key on the account or app registration.`,
      opts,
    );
  }
  if (has(700024)) {
    return new OAuthError(
      'AUTH_FAILED',
      `The client assertion of ${app} was outside its valid time (AADSTS700024): check this server's clock.`,
      opts,
    );
  }
  if (has(500011)) {
    const resource = /resource principal named (\S+)/.exec(json.error_description ?? '')?.[1];
    return new OAuthError(
      'AUTH_FAILED',
      `The tenant ${ctx.tenantId} does not know the resource ${resource ?? 'asked for'} (AADSTS500011): the scope names the wrong resource. Set the Graph resource (GRAPH_RESOURCE) or the national cloud (MICROSOFT_CLOUD, or the account's cloud) instead of deriving it from a proxy's address, and check that the app is consented in the tenant.`,
      opts,
    );
  }
  if (has(90002, 900023)) {
    return new OAuthError(
      'AUTH_FAILED',
      `The tenant ${ctx.tenantId} was not found (AADSTS${codes[0]}). Check the tenant id.`,
      opts,
    );
  }
  if (has(65001, 65004)) {
    return new OAuthError(
      'CONSENT_MISSING',
      `Consent for ${app} is missing or was revoked (AADSTS${has(65001) ? 65001 : 65004}). An administrator must grant consent for the permissions (Mail.Send, offline_access), or the user must connect again.${reconnect(ctx)}`,
      opts,
    );
  }
  if (has(50076, 50079, 50158)) {
    return new OAuthError(
      'MFA_REQUIRED',
      `The user must complete multi-factor authentication (AADSTS${codes.find((c) => [50076, 50079, 50158].includes(c))}).${reconnect(ctx)}`,
      opts,
    );
  }
  if (
    ctx.kind === 'user' &&
    (oauthError === 'invalid_grant' || has(70008, 700082, 50173, 700084))
  ) {
    return new OAuthError(
      'TOKEN_EXPIRED',
      `The user's sign-in has expired or was revoked${codes[0] ? ` (AADSTS${codes[0]})` : ''}.${reconnect(ctx)}`,
      opts,
    );
  }
  if (ctx.kind === 'code' && oauthError === 'invalid_grant') {
    return new OAuthError(
      'BAD_REQUEST',
      `The sign-in could not be completed: the authorization code is invalid, expired or already used${codes[0] ? ` (AADSTS${codes[0]})` : ''}. Start connecting again.`,
      opts,
    );
  }
  if (oauthError === 'invalid_client' || oauthError === 'unauthorized_client') {
    return new OAuthError(
      'AUTH_FAILED',
      `The sign-in service refused ${app} (${oauthError}). Check the client id, secret and tenant.`,
      opts,
    );
  }
  const detail =
    typeof body === 'string'
      ? body.slice(0, 200).replace(/\s+/g, ' ').trim()
      : (json.error_description ?? json.error ?? '').split('\n')[0];
  return new OAuthError(
    'AUTH_FAILED',
    `The sign-in service refused the token request (HTTP ${status}${detail ? `: ${detail}` : ''}).`,
    opts,
  );
}
