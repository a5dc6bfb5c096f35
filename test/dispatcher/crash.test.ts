import { type ChildProcess, spawn } from 'node:child_process';
import { join } from 'node:path';
import type { EmailRecord } from '@verzend/shared';
import { describe, expect, it } from 'vitest';
import { SmtpSink, startStack } from '../harness';
import { compose, createSmtpAccount } from './helpers';

const root = join(import.meta.dirname, '..', '..');

/**
 * Starts a dispatcher replica as a child process (so it can be SIGKILLed). Node runs
 * it directly with tsx as a loader: the `tsx` binary would be a wrapper whose
 * SIGKILL leaves the real process running.
 */
function spawnDispatcher(env: Record<string, string>): ChildProcess {
  return spawn(
    process.execPath,
    ['--import', 'tsx', '--conditions=development', 'services/dispatcher/src/main.ts'],
    {
      cwd: root,
      env: { ...process.env, ...env },
      stdio: 'ignore',
    },
  );
}

async function until(check: () => boolean | Promise<boolean>, timeoutMs: number, what: string) {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (await check()) {
      return;
    }
    await new Promise((r) => setTimeout(r, 25));
  }
  throw new Error(`timed out waiting for ${what}`);
}

/** Pending outbox emails (queued or processing) of the company. */
async function pending(stack: Awaited<ReturnType<typeof startStack>>): Promise<number> {
  let count = 0;
  let cursor: string | null = null;
  do {
    const res: Response = await stack.fetch(
      'dispatcher',
      `/v1/outbox?status=queued,processing,failed&limit=200${cursor ? `&cursor=${cursor}` : ''}`,
    );
    const page = (await res.json()) as { items: EmailRecord[]; nextCursor: string | null };
    count += page.items.length;
    cursor = page.nextCursor;
  } while (cursor);
  return count;
}

describe('dispatcher - crash safety', () => {
  it('kill -9 of the sender mid-batch of 1,000: all sent after restart, duplicates bounded by what was in flight', async () => {
    await using sink = await SmtpSink.start({ parse: false });
    // The in-process dispatcher only accepts (API); the sender runs as a killable child.
    await using stack = await startStack({
      services: ['config', 'dispatcher'],
      serviceEnv: { dispatcher: { SENDER_ENABLED: 'false' } },
    });
    const concurrency = 5;
    const account = await createSmtpAccount(stack, sink.port, { concurrencyLimit: concurrency });
    const total = 1_000;
    const ids: string[] = [];
    for (let i = 0; i < total; i += 50) {
      const batch = await Promise.all(
        Array.from({ length: Math.min(50, total - i) }, (_, k) =>
          compose(stack, {
            to: [`c${i + k}@fabrikam.example`],
            subject: `Crash ${i + k}`,
            text: 'x',
            accountId: account.id,
          }).then(async (r) => ((await r.json()) as EmailRecord).id),
        ),
      );
      ids.push(...batch);
    }
    expect(new Set(ids).size).toBe(total);
    const childEnv = {
      ...stack.env,
      PORT: '0',
      ACK_WAIT_MS: '1000',
      SEND_TIMEOUT_MS: '2000',
      RESCAN_INTERVAL_MS: '200',
    };
    let child = spawnDispatcher({ ...childEnv, DISPATCHER_ID: 'victim' });
    try {
      await until(() => sink.messages.length >= 300, 30_000, '300 deliveries before the kill');
      child.kill('SIGKILL');
      await new Promise((r) => child.once('exit', r));
      const atKill = sink.messages.length;
      expect(atKill).toBeLessThan(total);
      child = spawnDispatcher({ ...childEnv, DISPATCHER_ID: 'survivor' });
      await until(
        () =>
          new Set(
            sink.messages.map((m) => m.raw.toString('latin1').match(/^Message-ID: (.*)$/im)?.[1]),
          ).size >= total,
        40_000,
        'every email delivered after the restart',
      );
      await until(async () => (await pending(stack)) === 0, 10_000, 'outbox empty');
      const messageIds = sink.messages.map(
        (m) =>
          m.raw
            .toString('latin1')
            .match(/^Message-ID: (.*)$/im)?.[1]
            ?.trim() ?? '',
      );
      const unique = new Set(messageIds);
      const duplicates = messageIds.length - unique.size;
      expect(unique.size).toBe(total);
      // Only sends that were in flight when the sender died can be repeated.
      expect(duplicates).toBeLessThanOrEqual(concurrency);
      // Every duplicate comes from an attempt the record shows as interrupted.
      let interrupted = 0;
      let cursor: string | null = null;
      do {
        const res: Response = await stack.fetch(
          'dispatcher',
          `/v1/sent?limit=200${cursor ? `&cursor=${cursor}` : ''}`,
        );
        const page = (await res.json()) as { items: EmailRecord[]; nextCursor: string | null };
        interrupted += page.items.filter((r) =>
          r.attempts.some((a) => a.outcome === 'interrupted'),
        ).length;
        cursor = page.nextCursor;
      } while (cursor);
      expect(interrupted).toBeLessThanOrEqual(concurrency);
      expect(duplicates).toBeLessThanOrEqual(interrupted);
    } finally {
      if (child.exitCode === null) {
        const exited = new Promise((r) => child.once('exit', r));
        child.kill('SIGKILL');
        await exited;
      }
    }
  });
});
