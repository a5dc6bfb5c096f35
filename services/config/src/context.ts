/**
 * What the config domain needs at run time: its stores, the NATS connection
 * for the services it asks (renderer, dispatcher), the audit trail and limits.
 * `service.ts` builds the real one; every domain module takes it.
 * @module
 */
import type { NatsConnection } from '@nats-io/nats-core';
import type { ConnectorRegistry } from '@verzend/connectors';
import type { BlobOwnership, BlobStore, Logger, OutboundGuard, Telemetry } from '@verzend/shared';
import type { BuiltinLayouts } from './layouts/builtin';
import type { SecretStore } from './secrets/secret-store';
import type { JsonKv } from './store/kv-json';

/** Size limits of uploads. */
export interface UploadLimits {
  maxLayoutBytes: number;
  maxAttachmentBytes: number;
}

/** Timeouts of requests to other services. */
export interface PeerTimeouts {
  testAccountMs: number;
  validateLayoutMs: number;
}

/** The config domain's dependencies. */
export interface ConfigContext {
  config: JsonKv;
  secrets: SecretStore;
  blobs: BlobStore;
  /** Which company may use which blob: every upload is granted to its company (ADR-0021). */
  owners: BlobOwnership;
  nc: NatsConnection;
  telemetry: Telemetry;
  logger: Logger;
  limits: UploadLimits;
  timeouts: PeerTimeouts;
  builtins: BuiltinLayouts;
  /** The connectors accounts may use: settings schemas, rules, secrets and defaults. */
  connectors: ConnectorRegistry;
  /** Checks webhook URLs (https; no loopback, link-local or metadata unless allowed). */
  outbound: OutboundGuard;
}
