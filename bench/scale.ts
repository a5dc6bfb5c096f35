/**
 * `pnpm bench scale`: posted invoices → rendered → sent to an SMTP sink that
 * takes 20 ms per message, with 1, 2 and 3 dispatcher processes (renderer 1,
 * then 2) from the compiled build, on one nats-server and on a three-node
 * cluster (R3), in one run. Throughput is events per second from the first
 * publish until the last email reached the sink, after a warm-up batch.
 * Efficiency(n) = throughput(n) / (n × throughput(1)); cluster_vs_single is the
 * cluster's 3-replica throughput over one server's.
 *
 * BENCH_SCALE_EVENTS (default 300) events per trial; each trial has its own
 * servers and company.
 * @module
 */
import { SmtpSink } from '../test/harness';
import { buildOnce, NatsNodes, startDeployment } from '../test/scale/deployment';
import { drained, postEvents, setUpCompany, tally } from '../test/scale/run';
import { printResult, printTable } from './util';

const EVENTS = Number(process.env.BENCH_SCALE_EVENTS ?? 300);
const WARMUP = 30;

interface Trial {
  topology: 'single' | 'cluster';
  dispatchers: number;
  renderers: number;
  perSecond: number;
  lost: number;
  duplicates: number;
}

async function trial(topology: Trial['topology'], dispatchers: number): Promise<Trial> {
  const renderers = dispatchers === 1 ? 1 : 2;
  const nats = await NatsNodes.start(topology === 'single' ? 1 : 3);
  const sink = await SmtpSink.start({ parse: false, dataDelayMs: 20 });
  const d = await startDeployment({
    nats,
    replicas: { config: 1, renderer: renderers, dispatcher: dispatchers },
    env: { LOG_LEVEL: 'warn' },
  });
  try {
    await setUpCompany(d, sink, { concurrencyLimit: 10 });
    const erp = await nats.erpClient(d.company);
    await postEvents(erp, d.company, WARMUP, { prefix: 'WARM' });
    await drained(sink, WARMUP, 120_000);
    sink.messages.length = 0;
    const started = Date.now();
    await postEvents(erp, d.company, EVENTS, { prefix: 'SI' });
    await drained(sink, EVENTS, 600_000);
    const seconds = (Math.max(...sink.messages.map((m) => m.receivedAt)) - started) / 1000;
    await erp.close();
    const t = tally(sink, EVENTS);
    return {
      topology,
      dispatchers,
      renderers,
      perSecond: EVENTS / seconds,
      lost: t.lost,
      duplicates: t.duplicates,
    };
  } finally {
    await d.dispose();
    await sink.stop();
    await nats.dispose();
  }
}

buildOnce();
const trials: Trial[] = [];
for (const topology of ['single', 'cluster'] as const) {
  for (const n of [1, 2, 3]) {
    trials.push(await trial(topology, n));
  }
}
const rate = (topology: Trial['topology'], n: number) =>
  trials.find((t) => t.topology === topology && t.dispatchers === n)?.perSecond ?? Number.NaN;
printTable(
  trials.map((t) => ({
    topology: t.topology,
    dispatchers: t.dispatchers,
    renderers: t.renderers,
    'emails/s': t.perSecond,
    efficiency: t.perSecond / (t.dispatchers * rate(t.topology, 1)),
    lost: t.lost,
    duplicates: t.duplicates,
  })),
);
printResult('scale', {
  eff_3: rate('single', 3) / (3 * rate('single', 1)),
  per_s_1: rate('single', 1),
  per_s_3: rate('single', 3),
  cluster_vs_single: rate('cluster', 3) / rate('single', 3),
  events: EVENTS,
});
