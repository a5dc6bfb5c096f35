/**
 * The part of Kustomize the shipped manifests use, so a test can render an
 * overlay without a kustomize binary: `resources` (files and directories),
 * `labels`, `namespace`, `images` and strategic-merge `patches` (lists of
 * objects merged by `name`, as Kubernetes does for containers, env and ports).
 * An overlay using anything else fails the render, so the test notices.
 * @module
 */
import { readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { parseAllDocuments } from 'yaml';

/** A Kubernetes object as parsed YAML. */
export type K8sObject = {
  apiVersion: string;
  kind: string;
  metadata: { name: string; namespace?: string; labels?: Record<string, string> };
} & Record<string, unknown>;

type Plain = Record<string, unknown>;

const KNOWN = new Set([
  'apiVersion',
  'kind',
  'resources',
  'labels',
  'namespace',
  'images',
  'patches',
]);

/** Reads every YAML document of a file. */
export function readYaml(path: string): Plain[] {
  return parseAllDocuments(readFileSync(path, 'utf8'), { merge: true }).map((d) => {
    if (d.errors.length > 0) {
      throw new Error(`${path}: ${d.errors[0]?.message}`);
    }
    return d.toJS() as Plain;
  });
}

function isPlain(v: unknown): v is Plain {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** Strategic merge: maps merge deeply, lists of named objects merge by name, other lists are replaced. */
export function merge(base: unknown, patch: unknown): unknown {
  if (isPlain(base) && isPlain(patch)) {
    const out: Plain = { ...base };
    for (const [k, v] of Object.entries(patch)) {
      out[k] = k in base ? merge(base[k], v) : v;
    }
    return out;
  }
  if (
    Array.isArray(base) &&
    Array.isArray(patch) &&
    patch.every((p) => isPlain(p) && 'name' in p)
  ) {
    // As Kubernetes orders them: the patch's items (merged into the base's), then the base's others.
    const named = (list: unknown[], name: unknown) =>
      list.find((b) => isPlain(b) && b.name === name);
    const patched = (patch as Plain[]).map((p) => {
      const b = named(base, p.name);
      return b === undefined ? p : merge(b, p);
    });
    return [...patched, ...base.filter((b) => !(isPlain(b) && named(patch, b.name)))];
  }
  return patch;
}

function setImages(
  obj: unknown,
  images: { name: string; newName?: string; newTag?: string }[],
): void {
  if (Array.isArray(obj)) {
    for (const o of obj) {
      setImages(o, images);
    }
    return;
  }
  if (!isPlain(obj)) {
    return;
  }
  for (const [k, v] of Object.entries(obj)) {
    if (k === 'image' && typeof v === 'string') {
      const [name] = v.split(':');
      const rule = images.find((i) => i.name === name);
      if (rule) {
        obj[k] = `${rule.newName ?? name}:${rule.newTag ?? v.split(':')[1] ?? 'latest'}`;
      }
    } else {
      setImages(v, images);
    }
  }
}

/** Renders the kustomization in `dir` to its objects. */
export function kustomize(dir: string): K8sObject[] {
  const [k] = readYaml(join(dir, 'kustomization.yaml'));
  if (!k) {
    throw new Error(`${dir}: empty kustomization`);
  }
  for (const key of Object.keys(k)) {
    if (!KNOWN.has(key)) {
      throw new Error(`${dir}: kustomization field "${key}" is not supported by this renderer`);
    }
  }
  let objects: K8sObject[] = [];
  for (const r of (k.resources as string[] | undefined) ?? []) {
    const path = join(dir, r);
    objects.push(
      ...(statSync(path).isDirectory() ? kustomize(path) : (readYaml(path) as K8sObject[])),
    );
  }
  for (const p of (k.patches as { path: string }[] | undefined) ?? []) {
    for (const patch of readYaml(join(dir, p.path)) as K8sObject[]) {
      const i = objects.findIndex(
        (o) => o.kind === patch.kind && o.metadata.name === patch.metadata.name,
      );
      if (i < 0) {
        throw new Error(
          `${p.path}: patches ${patch.kind}/${patch.metadata.name}, which is not there`,
        );
      }
      objects[i] = merge(objects[i], patch) as K8sObject;
    }
  }
  const images = (k.images as { name: string; newName?: string; newTag?: string }[]) ?? [];
  setImages(objects, images);
  for (const l of (k.labels as { pairs: Record<string, string> }[] | undefined) ?? []) {
    objects = objects.map((o) => ({
      ...o,
      metadata: { ...o.metadata, labels: { ...o.metadata.labels, ...l.pairs } },
    }));
  }
  const namespace = k.namespace as string | undefined;
  if (namespace) {
    objects = objects.map((o) =>
      o.kind === 'Namespace' ? o : { ...o, metadata: { ...o.metadata, namespace } },
    );
  }
  return objects;
}
