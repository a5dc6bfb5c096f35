/**
 * Fault tests on real processes from the compiled build, on a three-node NATS
 * cluster (R3 streams and buckets): 2 config, 2 renderer and 3 dispatcher
 * processes. Counts are a tenth of the full ones unless VERZEND_FAULT_FULL=1.
 */
import { describe, expect, it } from 'vitest';
import { SmtpSink } from '../harness';
import { buildOnce, type Deployment, NatsNodes, startDeployment } from './deployment';
import {
  ApiProbe,
  drained,
  eventStates,
  OUTAGE_IS_503,
  type Probe,
  peakPerWindow,
  postEvents,
  report,
  scaled,
  setUpCompany,
  tally,
} from './run';

/** Read routes of every service, called throughout a fault. */
export const PROBED: Probe[] = [
  ['dispatcher', '/v1/events?limit=1'],
  ['dispatcher', '/v1/outbox?limit=1'],
  ['config', '/v1/accounts'],
];

/** A cluster and a deployment on it for one test; both gone afterwards. */
async function onCluster<T>(run: (d: Deployment, nats: NatsNodes) => Promise<T>): Promise<T> {
  buildOnce();
  const nats = await NatsNodes.start(3);
  let d: Deployment | undefined;
  try {
    d = await startDeployment({
      nats,
      replicas: { config: 2, renderer: 2, dispatcher: 3 },
      // One-second rate windows, so a run of a few hundred emails crosses many of them.
      serviceEnv: {
        dispatcher: {
          RATE_WINDOW_MS: '1000',
          BASE_BACKOFF_MS: '200',
          MAX_BACKOFF_MS: '2000',
        },
      },
    });
    return await run(d, nats);
  } finally {
    await d?.dispose();
    await nats.dispose();
  }
}

describe('on a three-node NATS cluster, every service its own process', () => {
  it('posted events while a NATS node is killed and restarted: none lost, none twice, limits held, API 2xx or 503', async () => {
    await onCluster(async (d, nats) => {
      const n = scaled(1_000);
      await using sink = await SmtpSink.start({ parse: false, dataDelayMs: 10 });
      const limits = { concurrencyLimit: 4, rateLimitPerMinute: 60 };
      await setUpCompany(d, sink, limits);
      const erp = await nats.erpClient(d.company);
      const probe = new ApiProbe();
      probe.start(d, PROBED);
      let killed = false;
      let restarted: Promise<void> | undefined;
      const { retries } = await postEvents(erp, d.company, n, {
        onProgress: (done) => {
          if (!killed && done >= n * 0.3) {
            killed = true;
            void nats.stop(1, { kill: true });
          } else if (killed && !restarted && done >= n * 0.6) {
            restarted = nats.start(1);
          }
        },
      });
      await restarted;
      const ms = await drained(sink, n, 240_000);
      await probe.stop();
      await erp.close();
      const t = tally(sink, n);
      const peak = peakPerWindow(sink, 1000);
      const events = t.lost > 0 ? await eventStates(d) : undefined;
      report('cluster: NATS node kill -9 and restart', {
        events: n,
        ...t,
        fiveXx: probe.fiveXx,
        hung: probe.hung,
        publishRetries: retries,
        drainMs: ms,
        maxConcurrent: sink.maxReceiving,
        peakPerWindow: peak,
        slotWarnings: d.processes.flatMap((p) => p.warnings).filter((w) => w.includes('slot')),
        statuses: Object.fromEntries(probe.statuses),
        apiChecked: OUTAGE_IS_503,
        ...(events ? { events } : {}),
      });
      expect(t.lost).toBe(0);
      expect(t.duplicates).toBe(0);
      expect(sink.maxReceiving).toBeLessThanOrEqual(limits.concurrencyLimit);
      expect(peak).toBeLessThanOrEqual(limits.rateLimitPerMinute);
      if (OUTAGE_IS_503) {
        expect(probe.bad).toEqual([]);
      }
    });
  }, 400_000);

  it('rolling restart of every service, one process at a time, during a run: none lost, no 5xx', async () => {
    await onCluster(async (d, nats) => {
      const n = scaled(1_000);
      await using sink = await SmtpSink.start({ parse: false });
      await setUpCompany(d, sink, { concurrencyLimit: 5 });
      const erp = await nats.erpClient(d.company);
      const probe = new ApiProbe();
      probe.start(d, PROBED);
      const posting = postEvents(erp, d.company, n, { concurrency: 4 });
      // One process at a time: drained (SIGTERM), then started again and ready before the next.
      for (const p of [...d.processes]) {
        await p.stop('SIGTERM');
        await p.start();
      }
      const { retries } = await posting;
      const ms = await drained(sink, n, 240_000);
      await probe.stop();
      await erp.close();
      const t = tally(sink, n);
      const events = t.lost > 0 ? await eventStates(d) : undefined;
      report('cluster: rolling restart of all 7 processes', {
        events: n,
        ...t,
        fiveXx: probe.fiveXx,
        hung: probe.hung,
        publishRetries: retries,
        drainMs: ms,
        statuses: Object.fromEntries(probe.statuses),
        ...(events ? { events } : {}),
      });
      expect(t.lost).toBe(0);
      expect(t.duplicates).toBe(0);
      expect(probe.fiveXxSeen).toEqual([]);
      expect(probe.fiveXx).toBe(0);
    });
  }, 400_000);
});
