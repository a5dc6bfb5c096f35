/**
 * Retention: the sweeper and its decisions (docs/operations.md "Retention",
 * ADR-0026).
 * @module
 */
export type { RetentionLookups } from './lookups';
export { NatsRetentionLookups } from './lookups';
export { touchAfterMs } from './policy';
export {
  RetentionSweeper,
  type SweeperDeps,
  type SweeperOptions,
  type SweepReport,
} from './sweeper';
