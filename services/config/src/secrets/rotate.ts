/**
 * Re-encrypts every secret under the current (first) key of `SECRETS_KEYS`
 * (see ADR-0003). Each key is rewritten with compare-and-set, so a secret that
 * changes while the rotation runs is left as the newer write made it (which is
 * already under the current key).
 * @module
 */
import type { KV } from '@nats-io/kv';
import {
  isCasConflict,
  type KeyRing,
  type Logger,
  listKeys,
  SecretEnvelope,
} from '@verzend/shared';

/** What a rotation did. */
export interface RotationReport {
  scanned: number;
  rotated: number;
  alreadyCurrent: number;
  /** Changed concurrently: rewritten by someone else under the current key. */
  skipped: number;
  /** Keys whose envelope could not be read or decrypted (listed, never their values). */
  failed: string[];
}

/** Rotates every secret in the bucket to `ring.currentKeyId`. */
export async function rotateSecrets(
  kv: KV,
  ring: KeyRing,
  logger: Logger,
): Promise<RotationReport> {
  const report: RotationReport = {
    scanned: 0,
    rotated: 0,
    alreadyCurrent: 0,
    skipped: 0,
    failed: [],
  };
  const keys = await listKeys(kv);
  for (const key of keys) {
    const entry = await kv.get(key);
    if (entry?.operation !== 'PUT' || entry.length === 0) {
      continue;
    }
    report.scanned++;
    const parsed = SecretEnvelope.safeParse(safeJson(entry.string()));
    if (!parsed.success) {
      report.failed.push(key);
      continue;
    }
    if (parsed.data.kid === ring.currentKeyId) {
      report.alreadyCurrent++;
      continue;
    }
    let plain: string;
    try {
      plain = ring.decrypt(parsed.data, key);
    } catch (err) {
      logger.error({ key, err }, 'secret could not be decrypted during rotation');
      report.failed.push(key);
      continue;
    }
    try {
      await kv.update(key, JSON.stringify(ring.encrypt(plain, key)), entry.revision);
      report.rotated++;
    } catch (err) {
      if (isCasConflict(err)) {
        report.skipped++;
        continue;
      }
      throw err;
    }
  }
  return report;
}

function safeJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return null;
  }
}
