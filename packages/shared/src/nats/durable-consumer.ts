/**
 * The one way a service makes sure a durable pull consumer it owns exists with
 * the settings it needs: made when it is missing, its settings brought up to
 * date when they differ (an ack wait changed in the environment applies at the
 * next start), nothing written when they match. Every consumer a service owns
 * acks explicitly and leaves redelivery counting to the service (`max_deliver`
 * -1: attempts are counted on its own records).
 *
 * Given to a {@link PullLoop} as its `consumer`, it is asked again after every
 * failed pull, so a loop that starts before its stream exists, or whose
 * consumer was lost with a NATS restart, makes it as soon as it can instead of
 * failing: the loop retries every `retryMs`.
 * @module
 */
import {
  AckPolicy,
  type Consumer,
  type ConsumerConfig,
  type ConsumerInfo,
  type ConsumerUpdateConfig,
  DeliverPolicy,
  JetStreamApiCodes,
  JetStreamApiError,
  type JetStreamClient,
  type JetStreamManager,
} from '@nats-io/jetstream';

const NANOS_PER_MS = 1_000_000;

/** Where a durable consumer lives (the entries of `Consumers` in subjects.ts have this shape). */
export interface DurableRef {
  readonly stream: string;
  readonly durable: string;
  readonly filter: string;
}

/** What a durable consumer is made with. */
export interface DurableSettings {
  /** How long the server waits for an ack before it hands the message to another replica. */
  ackWaitMs: number;
  /** Messages delivered and not yet acked, across every replica, at most. */
  maxAckPending: number;
  /**
   * Where a new consumer starts (default: the whole stream). Only at creation: a consumer
   * that exists keeps its place.
   */
  deliverPolicy?: DeliverPolicy;
  /** The server removes the consumer after this long without a pull (default: never). */
  inactiveMs?: number;
}

/** The settings a consumer that exists is kept at. */
function updatable(settings: DurableSettings): ConsumerUpdateConfig {
  return {
    ack_wait: settings.ackWaitMs * NANOS_PER_MS,
    max_deliver: -1,
    max_ack_pending: settings.maxAckPending,
    ...(settings.inactiveMs !== undefined
      ? { inactive_threshold: settings.inactiveMs * NANOS_PER_MS }
      : {}),
  };
}

/** The settings of `wanted` whose value `info` does not have (empty: nothing to write). */
function differences(info: ConsumerInfo, wanted: ConsumerUpdateConfig): ConsumerUpdateConfig {
  const have = info.config as unknown as Record<string, unknown>;
  return Object.fromEntries(
    Object.entries(wanted).filter(([key, value]) => have[key] !== value),
  ) as ConsumerUpdateConfig;
}

function isConsumerNotFound(err: unknown): boolean {
  return err instanceof JetStreamApiError && err.code === JetStreamApiCodes.ConsumerNotFound;
}

/**
 * Creates the durable consumer `ref` or brings its settings up to date, and returns it.
 * Idempotent: every replica calls it at start (replicas that create it at the same moment
 * send the same configuration, which the server accepts). Throws what NATS answers when it
 * cannot be made (no stream yet, no connection): callers retry, a {@link PullLoop} does so by itself.
 */
export async function ensureDurable(
  js: JetStreamClient,
  jsm: JetStreamManager,
  ref: DurableRef,
  settings: DurableSettings,
): Promise<Consumer> {
  const wanted = updatable(settings);
  let info: ConsumerInfo;
  try {
    info = await jsm.consumers.info(ref.stream, ref.durable);
  } catch (err) {
    if (!isConsumerNotFound(err)) {
      throw err;
    }
    const config: Partial<ConsumerConfig> = {
      durable_name: ref.durable,
      filter_subject: ref.filter,
      ack_policy: AckPolicy.Explicit,
      deliver_policy: settings.deliverPolicy ?? DeliverPolicy.All,
      ...wanted,
    };
    info = await jsm.consumers.add(ref.stream, config);
    return js.consumers.getConsumerFromInfo(info);
  }
  const changed = differences(info, wanted);
  if (Object.keys(changed).length > 0) {
    info = await jsm.consumers.update(ref.stream, ref.durable, changed);
  }
  return js.consumers.getConsumerFromInfo(info);
}
