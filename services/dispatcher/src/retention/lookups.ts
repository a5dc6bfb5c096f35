/**
 * What the sweeper asks the config service: a company's retention settings
 * (cached for one run) and every blob the configuration references.
 * @module
 */
import type { NatsConnection } from '@nats-io/nats-core';
import {
  BlobRefsResponse,
  RetentionResponse,
  type RetentionSettings,
  Rpc,
  requestJson,
} from '@verzend/shared';

/** The config look-ups of one sweep (a port, so tests can pass their own). */
export interface RetentionLookups {
  /** A company's retention settings (the defaults when it never changed them). */
  settings(company: string): Promise<RetentionSettings>;
  /** Every blob hash the configuration references, over all companies. */
  configBlobRefs(into: Set<string>): Promise<void>;
}

/** {@link RetentionLookups} over NATS; settings are cached for the life of the object (one run). */
export class NatsRetentionLookups implements RetentionLookups {
  readonly #nc: NatsConnection;
  readonly #settings = new Map<string, Promise<RetentionSettings>>();

  constructor(nc: NatsConnection) {
    this.#nc = nc;
  }

  settings(company: string): Promise<RetentionSettings> {
    let found = this.#settings.get(company);
    if (!found) {
      found = requestJson(this.#nc, Rpc.configRetention, { company }, RetentionResponse, {
        timeoutMs: 5_000,
      }).then((r) => r.settings);
      // A failed look-up is asked again next time rather than remembered.
      found.catch(() => this.#settings.delete(company));
      this.#settings.set(company, found);
    }
    return found;
  }

  async configBlobRefs(into: Set<string>): Promise<void> {
    let after: string | undefined;
    for (;;) {
      const page = await requestJson(
        this.#nc,
        Rpc.configBlobRefs,
        { ...(after ? { after } : {}), limit: 5_000 },
        BlobRefsResponse,
        { timeoutMs: 30_000 },
      );
      for (const sha of page.sha256s) {
        into.add(sha);
      }
      if (!page.more || page.sha256s.length === 0) {
        return;
      }
      after = page.sha256s[page.sha256s.length - 1];
    }
  }
}
