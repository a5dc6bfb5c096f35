/**
 * The console session: the signed-in user's API claims, sealed (AES-256-GCM,
 * jose `dir` JWE) into an httpOnly SameSite=Lax cookie. The browser never sees
 * a bearer token; the console mints one per API call from these claims.
 * @module
 */
import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import type { TokenClaims } from '@verzend/shared';
import { EncryptJWT, jwtDecrypt } from 'jose';
import type { z } from 'zod';

/** What a session holds. */
export interface Session {
  /** Random id; the CSRF token is derived from it. */
  sid: string;
  claims: z.input<typeof TokenClaims>;
  /** Expiry, seconds since the epoch. */
  exp: number;
}

/** Seals and opens sessions and short-lived sign-in state with one key. */
export class SessionSealer {
  readonly #key: Uint8Array;
  readonly #ttlSeconds: number;

  constructor(keyBase64: string, ttlSeconds: number) {
    this.#key = new Uint8Array(Buffer.from(keyBase64, 'base64'));
    this.#ttlSeconds = ttlSeconds;
  }

  /** A new session for these claims. */
  create(claims: Session['claims']): Session {
    return {
      sid: randomBytes(16).toString('base64url'),
      claims,
      exp: Math.floor(Date.now() / 1000) + this.#ttlSeconds,
    };
  }

  get ttlSeconds(): number {
    return this.#ttlSeconds;
  }

  /** Seals any JSON value until `exp` (seconds since the epoch), bound to a purpose. */
  async seal(purpose: string, value: object, exp: number): Promise<string> {
    return new EncryptJWT({ v: value, p: purpose })
      .setProtectedHeader({ alg: 'dir', enc: 'A256GCM' })
      .setExpirationTime(exp)
      .encrypt(this.#key);
  }

  /** Opens a sealed value; undefined when tampered with, expired or sealed for another purpose. */
  async open<T>(purpose: string, sealed: string | undefined): Promise<T | undefined> {
    if (!sealed) {
      return undefined;
    }
    try {
      const { payload } = await jwtDecrypt(sealed, this.#key);
      return payload.p === purpose ? (payload.v as T) : undefined;
    } catch {
      return undefined;
    }
  }

  /** The CSRF token of a session: HMAC of its id, so it needs no storage. */
  csrfToken(session: Session): string {
    return createHmac('sha256', this.#key).update(`csrf:${session.sid}`).digest('base64url');
  }

  /** Whether `token` is the session's CSRF token (constant time). */
  checkCsrf(session: Session, token: string | undefined): boolean {
    if (!token) {
      return false;
    }
    const expected = Buffer.from(this.csrfToken(session));
    const given = Buffer.from(token);
    return expected.length === given.length && timingSafeEqual(expected, given);
  }
}
