/**
 * Deleting expired records from a KV bucket (email records, posting-event
 * records): a headers-only scan finds keys whose last write is older than the
 * shortest possible retention, only those are read and judged, and each
 * delete is conditional on the revision judged — a record that changed
 * meanwhile (an email sent again) is left for the next run.
 * @module
 */
import type { JetStreamClient } from '@nats-io/jetstream';
import type { KV } from '@nats-io/kv';
import { isCasConflict, scanStream } from '@verzend/shared';
import { mayHaveExpired } from './policy';

/** How many deletions a run may still make (shared by every part of one run). */
export interface Budget {
  left: number;
}

/** What {@link sweepRecords} needs. */
export interface RecordSweep {
  js: JetStreamClient;
  kv: KV;
  bucket: string;
  now: number;
  budget: Budget;
  /** Records last written more recently than this many days are not read. */
  minDays: number;
  /** True when the record (`<company>.<id>` → stored JSON) may be deleted now. */
  expired: (company: string, value: unknown) => Promise<boolean>;
  /** Keys judged to stay, by the revision judged: not read again until they change. */
  kept: Map<string, number>;
}

/** Largest number of kept keys remembered between runs. */
const KEPT_MAX = 100_000;

/** Deletes expired records within the budget; returns how many were deleted. */
export async function sweepRecords(s: RecordSweep): Promise<number> {
  const prefix = `$KV.${s.bucket}.`;
  const candidates: { key: string; seq: number }[] = [];
  // Judging reads each candidate: several per deletion allowed, never unbounded.
  const maxCandidates = Math.max(1, s.budget.left) * 4;
  await scanStream(
    s.js,
    `KV_${s.bucket}`,
    `${prefix}>`,
    (m) => {
      const key = m.subject.slice(prefix.length);
      if (!m.deleted && mayHaveExpired(m.time.getTime(), s.now, s.minDays)) {
        if (s.kept.get(key) !== m.seq) {
          candidates.push({ key, seq: m.seq });
        }
      }
      return candidates.length < maxCandidates;
    },
    { lastPerSubject: true, headersOnly: true },
  );
  let deleted = 0;
  for (const { key } of candidates) {
    if (s.budget.left <= 0) {
      break;
    }
    const entry = await s.kv.get(key);
    if (entry?.operation !== 'PUT' || entry.length === 0) {
      continue;
    }
    const company = key.slice(0, key.indexOf('.'));
    let value: unknown;
    try {
      value = entry.json();
    } catch {
      continue;
    }
    if (!(await s.expired(company, value))) {
      if (s.kept.size >= KEPT_MAX) {
        s.kept.clear();
      }
      s.kept.set(key, entry.revision);
      continue;
    }
    try {
      await s.kv.purge(key, { previousSeq: entry.revision });
      s.kept.delete(key);
      s.budget.left--;
      deleted++;
    } catch (err) {
      if (!isCasConflict(err)) {
        throw err;
      }
    }
  }
  return deleted;
}
