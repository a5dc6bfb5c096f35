/**
 * PKCE (RFC 7636, S256) and the `state` value of an authorization request.
 * @module
 */
import { createHash, randomBytes } from 'node:crypto';

/** A verifier and its S256 challenge. */
export interface Pkce {
  verifier: string;
  challenge: string;
}

/** Creates a 64-character verifier (well within RFC 7636's 43–128) and its challenge. */
export function createPkce(): Pkce {
  const verifier = randomBytes(48).toString('base64url');
  return { verifier, challenge: pkceChallenge(verifier) };
}

/** The S256 challenge of a verifier. */
export function pkceChallenge(verifier: string): string {
  return createHash('sha256').update(verifier).digest('base64url');
}

/** An unguessable state: it is also the KV key of the pending sign-in (one subject token). */
export function createState(): string {
  return randomBytes(24).toString('base64url');
}
