/**
 * Retention: with a short retention, old sent emails, their captures and the
 * blobs nothing references any more disappear, while drafts, queued emails and
 * everything of another company stay; a blob that a burst of 1,000 accepts
 * keeps naming survives sweeps that run during the burst (ADR-0026).
 * The sweeper here is a second replica of the dispatcher's, with its records'
 * clock moved forward; blobs are judged by the real clock and a 2 s grace.
 */
import { createHash, randomUUID } from 'node:crypto';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { jetstream, jetstreamManager } from '@nats-io/jetstream';
import {
  NatsRetentionLookups,
  RetentionSweeper,
  type SweeperDeps,
  type SweepReport,
} from '@verzend/dispatcher/testing';
import {
  BlobStore,
  createLogger,
  type EmailRecord,
  openBucket,
  openSharedBlobStore,
} from '@verzend/shared';
import { describe, expect, it } from 'vitest';
import { type ShippedNats, type Stack, startShippedNats, startStack } from '../harness';
import { compose, createCaptureAccount, getEmail, waitForStatus } from './helpers';

const DAY = 24 * 60 * 60 * 1000;
const GRACE_MS = 2_000;

/** A stack whose dispatcher never sweeps on its own, and sweepers the test runs (second replicas). */
async function retentionStack(shipped?: ShippedNats) {
  const stack = await startStack({
    services: ['config', 'dispatcher'],
    env: {
      API_RATE_LIMIT_ENABLED: 'false',
      RETENTION_BLOB_GRACE_S: String(GRACE_MS / 1000),
    },
    serviceEnv: {
      config: shipped?.serviceEnv.config ?? {},
      dispatcher: { ...shipped?.serviceEnv.dispatcher, RETENTION_ENABLED: 'false' },
    },
    // Under the shipped permissions the test's sweeper is the dispatcher: its credential.
    ...(shipped
      ? {
          nats: shipped.nats,
          natsAuth: {
            user: 'dispatcher',
            pass: shipped.passwords.dispatcher as string,
            inboxPrefix: '_INBOX_dispatcher',
          },
        }
      : {}),
  });
  const sweepers: RetentionSweeper[] = [];
  try {
    const { nc } = stack;
    const js = jetstream(nc);
    const jsm = await jetstreamManager(nc);
    const blobs = new BlobStore(await openSharedBlobStore(nc), undefined, {
      touchAfterMs: GRACE_MS / 4,
    });
    const [emails, events, lockKv] = await Promise.all([
      openBucket(nc, 'emails'),
      openBucket(nc, 'events'),
      openBucket(nc, 'retention'),
    ]);
    /** A sweeper whose records' clock is `clockShiftMs` ahead. */
    const sweeper = (clockShiftMs: number, lookups?: SweeperDeps['lookups']) => {
      const s = new RetentionSweeper(
        {
          nc,
          js,
          jsm,
          emails,
          events,
          lockKv,
          blobs,
          captureDir: stack.captureDir,
          logger: createLogger({ service: 'test', level: 'silent' }),
          clock: () => Date.now() + clockShiftMs,
          ...(lookups ? { lookups } : {}),
        },
        {
          intervalMs: 60_000,
          blobIntervalMs: 0,
          graceMs: GRACE_MS,
          batch: 10_000,
          eventsMinDays: 30,
          holder: `test-${randomUUID()}`,
        },
      );
      sweepers.push(s);
      return s;
    };
    const as = (company: string) => ({ company });

    const upload = async (company: string, bytes: Uint8Array) => {
      const sha256 = createHash('sha256').update(bytes).digest('hex');
      const res = await stack.fetch('dispatcher', `/v1/blobs/${sha256}`, {
        method: 'PUT',
        headers: { 'content-type': 'application/octet-stream' },
        body: bytes,
        claims: as(company),
      });
      expect(res.status, await res.clone().text()).toBe(201);
      return (await res.json()) as { sha256: string; size: number };
    };

    const send = async (company: string, body: Record<string, unknown>) => {
      const res = await compose(
        stack,
        { to: ['ap@fabrikam.example'], subject: 'Invoice', ...body },
        { claims: as(company) },
      );
      expect([201, 202], await res.clone().text()).toContain(res.status);
      return (await res.json()) as EmailRecord;
    };

    const setRetention = async (company: string, settings: Record<string, number>) => {
      const res = await stack.fetch('config', '/v1/retention', {
        method: 'PUT',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(settings),
        claims: as(company),
      });
      expect(res.status, await res.clone().text()).toBe(200);
    };

    const captureAccount = (company: string) =>
      createCaptureAccount({
        ...stack,
        fetch: (s, p, i) => stack.fetch(s, p, { ...i, claims: as(company) }),
      } as Stack);

    /** How many telemetry events of the company the stream holds. */
    const telemetryCount = async (company: string) => {
      const info = await jsm.streams.info('VERZEND_TELEMETRY', {
        subjects_filter: `verzend.telemetry.${company}.>`,
      });
      return Object.values(info.state.subjects ?? {}).reduce((n, c) => n + c, 0);
    };

    return {
      stack,
      blobs,
      telemetryCount,
      sweeper,
      as,
      upload,
      send,
      setRetention,
      captureAccount,
      async [Symbol.asyncDispose]() {
        for (const s of sweepers) {
          await s.stop();
        }
        await stack.stop();
      },
    };
  } catch (err) {
    await stack.stop();
    throw err;
  }
}

describe('retention', () => {
  const attachment = (blob: { sha256: string; size: number }, fileName = 'terms.pdf') => ({
    fileName,
    contentType: 'application/pdf',
    blob,
  });

  it('answers retention settings with defaults and refuses bad ones as problem+json', async () => {
    await using t = await retentionStack();
    const { stack, as, setRetention } = t;
    const company = `r${randomUUID().replaceAll('-', '').slice(0, 10)}`;
    const got = await stack.fetch('config', '/v1/retention', { claims: as(company) });
    expect(await got.json()).toEqual({
      sentEmailsDays: 90,
      failedEmailsDays: 180,
      eventRecordsDays: 90,
      capturedMessagesDays: 30,
      telemetryDays: 7,
    });
    const bad = await stack.fetch('config', '/v1/retention', {
      method: 'PUT',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ sentEmailsDays: 3, telemetryDays: 1.5, keepForever: true }),
      claims: as(company),
    });
    expect(bad.status).toBe(400);
    expect(bad.headers.get('content-type')).toMatch(/application\/problem\+json/);
    const problem = (await bad.json()) as { code: string; errors: { path: string }[] };
    expect(problem.code).toBe('VALIDATION_FAILED');
    expect(problem.errors.map((e) => e.path).join(' ')).toMatch(/sentEmailsDays/);
    const reader = await stack.fetch('config', '/v1/retention', {
      method: 'PUT',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ sentEmailsDays: 30 }),
      claims: { company, perms: ['email-read'] },
    });
    expect(reader.status).toBe(403);
    await setRetention(company, { sentEmailsDays: 30 });
    const saved = (await (
      await stack.fetch('config', '/v1/retention', { claims: as(company) })
    ).json()) as Record<string, number>;
    expect(saved.sentEmailsDays).toBe(30);
    expect(saved.failedEmailsDays).toBe(180);
  });

  it('deletes old sent emails, their captures and unreferenced blobs; keeps drafts, queued emails and another company', async () => {
    await using t = await retentionStack();
    const { stack, blobs, sweeper, as, upload, send, setRetention } = t;
    const a = `a${randomUUID().replaceAll('-', '').slice(0, 10)}`;
    const b = `b${randomUUID().replaceAll('-', '').slice(0, 10)}`;
    for (const company of [a, b]) {
      await t.captureAccount(company);
    }
    // A keeps sent emails 7 days and telemetry 1 day; B keeps the default 90 and telemetry 60.
    await setRetention(a, { sentEmailsDays: 7, telemetryDays: 1 });
    await setRetention(b, { telemetryDays: 60 });
    const shared = new TextEncoder().encode(`shared terms ${randomUUID()}`);
    const ownTerms = new TextEncoder().encode(`a's own terms ${randomUUID()}`);
    const sharedRef = await upload(a, shared);
    expect(await upload(b, shared)).toEqual(sharedRef);
    const ownRef = await upload(a, ownTerms);

    const sentA = await send(a, {
      html: `<p>A sent ${randomUUID()}</p>`,
      attachments: [attachment(sharedRef), attachment(ownRef, 'own.pdf')],
    });
    const sentB = await send(b, {
      html: `<p>B sent ${randomUUID()}</p>`,
      attachments: [attachment(sharedRef)],
    });
    const draftA = await send(a, { html: `<p>A draft ${randomUUID()}</p>`, mode: 'draft' });
    const queuedA = await send(a, {
      html: `<p>A queued ${randomUUID()}</p>`,
      notBefore: new Date(Date.now() + 365 * DAY).toISOString(),
    });
    const doneA = await waitForStatus(stack, sentA.id, ['sent'], 20_000, as(a));
    const doneB = await waitForStatus(stack, sentB.id, ['sent'], 20_000, as(b));
    const captureA = join(stack.captureDir, a, doneA.providerMessageId ?? '');
    const captureB = join(stack.captureDir, b, doneB.providerMessageId ?? '');
    expect(existsSync(captureA) && existsSync(captureB)).toBe(true);

    expect(await t.telemetryCount(a)).toBeGreaterThan(0);
    // Past the blob grace period, then a sweep as if 40 days had passed.
    await new Promise((r) => setTimeout(r, GRACE_MS + 500));
    const first = sweeper(40 * DAY);
    const report: SweepReport = await first.runOnce({ blobs: true });
    expect(report.ran).toBe(true);

    // A's sent email (7 days) is gone, with its capture (30 days) and its own blobs.
    expect((await getEmail(stack, sentA.id, as(a))).status).toBe(404);
    expect(existsSync(captureA)).toBe(false);
    expect(await blobs.exists(sentA.htmlBody?.sha256 ?? '')).toBe(false);
    expect(await blobs.exists(ownRef.sha256)).toBe(false);
    // B's sent email (90 days) stays, and so does the blob B still references.
    expect((await getEmail(stack, sentB.id, as(b))).status).toBe(200);
    expect(existsSync(captureB)).toBe(false); // B's captures keep the default 30 days
    expect(await blobs.exists(sharedRef.sha256)).toBe(true);
    expect(await blobs.exists(sentB.htmlBody?.sha256 ?? '')).toBe(true);
    // A's telemetry is purged; B's is not.
    expect(await t.telemetryCount(a)).toBe(0);
    expect(await t.telemetryCount(b)).toBeGreaterThan(0);
    // Drafts and queued emails are never swept, nor their blobs.
    for (const kept of [draftA, queuedA]) {
      const res = await getEmail(stack, kept.id, as(a));
      expect(res.status).toBe(200);
      expect(await blobs.exists(kept.htmlBody?.sha256 ?? '')).toBe(true);
    }

    // One replica sweeps at a time: another waits while the first holds the lease.
    const later = sweeper(400 * DAY);
    expect((await later.runOnce()).ran).toBe(false);
    await first.stop();
    // Years later: B's sent email goes too, and with it the last reference to the shared blob.
    expect((await later.runOnce({ blobs: true })).ran).toBe(true);
    expect((await getEmail(stack, sentB.id, as(b))).status).toBe(404);
    expect(await blobs.exists(sharedRef.sha256)).toBe(false);
    expect((await getEmail(stack, draftA.id, as(a))).status).toBe(200);
    expect((await getEmail(stack, queuedA.id, as(a))).status).toBe(200);
  }, 90_000);

  it('keeps a blob that 1,000 accepts name while sweeps run, and deletes the one nobody names', async () => {
    await using t = await retentionStack();
    const { stack, blobs, sweeper, as, upload } = t;
    const c = `c${randomUUID().replaceAll('-', '').slice(0, 10)}`;
    await t.captureAccount(c);
    const terms = await upload(c, new TextEncoder().encode(`terms ${randomUUID()}`));
    const orphan = await upload(c, new TextEncoder().encode(`never used ${randomUUID()}`));
    // Both are older than the grace period when the burst starts: only references keep them.
    await new Promise((r) => setTimeout(r, GRACE_MS + 500));

    // The first sweep marks before any email names the blob, then waits (inside its mark, after
    // reading the email records) until 100 accepts are in: the window in which a sweep that
    // judged by references alone would delete a blob those emails name.
    let reached!: () => void;
    const inMark = new Promise<void>((r) => {
      reached = r;
    });
    let release!: () => void;
    const gate = new Promise<void>((r) => {
      release = r;
    });
    const s = sweeper(0, () => {
      const real = new NatsRetentionLookups(stack.nc);
      return {
        settings: (company) => real.settings(company),
        async configBlobRefs(into) {
          reached();
          await gate;
          return real.configBlobRefs(into);
        },
      };
    });
    let accepting = true;
    const sweeps: SweepReport[] = [];
    const sweeping = (async () => {
      while (accepting) {
        sweeps.push(await s.runOnce({ blobs: true }));
      }
    })();
    const accepted: EmailRecord[] = [];
    const refused: string[] = [];
    try {
      await Promise.race([
        inMark,
        sweeping.then(() => {
          throw new Error('the sweeps ended before the first one reached its mark');
        }),
      ]);
      const body = {
        html: '<p>Please find our terms attached.</p>',
        attachments: [attachment(terms)],
      };
      const notBefore = new Date(Date.now() + 365 * DAY).toISOString();
      let next = 0;
      await Promise.all(
        Array.from({ length: 25 }, async () => {
          while (next < 1_000) {
            next++;
            const res = await compose(
              stack,
              { to: ['ap@fabrikam.example'], subject: `Order ${next}`, notBefore, ...body },
              { claims: as(c) },
            );
            if (res.status === 202) {
              accepted.push((await res.json()) as EmailRecord);
            } else {
              refused.push(`${res.status} ${await res.text()}`);
            }
            if (accepted.length >= 100) {
              release();
            }
          }
        }),
      );
    } finally {
      release();
      accepting = false;
      await sweeping;
    }
    expect(refused.slice(0, 3)).toEqual([]);
    expect(accepted).toHaveLength(1_000);
    expect(sweeps.filter((r) => r.ran && r.marked !== null).length).toBeGreaterThan(0);
    // One more sweep after the burst: the queued emails still name the blob.
    await s.runOnce({ blobs: true });
    expect(await blobs.exists(terms.sha256)).toBe(true);
    expect(await blobs.exists(orphan.sha256)).toBe(false);
    // Every accepted email is queued and can still read its attachment.
    const sample = accepted.filter((_, i) => i % 100 === 0);
    for (const email of sample) {
      const got = (await (await getEmail(stack, email.id, as(c))).json()) as EmailRecord;
      expect(got.status).toBe('queued');
      expect(got.attachments[0]?.blob.sha256).toBe(terms.sha256);
    }
    expect((await blobs.getBytes(terms.sha256)).byteLength).toBe(terms.size);
  }, 240_000);

  it("sweeps under the shipped NATS permissions with the dispatcher's credential, no right refused", async () => {
    const shipped = await startShippedNats();
    try {
      await using t = await retentionStack(shipped);
      const { stack, blobs, sweeper } = t;
      const company = stack.company;
      await t.captureAccount(company);
      await t.setRetention(company, { telemetryDays: 1 });
      const sent = await t.send(company, { html: `<p>${randomUUID()}</p>` });
      await waitForStatus(stack, sent.id, ['sent'], 20_000);
      await new Promise((r) => setTimeout(r, GRACE_MS + 500));
      const report = await sweeper(400 * DAY).runOnce({ blobs: true });
      expect(report).toMatchObject({ ran: true, emails: 1, captures: 1 });
      expect(report.telemetry).toBeGreaterThan(0);
      expect(report.blobs).toBeGreaterThan(0);
      expect(await blobs.exists(sent.htmlBody?.sha256 ?? '')).toBe(false);
      expect(shipped.nats.violations).toEqual([]);
    } finally {
      await shipped.dispose();
    }
  }, 90_000);
});
