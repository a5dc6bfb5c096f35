/**
 * Random identifiers on the hot path. `crypto.randomBytes` asks the kernel or OpenSSL for every
 * call (a measurable part of the dispatcher's CPU per email at 8 bytes a call); Node's
 * `randomUUID` draws from a buffer it refills for 128 UUIDs at once, from the same generator.
 * @module
 */
import { randomUUID } from 'node:crypto';

/**
 * 64 random bits as 16 lowercase hex characters, from a version-4 UUID's fully random parts
 * (its first 8 and last 8 hex digits; the version and variant digits lie between them).
 *
 * @example
 * const id = `${Date.now().toString(36)}${randomHex64()}`;
 */
export function randomHex64(): string {
  const uuid = randomUUID();
  return `${uuid.slice(0, 8)}${uuid.slice(28)}`;
}
