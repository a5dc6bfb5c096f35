/**
 * Finding the blob references a stored record holds, and reading every latest
 * value of a KV bucket (or every message of a stream) once: the mark phase of
 * the blob sweeper (docs/adr/0026-retention-and-blob-collection.md).
 *
 * A reference is any `"sha256":"<64 hex>"` in a record's JSON, whatever the
 * record's shape: layouts, default attachments, email bodies and attachments
 * all carry a `BlobRef`, and a record type added later is covered without
 * telling the sweeper.
 * @module
 */
import { DeliverPolicy, type JetStreamClient } from '@nats-io/jetstream';

const REF = /"sha256"\s*:\s*"([a-f0-9]{64})"/g;
const decoder = new TextDecoder();
/** A scan that receives nothing for this long asks the server whether anything is left. */
const IDLE_MS = 1_000;
/** Longest a scan may take before it is given up as incomplete. */
const MAX_SCAN_MS = 10 * 60_000;

/** Adds every blob hash referenced in `json` (a record's stored text or bytes) to `into`. */
export function collectBlobRefs(json: string | Uint8Array, into: Set<string>): Set<string> {
  const text = typeof json === 'string' ? json : decoder.decode(json);
  for (const m of text.matchAll(REF)) {
    into.add(m[1] as string);
  }
  return into;
}

/** One message of a scan. */
export interface ScannedMessage {
  subject: string;
  data: Uint8Array;
  /** Stream sequence (the KV revision). */
  seq: number;
  /** Server time the message was stored. */
  time: Date;
  /** True for KV deletes and purges (no value). */
  deleted: boolean;
}

/**
 * Reads a stream once with an ordered consumer: the latest message of every
 * subject (`lastPerSubject`, a KV bucket's current values) or every message,
 * from the moment it starts; what is written while it runs may or may not be
 * seen. `onMessage` runs for each in order (returning `false` ends the scan
 * early); the scan ends at the last message that was pending when it started.
 */
export async function scanStream(
  js: JetStreamClient,
  stream: string,
  filter: string,
  onMessage: (m: ScannedMessage) => undefined | boolean | Promise<undefined | boolean>,
  opts: { lastPerSubject?: boolean; headersOnly?: boolean; leaveConsumer?: boolean } = {},
): Promise<void> {
  const consumer = await js.consumers.get(stream, {
    filter_subjects: filter,
    deliver_policy: opts.lastPerSubject ? DeliverPolicy.LastPerSubject : DeliverPolicy.All,
    ...(opts.headersOnly ? { headers_only: true } : {}),
  });
  try {
    const info = await consumer.info(true);
    if (info.num_pending === 0) {
      return;
    }
    const messages = await consumer.consume({ max_messages: 512 });
    // The scan normally ends at the message that leaves nothing pending. Messages counted as
    // pending can vanish before delivery (a key purged or rewritten meanwhile): after a quiet
    // second the server is asked, and the scan ends once it has nothing left to deliver.
    let last = Date.now();
    let incomplete = false;
    const started = last;
    const watch = setInterval(async () => {
      if (Date.now() - last < IDLE_MS) {
        return;
      }
      const now = await consumer.info().catch(() => null);
      if (now?.num_pending === 0) {
        messages.stop();
      } else if (Date.now() - started > MAX_SCAN_MS) {
        incomplete = true;
        messages.stop();
      }
    }, IDLE_MS);
    try {
      for await (const m of messages) {
        last = Date.now();
        const op = m.headers?.get('KV-Operation');
        const go = await onMessage({
          subject: m.subject,
          data: m.data,
          seq: m.seq,
          time: m.time,
          deleted: op === 'DEL' || op === 'PURGE',
        });
        if (go === false || m.info.pending === 0) {
          break;
        }
      }
    } finally {
      clearInterval(watch);
    }
    if (incomplete) {
      throw new Error(`Reading ${stream} did not finish within ${MAX_SCAN_MS / 60_000} minutes.`);
    }
  } finally {
    // Where the reader may not delete consumers, the server removes an idle ordered one itself.
    if (!opts.leaveConsumer) {
      await consumer.delete().catch(() => undefined);
    }
  }
}
