/**
 * @verzend/dispatcher/testing — the parts cross-service tests drive on their own
 * against a real nats-server: the config client, the intake's consumer, event store and NATS ports,
 * the outbox's event email ids and pointer header, and the intake's fakes. Not
 * for product code; it exists so tests never reach into the service by path.
 * @module
 */

export { ConfigClient } from './accounts/config-client';
export { eventEmailId, GENERATION_HEADER } from './emails/ids';
export { IntakeConsumer } from './intake/consumer';
export { FakeBlobs, FakeTelemetry } from './intake/fakes';
export { INLINE_LAYOUT_BYTES, natsConfig, natsRenderer } from './intake/nats-ports';
export type { Outcome } from './intake/pipeline';
export { KvEventStore } from './intake/store';
export {
  NatsRetentionLookups,
  RetentionSweeper,
  type SweeperDeps,
  type SweepReport,
} from './retention';
