import type { Consumer, JsMsg } from '@nats-io/jetstream';
import { describe, expect, it } from 'vitest';
import { createLogger } from '../logger';
import { PullLoop } from './pull-loop';

const logger = createLogger({ service: 'test', level: 'silent' });

interface FakeMsg {
  seq: number;
  acts: string[];
  working(): void;
  ack(): void;
  nak(): void;
}

function msg(seq: number, breakOnWorking = false): FakeMsg {
  const acts: string[] = [];
  return {
    seq,
    acts,
    working() {
      if (breakOnWorking) {
        throw new Error('connection closed');
      }
      acts.push('working');
    },
    ack: () => acts.push('ack'),
    nak: () => acts.push('nak'),
  };
}

/** A consumer serving queued messages, recording how many each pull asked for. */
function consumer(queue: FakeMsg[], beforeYield?: () => Promise<void>) {
  const asked: number[] = [];
  const c = {
    async fetch(opts: { max_messages: number; expires: number }) {
      asked.push(opts.max_messages);
      const batch = queue.splice(0, opts.max_messages);
      return (async function* () {
        if (batch.length === 0) {
          await new Promise((r) => setTimeout(r, 5));
        }
        for (const m of batch) {
          await beforeYield?.();
          yield m as unknown as JsMsg;
        }
      })();
    },
  };
  return { consumer: c as unknown as Consumer, asked };
}

const gate = () => {
  let open!: () => void;
  const opened = new Promise<void>((r) => {
    open = r;
  });
  return { open, opened };
};

describe('PullLoop', () => {
  it('pulls only the free places and never holds more than its capacity', async () => {
    const queue = Array.from({ length: 10 }, (_, i) => msg(i + 1));
    const { consumer: c, asked } = consumer(queue);
    let inHand = 0;
    let most = 0;
    const done = gate();
    let handled = 0;
    const loop = new PullLoop({
      consumer: async () => c,
      handle: async (m) => {
        inHand++;
        most = Math.max(most, inHand);
        await new Promise((r) => setTimeout(r, 2));
        inHand--;
        m.ack();
        if (++handled === 10) {
          done.open();
        }
      },
      capacity: 3,
      pullExpiresMs: 10,
      ackWaitMs: 30_000,
      logger,
      what: 'test',
    });
    loop.start();
    await done.opened;
    await loop.stop();
    expect(most).toBeLessThanOrEqual(3);
    expect(Math.max(...asked)).toBeLessThanOrEqual(3);
    expect(queue.length).toBe(0);
  });

  it('pulls no more than the room it is given, and keeps pulling when the room drops below a batch', async () => {
    const queue = Array.from({ length: 20 }, (_, i) => msg(i + 1));
    const { consumer: c, asked } = consumer(queue);
    let room = 8;
    const done = gate();
    let handled = 0;
    const loop = new PullLoop({
      consumer: async () => c,
      handle: async (m) => {
        await new Promise((r) => setTimeout(r, 2));
        m.ack();
        // Other replicas take the account's places: one left for this loop.
        room = 0;
        if (++handled === 20) {
          done.open();
        }
      },
      capacity: 8,
      batchMin: 2,
      room: () => room,
      pullExpiresMs: 10,
      ackWaitMs: 30_000,
      logger,
      what: 'test',
    });
    loop.start();
    const stalled = new Promise((r) => setTimeout(() => r('stalled'), 5_000));
    expect(await Promise.race([done.opened.then(() => 'done'), stalled])).toBe('done');
    await loop.stop();
    expect(asked[0]).toBe(8);
    expect(Math.max(...asked.slice(1))).toBe(1);
  });

  it('on stop hands back what the pull still brings and waits for the handlers', async () => {
    const first = msg(1);
    const late = msg(2);
    const stopNow = gate();
    const release = gate();
    let yielded = 0;
    const { consumer: c } = consumer([first, late], async () => {
      if (yielded++ === 1) {
        // The second message arrives after stop was called.
        await stopNow.opened;
      }
    });
    let finished = false;
    const loop = new PullLoop({
      consumer: async () => c,
      handle: async (m, signal) => {
        stopNow.open();
        await release.opened;
        expect(signal.aborted).toBe(true);
        m.ack();
        finished = true;
      },
      capacity: 5,
      pullExpiresMs: 10,
      ackWaitMs: 30_000,
      logger,
      what: 'test',
    });
    loop.start();
    await stopNow.opened;
    const stopping = loop.stop();
    setTimeout(() => release.open(), 5);
    await stopping;
    expect(finished).toBe(true);
    expect(first.acts).toEqual(['ack']);
    expect(late.acts).toEqual(['nak']);
  });

  it('halt begins the stop at once: no new pull, and stop then only waits for the pull under way', async () => {
    const pullEnds = gate();
    let pulls = 0;
    const c = {
      async fetch() {
        pulls++;
        const nothing: JsMsg[] = [];
        return (async function* () {
          // A pull with nothing to bring runs out when it expires.
          await pullEnds.opened;
          yield* nothing;
        })();
      },
    } as unknown as Consumer;
    const loop = new PullLoop({
      consumer: async () => c,
      handle: async () => undefined,
      capacity: 2,
      pullExpiresMs: 1_000,
      ackWaitMs: 30_000,
      logger,
      what: 'test',
    });
    loop.start();
    await new Promise((r) => setTimeout(r, 5));
    loop.halt();
    expect(loop.stopped).toBe(true);
    let stopped = false;
    const stopping = loop.stop().then(() => {
      stopped = true;
    });
    await new Promise((r) => setTimeout(r, 5));
    expect(stopped).toBe(false);
    pullEnds.open();
    await stopping;
    expect(pulls).toBe(1);
  });

  it('keeps messages alive with heartbeats, and a heartbeat on a closing connection throws nothing', async () => {
    const alive = msg(1);
    const broken = msg(2, true);
    const { consumer: c } = consumer([alive, broken]);
    let handled = 0;
    const done = gate();
    const loop = new PullLoop({
      consumer: async () => c,
      handle: async (m) => {
        await new Promise((r) => setTimeout(r, 60));
        m.ack();
        if (++handled === 2) {
          done.open();
        }
      },
      capacity: 2,
      pullExpiresMs: 10,
      ackWaitMs: 30,
      heartbeatMinMs: 10,
      logger,
      what: 'test',
    });
    loop.start();
    await done.opened;
    await loop.stop();
    expect(alive.acts).toContain('working');
    expect(alive.acts.at(-1)).toBe('ack');
    expect(broken.acts).toEqual(['ack']);
  });

  it('naks a message whose handler throws, and ends by itself when idle', async () => {
    const bad = msg(1);
    const { consumer: c } = consumer([bad]);
    const ended = gate();
    const loop = new PullLoop({
      consumer: async () => c,
      handle: async () => {
        throw new Error('boom');
      },
      capacity: 1,
      pullExpiresMs: 5,
      ackWaitMs: 30_000,
      idleMs: 20,
      logger,
      what: 'test',
    });
    loop.start(() => ended.open());
    await ended.opened;
    expect(bad.acts).toEqual(['nak']);
    await loop.stop();
  });
});
