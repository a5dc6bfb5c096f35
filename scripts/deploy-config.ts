/**
 * Writes `deploy/k8s/base/nats-config.yaml`, the ConfigMap the NATS pods read,
 * from `deploy/nats-server.conf`, `deploy/nats-cluster.conf` and
 * `deploy/nats/permissions.conf` (users and permissions: the one place they are
 * written; the pod mounts it at `nats/permissions.conf` beside the others). Kustomize cannot read files above
 * its base, so the ConfigMap is generated and committed; a test fails when it
 * is out of date. Run: `pnpm deploy:config`.
 * @module
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

const deploy = join(import.meta.dirname, '..', 'deploy');

/** The ConfigMap's YAML for the current NATS configuration files. */
export function natsConfigMap(): string {
  const block = (name: string, key = name) =>
    `  ${key}: |\n${readFileSync(join(deploy, name), 'utf8')
      .trimEnd()
      .split('\n')
      .map((l) => (l === '' ? '' : `    ${l}`))
      .join('\n')}\n`;
  return [
    '# Generated from deploy/nats-server.conf, deploy/nats-cluster.conf and deploy/nats/permissions.conf',
    '# by `pnpm deploy:config`.',
    '# Do not edit: change those files and run it again.',
    'apiVersion: v1',
    'kind: ConfigMap',
    'metadata:',
    '  name: nats-config',
    'data:',
    block('nats-server.conf') +
      block('nats-cluster.conf') +
      block(join('nats', 'permissions.conf'), 'permissions.conf'),
  ].join('\n');
}

if (process.argv[1] && import.meta.filename === process.argv[1]) {
  writeFileSync(join(deploy, 'k8s', 'base', 'nats-config.yaml'), natsConfigMap());
}
