/**
 * Connecting a user's mailbox: the OAuth 2.0 authorization-code flow with PKCE
 * and `offline_access`. `start` builds the authorize URL and remembers the
 * verifier under an unguessable state; `complete` takes the state once,
 * exchanges the code and stores the refresh token (encrypted, in config).
 * @module
 */
import { ValidationError } from '@verzend/shared';
import { OAuthError, tokenError } from './errors';
import { createPkce, createState } from './pkce';
import type { TokenProviders } from './providers';
import type { PendingSignIn, SignInStateStore } from './state-store';
import type { ClientIdentity } from './token-client';

/** What the flow needs to know about the account being connected. */
export interface ConnectTarget extends ClientIdentity {
  company: string;
  accountId: string;
  scope: string;
  redirectUri: string;
}

/** What `start` returns to the user's client. */
export interface ConnectStart {
  authorizeUrl: string;
  state: string;
  expiresAt: string;
}

/** The callback's query. */
export interface CallbackQuery {
  state?: string | undefined;
  code?: string | undefined;
  error?: string | undefined;
  errorDescription?: string | undefined;
}

/** Runs the connect flow. */
export class ConnectFlow {
  readonly #providers: TokenProviders;
  readonly #states: SignInStateStore;
  readonly #ttlSeconds: number;

  constructor(opts: { providers: TokenProviders; states: SignInStateStore; ttlSeconds?: number }) {
    this.#providers = opts.providers;
    this.#states = opts.states;
    this.#ttlSeconds = opts.ttlSeconds ?? 600;
  }

  /** Starts a sign-in for `userId`; `loginHint` pre-fills the sign-in page. */
  async start(target: ConnectTarget, userId: string, loginHint?: string): Promise<ConnectStart> {
    const pkce = createPkce();
    const state = createState();
    const expiresAt = new Date(Date.now() + this.#ttlSeconds * 1000).toISOString();
    const pending: PendingSignIn = {
      company: target.company,
      accountId: target.accountId,
      userId,
      codeVerifier: pkce.verifier,
      redirectUri: target.redirectUri,
      scope: target.scope,
      tenantId: target.tenantId,
      clientId: target.clientId,
      expiresAt,
    };
    await this.#states.put(state, pending);
    const url = new URL(this.#providers.client.authorizeUrl(target.tenantId));
    url.search = new URLSearchParams({
      client_id: target.clientId,
      response_type: 'code',
      redirect_uri: target.redirectUri,
      response_mode: 'query',
      scope: target.scope,
      state,
      code_challenge: pkce.challenge,
      code_challenge_method: 'S256',
      prompt: 'select_account',
      ...(loginHint ? { login_hint: loginHint } : {}),
    }).toString();
    return { authorizeUrl: url.toString(), state, expiresAt };
  }

  /**
   * Finishes a sign-in. `secretOf` returns the account's client secret (read
   * fresh, after the state proved who started the flow).
   * @throws {ValidationError} for an unknown/used/expired state or a missing code.
   * @throws {OAuthError} when the user declined consent or the code exchange fails.
   */
  async complete(
    query: CallbackQuery,
    secretOf: (pending: PendingSignIn) => Promise<string | undefined>,
  ): Promise<PendingSignIn & { scopeGranted: string | undefined }> {
    if (!query.state) {
      throw new ValidationError('The sign-in callback has no state.', { code: 'BAD_REQUEST' });
    }
    const pending = await this.#states.take(query.state);
    if (!pending) {
      throw new ValidationError(
        'This sign-in is unknown, was already completed or has expired. Start connecting again.',
        { code: 'BAD_REQUEST' },
      );
    }
    if (query.error === 'access_denied' && !/AADSTS/.test(query.errorDescription ?? '')) {
      throw new OAuthError(
        'CONSENT_MISSING',
        `The sign-in was cancelled or consent was declined. Connect again and accept the permissions (POST /v1/accounts/${pending.accountId}/connect).`,
        { oauthError: query.error },
      );
    }
    if (query.error) {
      throw tokenError(
        400,
        { error: query.error, error_description: query.errorDescription ?? '' },
        {
          kind: 'code',
          clientId: pending.clientId,
          tenantId: pending.tenantId,
          connectHint: `POST /v1/accounts/${pending.accountId}/connect`,
        },
      );
    }
    if (!query.code) {
      throw new ValidationError('The sign-in callback has no authorization code.', {
        code: 'BAD_REQUEST',
      });
    }
    const identity: ClientIdentity = {
      tenantId: pending.tenantId,
      clientId: pending.clientId,
      clientSecret: await secretOf(pending),
    };
    const token = await this.#providers.client.request(
      identity,
      {
        grant: 'authorization_code',
        code: query.code,
        codeVerifier: pending.codeVerifier,
        redirectUri: pending.redirectUri,
        scope: pending.scope,
      },
      { kind: 'code' },
    );
    if (!token.refreshToken) {
      throw new ValidationError(
        'The sign-in returned no refresh token: the app must be allowed the offline_access permission.',
        { code: 'BAD_REQUEST' },
      );
    }
    await this.#providers.store.put(
      { company: pending.company, accountId: pending.accountId, userId: pending.userId },
      {
        refreshToken: token.refreshToken,
        accessToken: token.accessToken,
        expiresAt: new Date(token.expiresAt).toISOString(),
        ...(token.scope ? { scope: token.scope } : {}),
      },
    );
    return { ...pending, scopeGranted: token.scope };
  }
}
