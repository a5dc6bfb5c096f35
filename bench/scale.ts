/**
 * `pnpm bench scale`: posted invoices → rendered → sent to an SMTP sink that
 * takes 20 ms per message, with 1, 2 and 3 dispatcher processes (renderer 1,
 * then 2) from the compiled build, on one nats-server and on a three-node
 * cluster (R3), in one run. Throughput is events per second from the first
 * publish until the last email reached the sink, after a warm-up batch.
 * Efficiency(n) = throughput(n) / (n × throughput(1)); cluster_vs_single is the
 * cluster's 3-replica throughput over one server's.
 *
 * What bounds one replica is its sending capacity, not CPU: each replica keeps
 * at most `SMTP_MAX_CONNECTIONS` connections to the sink (BENCH_SCALE_CONNECTIONS,
 * default 1), and the account's concurrency limit (global, across replicas) is
 * set high enough never to bind, so n replicas may send n times as much. The
 * table shows the CPU every process used per email and the share of the
 * machine's cores the run took: at 1 replica it must stay well below 1, or the
 * run measured CPU, not scaling.
 *
 * BENCH_SCALE_SINK_MS (default 20) sets the sink's time per message: a longer one
 * shows how replicas add up where the machine's CPU binds less (the RESULT line's
 * figures are for 20 ms). BENCH_SCALE_EVENTS (default 300) events per trial; each trial has its own
 * servers and company. BENCH_SCALE_TOPOLOGIES (`single,cluster`) and
 * BENCH_SCALE_DISPATCHERS (`1,2,3`) pick trials for a quick look; the RESULT
 * line needs the defaults. BENCH_NODE_ARGS passes flags to the service processes
 * (e.g. `--cpu-prof --cpu-prof-dir=/tmp/prof`; they are then stopped with SIGTERM, so
 * a profile is written).
 * @module
 */
import { availableParallelism } from 'node:os';
import { SmtpSink } from '../test/harness';
import { buildOnce, type Deployment, NatsNodes, startDeployment } from '../test/scale/deployment';
import { drained, postEvents, setUpCompany, tally } from '../test/scale/run';
import { cpuSeconds, printResult, printTable } from './util';

const EVENTS = Number(process.env.BENCH_SCALE_EVENTS ?? 300);
const WARMUP = 30;
const SINK_DELAY_MS = Number(process.env.BENCH_SCALE_SINK_MS ?? 20);
/** SMTP connections per dispatcher replica: one replica's sending capacity. */
const CONNECTIONS = Number(process.env.BENCH_SCALE_CONNECTIONS ?? 1);
/**
 * The account's concurrency limit (global, at most 10): room for every replica's connections,
 * so it never binds.
 */
const ACCOUNT_LIMIT = Number(process.env.BENCH_SCALE_ACCOUNT_LIMIT ?? 10);
const TOPOLOGIES = (process.env.BENCH_SCALE_TOPOLOGIES ?? 'single,cluster').split(',') as Array<
  'single' | 'cluster'
>;
const DISPATCHERS = (process.env.BENCH_SCALE_DISPATCHERS ?? '1,2,3').split(',').map(Number);
const CORES = availableParallelism();

interface Trial {
  topology: 'single' | 'cluster';
  dispatchers: number;
  renderers: number;
  perSecond: number;
  lost: number;
  duplicates: number;
  /** CPU seconds per email, by part (dispatcher, renderer, config, nats, bench = sink + ERP). */
  cpuMs: Record<string, number>;
  /** Share of the machine's cores the measured batch used (all parts). */
  cpuShare: number;
  /** Most messages the sink received at once. */
  peakSending: number;
}

/** CPU seconds so far of every part of the deployment, by part. */
function cpuByPart(d: Deployment, nats: NatsNodes): Record<string, number> {
  const parts: Record<string, number> = {};
  const add = (part: string, s: number | null) => {
    parts[part] = (parts[part] ?? 0) + (s ?? 0);
  };
  for (const p of d.processes) {
    add(p.name, cpuSeconds(p.pid));
  }
  for (const n of nats.nodes) {
    add('nats', cpuSeconds(n.proc?.pid));
  }
  const own = process.cpuUsage();
  add('bench', (own.user + own.system) / 1e6);
  return parts;
}

async function trial(topology: Trial['topology'], dispatchers: number): Promise<Trial> {
  const renderers = dispatchers === 1 ? 1 : 2;
  const nats = await NatsNodes.start(topology === 'single' ? 1 : 3);
  const sink = await SmtpSink.start({ parse: false, dataDelayMs: SINK_DELAY_MS });
  const d = await startDeployment({
    nats,
    replicas: { config: 1, renderer: renderers, dispatcher: dispatchers },
    env: { LOG_LEVEL: 'warn' },
    serviceEnv: { dispatcher: { SMTP_MAX_CONNECTIONS: String(CONNECTIONS) } },
  });
  try {
    await setUpCompany(d, sink, { concurrencyLimit: ACCOUNT_LIMIT });
    const erp = await nats.erpClient(d.company);
    await postEvents(erp, d.company, WARMUP, { prefix: 'WARM' });
    await drained(sink, WARMUP, 120_000);
    sink.messages.length = 0;
    sink.maxReceiving = sink.receiving;
    const cpuBefore = cpuByPart(d, nats);
    const started = Date.now();
    await postEvents(erp, d.company, EVENTS, { prefix: 'SI' });
    await drained(sink, EVENTS, 600_000);
    const ended = Math.max(...sink.messages.map((m) => m.receivedAt));
    const cpuAfter = cpuByPart(d, nats);
    const seconds = (ended - started) / 1000;
    await erp.close();
    const t = tally(sink, EVENTS);
    const cpuMs = Object.fromEntries(
      Object.entries(cpuAfter).map(([part, s]) => [
        part,
        ((s - (cpuBefore[part] ?? 0)) * 1000) / EVENTS,
      ]),
    );
    const cpuTotal = Object.values(cpuMs).reduce((a, b) => a + b, 0);
    return {
      topology,
      dispatchers,
      renderers,
      perSecond: EVENTS / seconds,
      lost: t.lost,
      duplicates: t.duplicates,
      cpuMs,
      cpuShare: (cpuTotal * EVENTS) / 1000 / seconds / CORES,
      peakSending: sink.maxReceiving,
    };
  } finally {
    await d.dispose();
    await sink.stop();
    await nats.dispose();
  }
}

buildOnce();
const trials: Trial[] = [];
for (const topology of TOPOLOGIES) {
  for (const n of DISPATCHERS) {
    trials.push(await trial(topology, n));
  }
}
const rate = (topology: Trial['topology'], n: number) =>
  trials.find((t) => t.topology === topology && t.dispatchers === n)?.perSecond ?? Number.NaN;
process.stdout.write(
  `${EVENTS} posted invoices per trial; SMTP sink ${SINK_DELAY_MS} ms per message; ` +
    `${CONNECTIONS} SMTP connection(s) per dispatcher replica (SMTP_MAX_CONNECTIONS); ` +
    `${CORES} cores; CPU in ms per email\n`,
);
printTable(
  trials.map((t) => ({
    topology: t.topology,
    dispatchers: t.dispatchers,
    renderers: t.renderers,
    'emails/s': t.perSecond,
    efficiency: t.perSecond / (t.dispatchers * rate(t.topology, 1)),
    'peak sending': t.peakSending,
    'cpu share': t.cpuShare,
    ...Object.fromEntries(
      ['dispatcher', 'renderer', 'config', 'nats', 'bench'].map((p) => [
        `cpu ${p}`,
        t.cpuMs[p] ?? 0,
      ]),
    ),
    lost: t.lost,
    duplicates: t.duplicates,
  })),
);
printResult('scale', {
  eff_3: rate('single', 3) / (3 * rate('single', 1)),
  per_s_1: rate('single', 1),
  per_s_3: rate('single', 3),
  cluster_vs_single: rate('cluster', 3) / rate('single', 3),
  cpu_share_1: trials.find((t) => t.topology === 'single' && t.dispatchers === 1)?.cpuShare ?? 0,
  connections: CONNECTIONS,
  events: EVENTS,
});
