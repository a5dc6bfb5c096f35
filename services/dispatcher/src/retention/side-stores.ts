/**
 * The retention of what lives outside the dispatcher's buckets: the capture
 * connector's `.eml` files (`CAPTURE_DIR/<company>/`) and the company's
 * events in the telemetry stream.
 * @module
 */
import { readdir, rm, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { DeliverPolicy, type JetStreamClient, type JetStreamManager } from '@nats-io/jetstream';
import { type RetentionSettings, Streams, Subjects } from '@verzend/shared';
import { captureExpired, telemetryCutoff } from './policy';
import type { Budget } from './records';

const COMPANY = /^[A-Za-z0-9_-]{1,64}$/;

/** Deletes captured messages older than each company's setting; returns how many. */
export async function sweepCaptures(
  captureDir: string,
  settingsOf: (company: string) => Promise<RetentionSettings>,
  now: number,
  budget: Budget,
): Promise<number> {
  let companies: string[];
  try {
    companies = (await readdir(captureDir)).filter((name) => COMPANY.test(name));
  } catch {
    return 0; // no capture folder yet
  }
  let deleted = 0;
  for (const company of companies) {
    const settings = await settingsOf(company);
    const dir = join(captureDir, company);
    const files = await readdir(dir).catch(() => [] as string[]);
    for (const name of files) {
      if (budget.left <= 0) {
        return deleted;
      }
      if (!name.endsWith('.eml') && !name.endsWith('.partial')) {
        continue;
      }
      const file = join(dir, name);
      const info = await stat(file).catch(() => null);
      if (info?.isFile() && captureExpired(info.mtimeMs, settings, now)) {
        await rm(file, { force: true });
        budget.left--;
        deleted++;
      }
    }
  }
  return deleted;
}

/**
 * The first stream sequence stored at or after `cutoff` (the server finds it
 * for a consumer that starts at a time), or `last + 1` when there is none.
 */
async function firstSeqFrom(js: JetStreamClient, cutoff: number, last: number): Promise<number> {
  const consumer = await js.consumers.get(Streams.telemetry.name, {
    filter_subjects: Streams.telemetry.subjects[0],
    deliver_policy: DeliverPolicy.StartTime,
    opt_start_time: new Date(cutoff).toISOString(),
  });
  try {
    const m = await consumer.next({ expires: 2_000 });
    return m ? m.seq : last + 1;
  } finally {
    await consumer.delete().catch(() => undefined);
  }
}

/**
 * Purges each company's telemetry older than its setting (the stream's own age
 * limit applies to everyone first); returns how many events were purged.
 */
export async function sweepTelemetry(
  js: JetStreamClient,
  jsm: JetStreamManager,
  settingsOf: (company: string) => Promise<RetentionSettings>,
  now: number,
): Promise<number> {
  const info = await jsm.streams.info(Streams.telemetry.name, {
    subjects_filter: Streams.telemetry.subjects[0],
  });
  const { first_seq: first, last_seq: last } = info.state;
  const maxAgeMs = info.config.max_age / 1_000_000;
  const companies = new Set(
    Object.keys(info.state.subjects ?? {})
      .map((subject) => subject.split('.')[2] ?? '')
      .filter((company) => COMPANY.test(company)),
  );
  let purged = 0;
  for (const company of companies) {
    const cutoff = telemetryCutoff(await settingsOf(company), now);
    if (maxAgeMs > 0 && cutoff <= now - maxAgeMs) {
      continue;
    }
    const seq = await firstSeqFrom(js, cutoff, last);
    if (seq <= first) {
      continue;
    }
    const result = await jsm.streams.purge(Streams.telemetry.name, {
      filter: Subjects.companyTelemetry(company),
      seq,
    });
    purged += result.purged;
  }
  return purged;
}
