/**
 * The dispatcher's folders as layers, as a pure rule the house-rules test
 * applies: code calls downhill only — a folder imports folders of lower layers
 * (and its own), never one of its own layer or above — so following an email
 * from the intake to a connector never comes back up into a folder it left.
 * The files at the top of `src` (wiring: service, app, env, main, index) are
 * above every layer; `env.ts` (the settings' schema) may be read from any.
 * @module
 */
import { dirname, join, normalize, relative } from 'node:path';

/** Lowest first; folders in one layer do not import each other. */
export const DISPATCHER_LAYERS: readonly (readonly string[])[] = [
  ['emails', 'paging', 'throttle', 'views', 'activity'],
  ['accounts'],
  ['outbox', 'sender', 'oauth', 'retention', 'webhooks'],
  ['intake', 'rpc'],
  ['status'],
  ['routes'],
];

/** Top-level files of `src` every layer may import. */
const READABLE_EVERYWHERE = new Set(['env']);

/**
 * The rule's verdict on one file's relative imports.
 * @param file the file's path relative to the service's `src`
 * @returns one line per import that goes sideways or uphill
 */
export function layerViolations(
  layers: readonly (readonly string[])[],
  file: string,
  specifiers: readonly string[],
): string[] {
  const levelOf = (folder: string) => layers.findIndex((l) => l.includes(folder));
  const [from, ...rest] = file.split('/');
  if (!from || rest.length === 0) {
    return []; // wiring at the top of src
  }
  const fromLevel = levelOf(from);
  if (fromLevel < 0) {
    return [`${file}: the folder ${from} has no layer`];
  }
  const out: string[] = [];
  for (const spec of specifiers.filter((s) => s.startsWith('.'))) {
    const target = relative('.', normalize(join(dirname(file), spec)));
    const [to, ...under] = target.split('/');
    if (!to || to === from || to.startsWith('..')) {
      continue;
    }
    // A folder's own name is its index; any other name at the top is a wiring file.
    if (under.length === 0 && levelOf(to) < 0) {
      if (!READABLE_EVERYWHERE.has(to.replace(/\.ts$/, ''))) {
        out.push(`${file} imports ${spec}: the wiring above every layer`);
      }
      continue;
    }
    const toLevel = levelOf(to);
    if (toLevel < 0 || toLevel >= fromLevel) {
      out.push(`${file} imports ${spec}: ${to} is not below ${from}`);
    }
  }
  return out;
}
