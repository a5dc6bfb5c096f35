/**
 * The intake's ports over NATS request/reply: the config service for
 * sending profiles, report selections, payment settings and layouts, the
 * renderer for bodies and documents. Errors come back as the same
 * {@link AppError} classes the services threw (UNAVAILABLE when nobody
 * answers, retryable).
 *
 * A posting run asks the same questions thousands of times, so answers are
 * cached briefly by the service's one config client (the dispatcher's
 * `CONFIG_CACHE_TTL_MS`, dropped at once on a config change), and a small layout
 * travels inline with the render request: the renderer then neither asks
 * config for it nor reads the object store per email, and still compiles it
 * once per content hash.
 * @module
 */
import type { NatsConnection } from '@nats-io/nats-core';
import { type Layout, type RenderRequest, RenderResult, Rpc, requestJson } from '@verzend/shared';
import { ConfigClient } from '../accounts/config-client';
import { LookupCache } from '../accounts/lookup-cache';
import type { IntakeBlobs, IntakeConfig, IntakeRenderer } from './ports';

/** Timeouts and caching of the look-ups. */
export interface NatsPortOptions {
  configMs: number;
  renderMs: number;
  /** How long configuration answers are reused (0: only concurrent look-ups share one). */
  cacheTtlMs: number;
}

/** Options of {@link natsRenderer}: only the render timeout is its own. */
export type NatsRendererOptions = Pick<NatsPortOptions, 'renderMs'> & Partial<NatsPortOptions>;

/** Layouts up to this size are sent inline (base64) with each render request. */
export const INLINE_LAYOUT_BYTES = 256 * 1024;

/**
 * {@link IntakeConfig} answered by the config service, plus the layout look-up the
 * renderer port uses: the service's one {@link ConfigClient} (a service passes its own;
 * this builds one for tests of the port alone).
 */
export function natsConfig(
  nc: NatsConnection,
  opts: NatsPortOptions,
): IntakeConfig & { layout(company: string, layoutId: string): Promise<Layout> } {
  return new ConfigClient(nc, undefined, { ttlMs: opts.cacheTtlMs, timeoutMs: opts.configMs });
}

/** {@link IntakeRenderer} answered by the renderer service. */
export function natsRenderer(
  nc: NatsConnection,
  opts: NatsRendererOptions,
  deps: {
    layout(company: string, layoutId: string): Promise<Layout>;
    blobs: IntakeBlobs;
  },
): IntakeRenderer {
  // Content-addressed: a hash's bytes never change, so only the count is bounded.
  const bytes = new LookupCache<string>({ ttlMs: Number.POSITIVE_INFINITY, maxEntries: 64 });
  const inline = async (request: RenderRequest): Promise<RenderRequest> => {
    if (!('layoutId' in request.layout)) {
      return request;
    }
    const layout = await deps.layout(request.company, request.layout.layoutId);
    if (layout.blob.size > INLINE_LAYOUT_BYTES) {
      // A company's layout is its own blob; a built-in belongs to every company, so the
      // renderer looks it up by id rather than by a hash no company owns (ADR-0021).
      return layout.builtIn ? request : { ...request, layout: { blob: layout.blob } };
    }
    const docxBase64 = await bytes.get(layout.blob.sha256, async () =>
      Buffer.from(await deps.blobs.getBytes(layout.blob.sha256)).toString('base64'),
    );
    return { ...request, layout: { docxBase64 } };
  };
  return {
    async render(request: RenderRequest, requestId?: string) {
      return requestJson(nc, Rpc.renderRender, await inline(request), RenderResult, {
        timeoutMs: opts.renderMs,
        ...(requestId ? { requestId } : {}),
      });
    },
  };
}
