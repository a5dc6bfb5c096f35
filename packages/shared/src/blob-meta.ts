/**
 * The object store's meta messages as {@link BlobStore} reads and writes them
 * directly: one meta message per object (subject `$O.<bucket>.M.<name>`), its
 * stream sequence the revision that conditional writes name, its stream time
 * the object's lease (ADR-0026). Kept in the object store's own format, so every
 * object stays readable by any object-store client.
 * @module
 */
import type { JetStreamClient, JetStreamManager } from '@nats-io/jetstream';
import { headers } from '@nats-io/nats-core';
import type { ObjectInfo } from '@nats-io/obj';
import { scanStream } from './blob-refs';
import { isCasConflict } from './nats/cas';

/** The parts of an object's meta message the short path reads and writes. */
export type ObjectMeta = Pick<
  ObjectInfo,
  'name' | 'nuid' | 'size' | 'chunks' | 'digest' | 'deleted'
> & {
  revision?: number;
  /** When this revision of the meta was stored (server time): the object's lease (ADR-0026). */
  storedAt?: number;
  /** The meta as stored, rewritten unchanged but for `mtime` by a touch. */
  raw?: Record<string, unknown>;
};

/** What the short path talks to. */
export interface DirectAccess {
  js: JetStreamClient;
  jsm: JetStreamManager;
  bucket: string;
  stream: string;
}

/** Base64url with padding, as the object store names meta subjects and digests. */
export function base64UrlPadded(data: Uint8Array | string): string {
  return Buffer.from(data).toString('base64').replaceAll('+', '-').replaceAll('/', '_');
}

/** The meta subject of an object. */
function metaSubject(direct: DirectAccess, name: string): string {
  return `$O.${direct.bucket}.M.${base64UrlPadded(name)}`;
}

/** The object's current meta with its revision and lease, or null (one direct get). */
export async function readMeta(direct: DirectAccess, name: string): Promise<ObjectMeta | null> {
  const m = await direct.jsm.direct.getMessage(direct.stream, {
    last_by_subj: metaSubject(direct, name),
  });
  if (!m || m.data.length === 0) {
    return null;
  }
  const raw = m.json<Record<string, unknown>>();
  return { ...(raw as unknown as ObjectMeta), revision: m.seq, storedAt: m.time.getTime(), raw };
}

/**
 * Writes an object's meta (replacing the previous one) only if the current
 * revision is `expected` (0: none yet). A lost race throws the server's
 * "wrong last sequence" error (see `isCasConflict`).
 */
export async function writeMeta(
  direct: DirectAccess,
  name: string,
  meta: unknown,
  expected: number,
): Promise<void> {
  const h = headers();
  h.set('Nats-Rollup', 'sub');
  h.set('Nats-Expected-Last-Subject-Sequence', String(expected));
  await direct.js.publish(metaSubject(direct, name), JSON.stringify(meta), { headers: h });
}

/** A blob as the sweeper sees it (ADR-0026). */
export interface StoredObject {
  sha256: string;
  size: number;
  /** Revision of the object's meta; a conditional delete names it. */
  revision: number;
  /** When the meta revision was stored (ms since the epoch): created, or last touched. */
  storedAt: number;
}

/** An object name that is a content address. */
const SHA256_NAME = /^[a-f0-9]{64}$/;

/** Every live content-addressed object's meta, once; `false` from the callback ends it. */
export async function scanMetas(
  direct: DirectAccess,
  onObject: (object: StoredObject) => undefined | boolean | Promise<undefined | boolean>,
): Promise<void> {
  await scanStream(
    direct.js,
    direct.stream,
    `$O.${direct.bucket}.M.>`,
    async (m) => {
      const meta = JSON.parse(Buffer.from(m.data).toString('utf8')) as ObjectMeta;
      if (meta.deleted || !SHA256_NAME.test(meta.name)) {
        return true;
      }
      return onObject({
        sha256: meta.name,
        size: meta.size,
        revision: m.seq,
        storedAt: m.time.getTime(),
      });
    },
    { lastPerSubject: true },
  );
}

/**
 * Deletes an object if its meta is still at `revision`: the meta is marked deleted
 * conditionally, then the chunks are purged. True when it was deleted.
 */
export async function deleteIfAt(
  direct: DirectAccess,
  name: string,
  revision: number,
): Promise<boolean> {
  const info = await readMeta(direct, name);
  if (!info || info.deleted || info.revision !== revision) {
    return false;
  }
  try {
    await writeMeta(
      direct,
      name,
      { ...info.raw, deleted: true, size: 0, chunks: 0, digest: '' },
      revision,
    );
  } catch (err) {
    if (isCasConflict(err)) {
      return false;
    }
    throw err;
  }
  await direct.jsm.streams.purge(direct.stream, {
    filter: `$O.${direct.bucket}.C.${info.nuid}`,
  });
  return true;
}
