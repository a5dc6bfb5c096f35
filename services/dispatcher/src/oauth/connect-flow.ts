/**
 * Connecting a user's mailbox: the OAuth 2.0 authorization-code flow with PKCE
 * and `offline_access`. `start` builds the authorize URL and remembers the
 * verifier under an unguessable state, bound to the user who started it and to
 * a nonce kept in that user's browser (a cookie); `complete` takes the state
 * once, checks the browser's nonce, exchanges the code, checks that the mailbox
 * that signed in is the one expected, and only then stores the refresh token
 * (encrypted, in config).
 * @module
 */
import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import {
  type ClientIdentity,
  OAuthError,
  type TokenProviders,
  tokenError,
} from '@verzend/connectors';
import {
  type AccountSecrets,
  ForbiddenError,
  type NationalCloud,
  ValidationError,
} from '@verzend/shared';
import { createPkce, createState } from './pkce';
import type { PendingSignIn, SignInStateStore } from './state-store';

/** What the flow needs to know about the account being connected. */
export interface ConnectTarget extends ClientIdentity {
  company: string;
  accountId: string;
  /** The national cloud whose identity platform signs the user in. */
  cloud: NationalCloud;
  scope: string;
  redirectUri: string;
  /** The mailbox that must sign in (lower case): the user's own, or the account's login mailbox. */
  expectedMailbox: string;
}

/** What `start` returns to the user's client. */
export interface ConnectStart {
  authorizeUrl: string;
  state: string;
  expiresAt: string;
}

/** `start`'s result: the client's answer, and the nonce for the starting browser's cookie (never in the body). */
export interface StartedSignIn {
  start: ConnectStart;
  browserNonce: string;
}

const digest = (nonce: string) => createHash('sha256').update(nonce).digest();

/** The callback's query. */
export interface CallbackQuery {
  state?: string | undefined;
  code?: string | undefined;
  error?: string | undefined;
  errorDescription?: string | undefined;
}

/** Runs the connect flow. */
export class ConnectFlow {
  readonly #providers: (cloud: NationalCloud) => TokenProviders;
  readonly #states: SignInStateStore;
  readonly #ttlSeconds: number;

  constructor(opts: {
    /** The token providers of a cloud (one set for installations with one cloud). */
    providers: TokenProviders | ((cloud: NationalCloud) => TokenProviders);
    states: SignInStateStore;
    ttlSeconds?: number;
  }) {
    const p = opts.providers;
    this.#providers = typeof p === 'function' ? p : () => p;
    this.#states = opts.states;
    this.#ttlSeconds = opts.ttlSeconds ?? 600;
  }

  /** How long a started sign-in stays valid. */
  get ttlSeconds(): number {
    return this.#ttlSeconds;
  }

  /** Starts a sign-in for `userId`; `loginHint` pre-fills the sign-in page. */
  async start(target: ConnectTarget, userId: string, loginHint?: string): Promise<StartedSignIn> {
    const pkce = createPkce();
    const state = createState();
    const browserNonce = randomBytes(24).toString('base64url');
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
      cloud: target.cloud,
      expectedMailbox: target.expectedMailbox,
      nonceHash: digest(browserNonce).toString('base64url'),
      expiresAt,
    };
    await this.#states.put(state, pending);
    const url = new URL(this.#providers(target.cloud).client.authorizeUrl(target.tenantId));
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
    return { start: { authorizeUrl: url.toString(), state, expiresAt }, browserNonce };
  }

  /**
   * Finishes a sign-in. `secretsOf` returns the account's secrets (read fresh,
   * after the state and the browser nonce proved who started the flow).
   * @param browserNonce the nonce cookie the callback's browser sent.
   * @throws {ValidationError} for an unknown/used/expired state, a missing code, or a browser that did not start it.
   * @throws {ForbiddenError} when another mailbox than the expected one signed in (nothing is stored).
   * @throws {OAuthError} when the user declined consent or the code exchange fails.
   */
  async complete(
    query: CallbackQuery,
    secretsOf: (pending: PendingSignIn) => Promise<AccountSecrets>,
    browserNonce: string | undefined,
  ): Promise<PendingSignIn & { scopeGranted: string | undefined; signedInAs: string }> {
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
    const expected = Buffer.from(pending.nonceHash, 'base64url');
    const got = browserNonce ? digest(browserNonce) : Buffer.alloc(0);
    if (got.length !== expected.length || !timingSafeEqual(got, expected)) {
      throw new ValidationError(
        'This sign-in was not started in this browser (its sign-in cookie is missing or different). Start connecting again from the browser you use Verzend in.',
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
    const secrets = await secretsOf(pending);
    const identity: ClientIdentity = {
      tenantId: pending.tenantId,
      clientId: pending.clientId,
      clientSecret: secrets.clientSecret,
      certificate: secrets.clientCertificate,
    };
    const providers = this.#providers(pending.cloud);
    const token = await providers.client.request(
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
    if (token.signedInAs !== pending.expectedMailbox) {
      throw new ForbiddenError(
        `${token.signedInAs ?? 'An unknown account'} signed in, but this connection needs ${pending.expectedMailbox}. Nothing was stored; connect again and sign in as ${pending.expectedMailbox}.`,
      );
    }
    await providers.store.put(
      { company: pending.company, accountId: pending.accountId, userId: pending.userId },
      {
        refreshToken: token.refreshToken,
        accessToken: token.accessToken,
        expiresAt: new Date(token.expiresAt).toISOString(),
        issuedAt: new Date().toISOString(),
        signedInAs: token.signedInAs,
        ...(token.scope ? { scope: token.scope } : {}),
      },
    );
    return { ...pending, scopeGranted: token.scope, signedInAs: token.signedInAs };
  }
}
