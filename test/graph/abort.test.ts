/**
 * A Graph send honours its abort signal (the send time-out): the request under
 * way is cut — the double sees its client hang up while it holds the request —
 * and the send rejects at once, so a send the dispatcher gave up on cannot be
 * accepted by Graph later. A connector that waited for the answer instead would
 * resolve when the hold ends, and the double would have sent the message.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  account,
  appOnly,
  context,
  type GraphFixture,
  generatedAttachment,
  message,
  startGraphFixture,
} from './fixture';

const MiB = 1024 * 1024;
/** How long the double holds the slow request: far longer than "at once". */
const HOLD_MS = 3_000;
/** What "at once" allows after the abort. */
const PROMPT_MS = 1_000;

async function until(what: string, check: () => boolean, timeoutMs = 15_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > deadline) {
      throw new Error(`gave up waiting for ${what}`);
    }
    await new Promise((r) => setTimeout(r, 10));
  }
}

/** Sends, aborts once the double holds the slow request, and says how the send ended and when. */
async function abortWhileHeld(
  fx: GraphFixture,
  attachments: ReturnType<typeof message>['attachments'],
) {
  const controller = new AbortController();
  const ctx = { ...context(account(appOnly())), signal: controller.signal };
  const sending = fx.m365.send(message({ attachments }), ctx).then(
    () => 'resolved' as const,
    () => 'rejected' as const,
  );
  await until('the double to hold the request', () => fx.double.holds.holding === 1);
  const abortedAt = Date.now();
  controller.abort(new Error('the send timed out'));
  const ended = await sending;
  return { ended, afterMs: Date.now() - abortedAt };
}

let fx: GraphFixture;
beforeEach(async () => {
  fx = await startGraphFixture();
});
afterEach(async () => {
  await fx.stop();
});

describe('Graph connector - an aborted send', () => {
  it('cuts a slow sendMail and rejects at once: Graph never sends it', async () => {
    fx.double.delay({ path: '/sendMail', method: 'POST', ms: HOLD_MS });
    const { ended, afterMs } = await abortWhileHeld(fx, []);
    expect(ended).toBe('rejected');
    expect(afterMs).toBeLessThan(PROMPT_MS);
    // Past the end of the hold: the request was cut, not answered late.
    await new Promise((r) => setTimeout(r, HOLD_MS));
    expect(fx.double.holds.cut).toEqual([
      expect.objectContaining({ method: 'POST', path: expect.stringMatching(/\/sendMail$/) }),
    ]);
    expect(fx.double.sent).toEqual([]);
  });

  it('cuts a slow upload-session chunk and rejects at once: the attachment is never completed nor sent', async () => {
    fx.double.delay({ path: '/upload/', method: 'PUT', ms: HOLD_MS });
    const { ended, afterMs } = await abortWhileHeld(fx, [
      generatedAttachment('statement.pdf', 8 * MiB),
    ]);
    expect(ended).toBe('rejected');
    expect(afterMs).toBeLessThan(PROMPT_MS);
    await new Promise((r) => setTimeout(r, HOLD_MS));
    expect(fx.double.holds.cut).toEqual([
      expect.objectContaining({ method: 'PUT', path: expect.stringMatching(/^\/upload\//) }),
    ]);
    expect(fx.double.chunks).toEqual([]);
    expect(fx.double.sent).toEqual([]);
    // Nothing was asked of Graph after the abort (no further chunk, no send of the draft).
    expect(fx.double.requests.filter((r) => /\/send$/.test(r.path))).toEqual([]);
  });
});
