/**
 * The OpenID Connect half of the identity double: the discovery document, the
 * signing keys (JWKS) and id_tokens as Entra issues them — RS256 with a `kid`,
 * `iss` = `{authority}/{tenant}/v2.0`, `aud` = the client id, the `nonce` of
 * the authorize request echoed, `oid`/`tid`/`preferred_username`, plus any
 * extra claims the user carries (company, perms, licence, records).
 * @module
 */
import {
  createPrivateKey,
  generateKeyPairSync,
  type KeyObject,
  randomUUID,
  sign,
} from 'node:crypto';

/** What an id_token says about its user. */
export interface IdTokenSubject {
  clientId: string;
  tenantId: string;
  email: string;
  /** Stable object id of the user. */
  oid: string;
  nonce: string | undefined;
  /** Extra claims (e.g. company, perms, licence, records). */
  claims: Record<string, unknown>;
}

const b64url = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');

/** Signs id_tokens and describes the provider. */
export class OidcIssuer {
  readonly #key: KeyObject;
  readonly #publicJwk: Record<string, unknown>;
  readonly kid = randomUUID();
  /** The authority's base URL, e.g. `http://127.0.0.1:PORT`. */
  authority = '';
  lifetimeSeconds = 3600;

  constructor() {
    const { privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
    this.#key = createPrivateKey(privateKey.export({ format: 'pem', type: 'pkcs8' }));
    this.#publicJwk = {
      ...publicKey.export({ format: 'jwk' }),
      kid: this.kid,
      use: 'sig',
      alg: 'RS256',
    };
  }

  issuer(tenant: string): string {
    return `${this.authority}/${tenant}/v2.0`;
  }

  /** GET /{tenant}/v2.0/.well-known/openid-configuration */
  discovery(tenant: string): Record<string, unknown> {
    return {
      issuer: this.issuer(tenant),
      authorization_endpoint: `${this.authority}/${tenant}/oauth2/v2.0/authorize`,
      token_endpoint: `${this.authority}/${tenant}/oauth2/v2.0/token`,
      jwks_uri: `${this.authority}/${tenant}/discovery/v2.0/keys`,
      response_types_supported: ['code', 'id_token', 'code id_token'],
      subject_types_supported: ['pairwise'],
      id_token_signing_alg_values_supported: ['RS256'],
      code_challenge_methods_supported: ['S256'],
      scopes_supported: ['openid', 'profile', 'email', 'offline_access'],
    };
  }

  /** GET /{tenant}/discovery/v2.0/keys */
  jwks(): { keys: Record<string, unknown>[] } {
    return { keys: [this.#publicJwk] };
  }

  /** An RS256 id_token for a signed-in user. */
  idToken(subject: IdTokenSubject): string {
    const now = Math.floor(Date.now() / 1000);
    const header = b64url({ typ: 'JWT', alg: 'RS256', kid: this.kid });
    const payload = b64url({
      ...subject.claims,
      aud: subject.clientId,
      iss: this.issuer(subject.tenantId),
      iat: now,
      nbf: now,
      exp: now + this.lifetimeSeconds,
      sub: `sub-${subject.oid}`,
      oid: subject.oid,
      tid: subject.tenantId,
      preferred_username: subject.email,
      email: subject.email,
      ...(subject.nonce ? { nonce: subject.nonce } : {}),
      ver: '2.0',
    });
    const signature = sign('sha256', Buffer.from(`${header}.${payload}`), this.#key).toString(
      'base64url',
    );
    return `${header}.${payload}.${signature}`;
  }
}
