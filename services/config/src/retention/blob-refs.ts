/**
 * The blobs the configuration references, over every company: layouts (built-in
 * ones included), customised built-ins and default attachments. The dispatcher's
 * blob sweeper asks for them (`verzend.rpc.config.blob-refs`) as part of its mark
 * phase, since only config may read the config bucket (ADR-0026).
 * @module
 */
import { jetstream } from '@nats-io/jetstream';
import { Buckets, collectBlobRefs, scanStream } from '@verzend/shared';
import type { ConfigContext } from '../context';

/** Every blob hash referenced by the current value of any config key, and by the built-in layouts. */
export async function configBlobRefs(ctx: ConfigContext): Promise<string[]> {
  const refs = new Set<string>();
  for (const layout of ctx.builtins.list()) {
    refs.add(layout.blob.sha256);
  }
  await scanStream(
    jetstream(ctx.nc),
    `KV_${Buckets.config}`,
    `$KV.${Buckets.config}.>`,
    (m) => {
      if (!m.deleted) {
        collectBlobRefs(m.data, refs);
      }
    },
    { lastPerSubject: true },
  );
  return [...refs];
}
