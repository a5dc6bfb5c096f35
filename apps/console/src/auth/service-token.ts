/**
 * The user's service token, minted server-side for each API call: HS256 with
 * the services' shared secret, or — so production need not share a symmetric
 * secret — ES256/RS256 with the console's private key, whose public half the
 * console serves at `/.well-known/jwks.json` for the services'
 * `AUTH_JWKS_URL` (or that an organisation's JWKS lists under the same `kid`).
 * @module
 */
import { createPrivateKey, createPublicKey, type KeyObject } from 'node:crypto';
import type { TokenClaims } from '@verzend/shared';
import { calculateJwkThumbprint, type JWK, SignJWT } from 'jose';
import type { z } from 'zod';

/** How service tokens are signed. */
export interface ServiceTokenOptions {
  /** HS256 secret (`AUTH_JWT_SECRET`), used when there is no private key. */
  secret?: string | undefined;
  /** PKCS#8 or SEC1/PKCS#1 PEM of a P-256 EC key (ES256) or an RSA key of ≥ 2048 bits (RS256). */
  privateKeyPem?: string | undefined;
  /** The JWK `kid`; default the key's RFC 7638 thumbprint. */
  keyId?: string | undefined;
  /** `iss` and `aud` the services check (`AUTH_ISSUER`, `AUTH_AUDIENCE`). */
  issuer?: string | undefined;
  audience?: string | undefined;
  /** Token lifetime (default 5 minutes). */
  ttl?: string;
}

/** Mints service tokens; `jwks` is the public key set (null for HS256). */
export interface ServiceTokenSigner {
  readonly alg: 'HS256' | 'ES256' | 'RS256';
  sign(claims: z.input<typeof TokenClaims>): Promise<string>;
  readonly jwks: { keys: JWK[] } | null;
}

/** Reads the key and builds the signer. @throws {Error} for an unsupported key or no key at all. */
export async function createServiceTokenSigner(
  opts: ServiceTokenOptions,
): Promise<ServiceTokenSigner> {
  let key: KeyObject | Uint8Array;
  let alg: ServiceTokenSigner['alg'];
  let jwks: ServiceTokenSigner['jwks'] = null;
  let kid: string | undefined;
  if (opts.privateKeyPem) {
    const privateKey = createPrivateKey(opts.privateKeyPem.replaceAll('\\n', '\n'));
    const details = privateKey.asymmetricKeyDetails ?? {};
    if (privateKey.asymmetricKeyType === 'ec' && details.namedCurve === 'prime256v1') {
      alg = 'ES256';
    } else if (privateKey.asymmetricKeyType === 'rsa' && (details.modulusLength ?? 0) >= 2048) {
      alg = 'RS256';
    } else {
      throw new Error(
        'CONSOLE_SIGNING_KEY must be a P-256 EC key or an RSA key of 2048 bits or more',
      );
    }
    const publicJwk = createPublicKey(privateKey).export({ format: 'jwk' }) as JWK;
    kid = opts.keyId ?? (await calculateJwkThumbprint(publicJwk));
    jwks = { keys: [{ ...publicJwk, kid, alg, use: 'sig' }] };
    key = privateKey;
  } else if (opts.secret) {
    alg = 'HS256';
    key = new TextEncoder().encode(opts.secret);
  } else {
    throw new Error(
      'The console needs AUTH_JWT_SECRET or CONSOLE_SIGNING_KEY to call the services',
    );
  }
  return {
    alg,
    jwks,
    sign(claims) {
      const { sub, ...rest } = claims;
      const jwt = new SignJWT(rest)
        .setProtectedHeader(kid ? { alg, kid } : { alg })
        .setSubject(sub)
        .setIssuedAt()
        .setExpirationTime(opts.ttl ?? '5m');
      if (opts.issuer) {
        jwt.setIssuer(opts.issuer);
      }
      if (opts.audience) {
        jwt.setAudience(opts.audience);
      }
      return jwt.sign(key);
    },
  };
}
