/**
 * Mark and sweep of content-addressed blobs (ADR-0026). The mark collects every
 * hash a record can name — current email records, every message in the events
 * stream, the configuration (asked of config) — after noting when it started;
 * the sweep deletes objects that nothing marked and whose lease (the time their
 * meta was last stored or touched) began more than the grace period before the
 * mark started, each delete conditional on the meta revision judged. A writer
 * that stores or references an existing blob touches a stale lease first, so
 * the sweep can never delete a blob a record is about to name.
 * @module
 */
import type { JetStreamClient } from '@nats-io/jetstream';
import { type BlobStore, Buckets, collectBlobRefs, Streams, scanStream } from '@verzend/shared';
import type { RetentionLookups } from './lookups';
import { blobDeletable } from './policy';
import type { Budget } from './records';

/** What {@link sweepBlobs} needs. */
export interface BlobSweep {
  js: JetStreamClient;
  blobs: BlobStore;
  lookups: RetentionLookups;
  graceMs: number;
  budget: Budget;
}

/** What one blob sweep did. */
export interface BlobSweepReport {
  /** Distinct hashes referenced by some record. */
  marked: number;
  deleted: number;
  bytes: number;
}

/** Every hash referenced by a record, read after `sweepStart`. */
async function mark(s: BlobSweep): Promise<Set<string>> {
  const marks = new Set<string>();
  const collect = (m: { data: Uint8Array; deleted: boolean }) => {
    if (!m.deleted) {
      collectBlobRefs(m.data, marks);
    }
    return true;
  };
  await scanStream(s.js, `KV_${Buckets.emails}`, `$KV.${Buckets.emails}.>`, collect, {
    lastPerSubject: true,
  });
  // Posting events still in the stream may name uploaded datasets and attachments.
  await scanStream(s.js, Streams.events.name, Streams.events.subjects[0], collect, {
    leaveConsumer: true,
  });
  await s.lookups.configBlobRefs(marks);
  return marks;
}

/**
 * One mark and sweep. Any failure of the mark ends it before anything is
 * deleted: an incomplete mark would condemn blobs in use.
 */
export async function sweepBlobs(s: BlobSweep): Promise<BlobSweepReport> {
  const sweepStart = Date.now();
  const marks = await mark(s);
  const doomed: { sha256: string; revision: number; size: number }[] = [];
  await s.blobs.objects((o) => {
    if (
      blobDeletable({
        marked: marks.has(o.sha256),
        storedAt: o.storedAt,
        sweepStart,
        graceMs: s.graceMs,
      })
    ) {
      doomed.push(o);
    }
    return doomed.length < s.budget.left;
  });
  let deleted = 0;
  let bytes = 0;
  for (const o of doomed) {
    if (s.budget.left <= 0) {
      break;
    }
    if (await s.blobs.deleteIfUnchanged(o.sha256, o.revision)) {
      deleted++;
      bytes += o.size;
      s.budget.left--;
    }
  }
  return { marked: marks.size, deleted, bytes };
}
