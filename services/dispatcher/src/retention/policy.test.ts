import { defaultRetention, type RetentionSettings } from '@verzend/shared';
import { describe, expect, it } from 'vitest';
import {
  blobDeletable,
  captureExpired,
  DAY_MS,
  emailExpired,
  eventExpired,
  mayHaveExpired,
  mayTakeLease,
  telemetryCutoff,
  touchAfterMs,
} from './policy';

const now = Date.parse('2026-12-06T12:00:00.000Z');
const ago = (days: number) => new Date(now - days * DAY_MS).toISOString();
const settings: RetentionSettings = {
  ...defaultRetention(),
  sentEmailsDays: 30,
  failedEmailsDays: 60,
};

describe('emailExpired', () => {
  it('deletes a sent email once its retention has passed since it was sent', () => {
    expect(
      emailExpired({ status: 'sent', sentAt: ago(31), updatedAt: ago(31) }, settings, now),
    ).toBe(true);
    expect(
      emailExpired({ status: 'sent', sentAt: ago(29), updatedAt: ago(40) }, settings, now),
    ).toBe(false);
  });

  it('counts failed and cancelled emails from their last change, with their own retention', () => {
    for (const status of ['failed', 'cancelled'] as const) {
      expect(emailExpired({ status, sentAt: null, updatedAt: ago(59) }, settings, now)).toBe(false);
      expect(emailExpired({ status, sentAt: null, updatedAt: ago(61) }, settings, now)).toBe(true);
    }
  });

  it('never deletes drafts, queued or processing emails, however old', () => {
    for (const status of ['draft', 'queued', 'processing'] as const) {
      expect(emailExpired({ status, sentAt: null, updatedAt: ago(10_000) }, settings, now)).toBe(
        false,
      );
    }
  });

  it('keeps a record whose dates cannot be read', () => {
    expect(
      emailExpired({ status: 'sent', sentAt: 'garbage', updatedAt: 'garbage' }, settings, now),
    ).toBe(false);
  });
});

describe('eventExpired', () => {
  const s = { ...settings, eventRecordsDays: 10 };
  it('deletes final event records older than the setting', () => {
    for (const status of ['queued', 'draft', 'skipped', 'failed'] as const) {
      expect(eventExpired({ status, updatedAt: ago(11), nextAttemptAt: null }, s, now, 7)).toBe(
        true,
      );
    }
  });
  it('keeps events still being worked on, or with a retry scheduled', () => {
    for (const status of ['received', 'processing'] as const) {
      expect(eventExpired({ status, updatedAt: ago(500), nextAttemptAt: null }, s, now, 7)).toBe(
        false,
      );
    }
    expect(
      eventExpired({ status: 'failed', updatedAt: ago(500), nextAttemptAt: ago(-1) }, s, now, 7),
    ).toBe(false);
  });
  it('keeps a record as long as the events stream may still deliver its event', () => {
    expect(
      eventExpired({ status: 'queued', updatedAt: ago(11), nextAttemptAt: null }, s, now, 14),
    ).toBe(false);
    expect(
      eventExpired({ status: 'queued', updatedAt: ago(15), nextAttemptAt: null }, s, now, 14),
    ).toBe(true);
  });
});

describe('blobDeletable', () => {
  const sweepStart = now;
  const graceMs = 60_000;
  it('deletes an unmarked blob whose lease began more than the grace period before the mark', () => {
    expect(blobDeletable({ marked: false, storedAt: now - 61_000, sweepStart, graceMs })).toBe(
      true,
    );
  });
  it('keeps a marked blob however old', () => {
    expect(blobDeletable({ marked: true, storedAt: 0, sweepStart, graceMs })).toBe(false);
  });
  it('keeps a blob stored or touched within the grace period, even unreferenced', () => {
    expect(blobDeletable({ marked: false, storedAt: now - 59_000, sweepStart, graceMs })).toBe(
      false,
    );
    expect(blobDeletable({ marked: false, storedAt: now + 5_000, sweepStart, graceMs })).toBe(
      false,
    );
  });
});

describe('touchAfterMs', () => {
  it('is a quarter of the grace period, at most 15 minutes', () => {
    expect(touchAfterMs(4_000)).toBe(1_000);
    expect(touchAfterMs(24 * 60 * 60_000)).toBe(15 * 60_000);
  });
});

describe('the other judgements', () => {
  it('filters out records written more recently than the shortest retention', () => {
    expect(mayHaveExpired(now - 6 * DAY_MS, now)).toBe(false);
    expect(mayHaveExpired(now - 7 * DAY_MS, now)).toBe(true);
  });
  it('deletes captures older than the setting', () => {
    expect(captureExpired(now - 31 * DAY_MS, settings, now)).toBe(true);
    expect(captureExpired(now - 29 * DAY_MS, settings, now)).toBe(false);
  });
  it('cuts telemetry at the setting', () => {
    expect(telemetryCutoff({ ...settings, telemetryDays: 3 }, now)).toBe(now - 3 * DAY_MS);
  });
  it('lets one holder at a time take the sweeper lease', () => {
    expect(mayTakeLease(null, 'a', now)).toBe(true);
    expect(mayTakeLease({ holder: 'b', until: now + 1 }, 'a', now)).toBe(false);
    expect(mayTakeLease({ holder: 'a', until: now + 1 }, 'a', now)).toBe(true);
    expect(mayTakeLease({ holder: 'b', until: now }, 'a', now)).toBe(true);
  });
});
