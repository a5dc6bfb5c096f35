import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ScaledObject } from '@kubernetes-models/keda/keda.sh/v1alpha1/ScaledObject';
import { Deployment } from 'kubernetes-models/apps/v1/Deployment';
import { StatefulSet } from 'kubernetes-models/apps/v1/StatefulSet';
import { PodDisruptionBudget } from 'kubernetes-models/policy/v1/PodDisruptionBudget';
import { ConfigMap } from 'kubernetes-models/v1/ConfigMap';
import { Namespace } from 'kubernetes-models/v1/Namespace';
import { Service } from 'kubernetes-models/v1/Service';
import { describe, expect, it } from 'vitest';
import { parseAllDocuments } from 'yaml';
import { natsConfigMap } from '../../scripts/deploy-config';
import { serviceNodeArgs } from '../../scripts/processes';
import { type K8sObject, kustomize } from './kustomize';

const deploy = join(import.meta.dirname, '..', '..', 'deploy');
const overlay = join(deploy, 'k8s', 'overlays', 'production');

/** Schema validators (Kubernetes OpenAPI, and KEDA's CRD) by apiVersion/kind. */
const models: Record<string, new (data: never) => { validate(): void }> = {
  'apps/v1/Deployment': Deployment,
  'apps/v1/StatefulSet': StatefulSet,
  'v1/ConfigMap': ConfigMap,
  'v1/Namespace': Namespace,
  'v1/Service': Service,
  'policy/v1/PodDisruptionBudget': PodDisruptionBudget,
  'keda.sh/v1alpha1/ScaledObject': ScaledObject,
};

type Container = {
  name: string;
  env?: { name: string; value?: string }[];
  readinessProbe?: { httpGet?: { path: string } };
  livenessProbe?: { httpGet?: { path: string } };
  resources?: { requests?: Record<string, string> };
};
type PodSpec = { terminationGracePeriodSeconds?: number; containers: Container[] };
const podSpec = (o: K8sObject) => (o.spec as { template: { spec: PodSpec } }).template.spec;
const envOf = (c: Container, name: string) => c.env?.find((e) => e.name === name)?.value;

describe('deployment manifests', () => {
  const objects = kustomize(overlay);

  it('every object of the production overlay validates against the Kubernetes (and KEDA) schemas', () => {
    expect(objects.length).toBeGreaterThan(10);
    for (const o of objects) {
      const Model = models[`${o.apiVersion}/${o.kind}`];
      expect(Model, `${o.apiVersion} ${o.kind} has a schema`).toBeDefined();
      expect(() => new (Model as NonNullable<typeof Model>)(o as never).validate()).not.toThrow();
    }
  });

  it('the schemas catch a broken manifest (the check can fail)', () => {
    const broken = structuredClone(objects.find((o) => o.kind === 'Deployment')) as K8sObject;
    (podSpec(broken).containers[0] as unknown as { ports: unknown }).ports = [
      { containerPort: 'http' },
    ];
    expect(() => new Deployment(broken as never).validate()).toThrow(/containerPort/);
  });

  it('each service has probes on /healthz and /readyz, requests, a PDB, R3 streams and a grace period past SHUTDOWN_TIMEOUT_S', () => {
    for (const name of ['config', 'renderer', 'dispatcher']) {
      const d = objects.find((o) => o.kind === 'Deployment' && o.metadata.name === name);
      expect(d, name).toBeDefined();
      const spec = podSpec(d as K8sObject);
      const c = spec.containers[0] as Container;
      expect(c.livenessProbe?.httpGet?.path).toBe('/healthz');
      expect(c.readinessProbe?.httpGet?.path).toBe('/readyz');
      expect(Object.keys(c.resources?.requests ?? {}).sort()).toEqual(['cpu', 'memory']);
      expect(envOf(c, 'NATS_REPLICAS')).toBe('3');
      const shutdown = Number(envOf(c, 'SHUTDOWN_TIMEOUT_S'));
      expect(spec.terminationGracePeriodSeconds).toBe(shutdown + 5);
      expect(
        objects.some((o) => o.kind === 'PodDisruptionBudget' && o.metadata.name === name),
      ).toBe(true);
      expect(o(objects, name).metadata.namespace).toBe('verzend');
    }
    const nats = objects.find((x) => x.kind === 'StatefulSet' && x.metadata.name === 'nats');
    expect((nats?.spec as { replicas: number } | undefined)?.replicas).toBe(3);
    const scaler = objects.find((x) => x.kind === 'ScaledObject');
    expect(JSON.stringify(scaler)).toContain('VERZEND_OUTBOX');
  });

  it('the console runs from its own image beside the services: probes, requests, a PDB, a grace period, the services by name', () => {
    const d = o(objects, 'console');
    expect(d, 'console').toBeDefined();
    const spec = podSpec(d);
    const c = spec.containers[0] as Container & { image?: string };
    expect(c.image).toBe('registry.example.com/verzend/console:0.1.0');
    expect(c.livenessProbe?.httpGet?.path).toBe('/healthz');
    expect(c.readinessProbe?.httpGet?.path).toBe('/healthz');
    expect(Object.keys(c.resources?.requests ?? {}).sort()).toEqual(['cpu', 'memory']);
    expect(spec.terminationGracePeriodSeconds).toBe(Number(envOf(c, 'SHUTDOWN_TIMEOUT_S')) + 5);
    expect(
      objects.some((x) => x.kind === 'PodDisruptionBudget' && x.metadata.name === 'console'),
    ).toBe(true);
    for (const [name, service] of [
      ['CONFIG_URL', 'config'],
      ['RENDERER_URL', 'renderer'],
      ['DISPATCHER_URL', 'dispatcher'],
    ] as const) {
      const url = new URL(envOf(c, name) ?? '');
      const target = objects.find((x) => x.kind === 'Service' && x.metadata.name === url.hostname);
      expect(target?.metadata.name, name).toBe(service);
      const spec = (target?.spec ?? { ports: [] }) as { ports: { port: number }[] };
      const ports = spec.ports.map((p) => p.port);
      expect(ports).toContain(Number(url.port));
    }
    // The services verify the tokens the console mints: the shipped settings leave out the JWKS
    // URL, which would win over the HS256 secret (ADR-0017).
    const settings = objects.find((x) => x.kind === 'ConfigMap' && x.metadata.name === 'verzend');
    expect(Object.keys((settings?.data as Record<string, string>) ?? {})).not.toContain(
      'auth-jwks-url',
    );
  });

  it('the NATS ConfigMap is generated from deploy/*.conf and up to date (pnpm deploy:config)', () => {
    expect(readFileSync(join(deploy, 'k8s', 'base', 'nats-config.yaml'), 'utf8')).toBe(
      natsConfigMap(),
    );
  });

  it('each service image runs Node.js with the flags scripts/up and the benchmarks start it with', () => {
    // Stage name → NODE_OPTIONS, a stage inheriting its base's.
    const options = new Map<string, string>();
    let stage = '';
    for (const line of readFileSync(join(deploy, 'Dockerfile'), 'utf8').split('\n')) {
      const from = /^FROM (\S+) AS (\S+)/.exec(line);
      if (from?.[1] && from[2]) {
        stage = from[2];
        options.set(stage, options.get(from[1]) ?? '');
      }
      const env = /^ENV .*NODE_OPTIONS=("[^"]*"|\S+)/.exec(line)?.[1];
      if (env !== undefined) {
        options.set(stage, env.replace(/^"|"$/g, ''));
      }
    }
    for (const service of ['config', 'dispatcher', 'renderer']) {
      expect(options.get(service), service).toBe(serviceNodeArgs(service).join(' '));
    }
  });

  it('the Compose file parses and runs three NATS servers and every service with replicas', () => {
    const [doc] = parseAllDocuments(readFileSync(join(deploy, 'compose.yaml'), 'utf8'), {
      merge: true,
    });
    const compose = doc?.toJS() as {
      services: Record<string, { deploy?: { replicas: number }; stop_grace_period?: string }>;
    };
    expect(Object.keys(compose.services).filter((s) => s.startsWith('nats-'))).toHaveLength(3);
    for (const s of ['config', 'renderer', 'dispatcher', 'console']) {
      expect(compose.services[s]?.deploy?.replicas).toBeGreaterThanOrEqual(2);
      expect(compose.services[s]?.stop_grace_period).toBe('25s');
    }
  });

  it.skipIf(!existsSync('/usr/bin/kubectl'))(
    'renders the same objects as kubectl kustomize where kubectl is installed',
    () => {
      const out = execFileSync('kubectl', ['kustomize', overlay], { encoding: 'utf8' });
      const theirs = parseAllDocuments(out).map((d) => d.toJS() as K8sObject);
      const key = (x: K8sObject) => `${x.kind}/${x.metadata.name}`;
      expect(theirs.map(key).sort()).toEqual(objects.map(key).sort());
      const ours = objects.find((x) => key(x) === 'Deployment/renderer');
      const kube = theirs.find((x) => key(x) === 'Deployment/renderer');
      expect(podSpec(ours as K8sObject).containers[0]?.env).toEqual(
        podSpec(kube as K8sObject).containers[0]?.env,
      );
    },
  );
});

function o(objects: K8sObject[], name: string): K8sObject {
  return objects.find((x) => x.kind === 'Deployment' && x.metadata.name === name) as K8sObject;
}
