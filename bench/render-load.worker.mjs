// Load generator of `pnpm bench render`: keeps N large renders in flight over
// NATS from its own thread, so parsing the big replies never runs on the event
// loop whose /healthz latency the benchmark measures.
import { parentPort, workerData } from 'node:worker_threads';
import { connect } from '@nats-io/transport-node';

const { url, subject, payload, concurrency } = workerData;
const nc = await connect({ servers: url });
let running = true;
let renders = 0;
parentPort.on('message', (msg) => {
  if (msg === 'stop') {
    running = false;
  }
});
await Promise.all(
  Array.from({ length: concurrency }, async () => {
    while (running) {
      const reply = await nc.request(subject, payload, { timeout: 120_000 });
      JSON.parse(reply.string());
      renders++;
    }
  }),
);
await nc.close();
parentPort.postMessage({ renders });
