import type { V1Container, V1EnvVar, V1Pod, V1Volume } from '@kubernetes/client-node';
import fc from 'fast-check';
import { ANNOTATION, RECOGNISED_UNSUPPORTED } from '../../../src/translate/index.js';

/**
 * Pod-ish objects with the shapes the API server hands out (strings where the schema says string)
 * but anything inside them: hostile names, quantities, JSON, numbers as text, deep nesting in
 * annotation values.
 */

const tricky = fc.constantFrom(
  '',
  ' ',
  '0',
  '-1',
  '1e3',
  '0.0001',
  '65',
  'true',
  'false',
  'null',
  '[]',
  '{}',
  '[{"host":"db","ip":"10.0.0.1"}]',
  '{"nameservers":["1.1.1.1"],"searches":["a.local"],"options":[{"name":"ndots","value":"2"}]}',
  '2-4Gi',
  '0.5-1Gi,2-4Gi',
  'ecs.c6.large',
  'ecs.gn6i-c4g1.xlarge',
  'vsw-a,vsw-b',
  'sg-1',
  'SpotWithPriceLimit',
  'SpotAsPriceGo',
  'a:1,b:2',
  '../../etc/passwd',
  '$(HOME)',
  '\u0000',
  '💥',
  'A'.repeat(300),
);

export const text = fc.oneof(tricky, fc.string({ maxLength: 20 }), fc.json({ maxDepth: 3 }));

/** Mostly `usual`, sometimes `hostile`: enough pods get through to exercise the whole translation. */
function mostly<T>(usual: fc.Arbitrary<T>, hostile: fc.Arbitrary<T>): fc.Arbitrary<T> {
  return fc.oneof({ arbitrary: usual, weight: 15 }, { arbitrary: hostile, weight: 1 });
}
const envName = mostly(fc.constantFrom('A', 'PATH', 'DB_HOST', 'x.y', 'MY_VAR_1'), text);

const annotationKey = fc.oneof(
  fc.constantFrom(...Object.values(ANNOTATION), ...RECOGNISED_UNSUPPORTED),
  fc.string({ maxLength: 12 }).map((s) => `k8s.aliyun.com/eci-${s}`),
  fc.string({ maxLength: 12 }),
);

const name = fc.oneof(fc.constantFrom('app', 'sidecar', 'init', 'data', 'app'), fc.string({ maxLength: 70 }));
const quantity = fc.oneof(
  fc.constantFrom(
    '100m',
    '250m',
    '0.5',
    '1',
    '2',
    '4',
    '64',
    '65',
    '1000',
    '512Mi',
    '4Gi',
    '1Ti',
    '1e3',
    '-1',
    'lots',
    '0',
  ),
  fc.double({ min: 0, max: 3, noNaN: true }).map(String),
);
const usualResources = fc.record(
  {
    cpu: fc.constantFrom('100m', '250m', '0.5', '1', '2'),
    memory: fc.constantFrom('128Mi', '512Mi', '1Gi', '2Gi', '4Gi'),
  },
  { requiredKeys: [] },
);
const hostileResources = fc.dictionary(
  fc.constantFrom('cpu', 'memory', 'ephemeral-storage', 'nvidia.com/gpu', 'example.com/foo'),
  quantity,
  { maxKeys: 3 },
);
const resourceList: fc.Arbitrary<Record<string, string>> = mostly(usualResources, hostileResources);

const envVar: fc.Arbitrary<V1EnvVar> = fc.oneof(
  fc.record({ name: envName, value: text }),
  fc.record({
    name: envName,
    valueFrom: fc.oneof(
      fc.record({ configMapKeyRef: fc.record({ name: text, key: text, optional: fc.boolean() }) }),
      fc.record({ secretKeyRef: fc.record({ name: text, key: text, optional: fc.boolean() }) }),
      fc.record({
        fieldRef: fc.record({
          fieldPath: fc.oneof(
            text,
            fc.constantFrom('metadata.name', 'status.podIP', "metadata.labels['app']"),
          ),
        }),
      }),
      fc.record({
        resourceFieldRef: fc.record({
          resource: fc.constantFrom('limits.cpu', 'requests.memory', 'limits.foo'),
          containerName: fc.option(name, { nil: undefined }),
        }),
      }),
      fc.constant({}),
    ),
  }),
);

const container: fc.Arbitrary<V1Container> = fc.record(
  {
    name,
    image: mostly(
      fc.constantFrom('nginx', 'busybox:1.36'),
      fc.oneof(fc.constant(''), fc.string({ maxLength: 30 })),
    ),
    command: fc.array(text, { maxLength: 3 }),
    args: fc.array(text, { maxLength: 3 }),
    env: fc.array(envVar, { maxLength: 4 }),
    ports: fc.array(
      fc.record(
        {
          containerPort: mostly(fc.integer({ min: 1, max: 65535 }), fc.constantFrom(111, 10250, 10255)),
          hostPort: mostly(fc.constant(0), fc.integer({ min: 1, max: 65535 })),
          protocol: mostly(fc.constantFrom('TCP', 'UDP', 'SCTP'), fc.constant('HTTP')),
        },
        { requiredKeys: ['containerPort'] },
      ),
      { maxLength: 3 },
    ),
    resources: fc.record({ limits: resourceList, requests: resourceList }, { requiredKeys: [] }),
    volumeMounts: fc.array(
      fc.record({ name, mountPath: fc.oneof(fc.constant('/data'), text), subPath: text }),
      {
        maxLength: 2,
      },
    ),
    imagePullPolicy: mostly(fc.constantFrom('Always', 'IfNotPresent', 'Never'), fc.constant('Sometimes')),
    securityContext: fc.record(
      {
        privileged: mostly(fc.constant(false), fc.constant(true)),
        runAsUser: fc.integer({ min: 0, max: 70000 }),
        capabilities: fc.record({ add: fc.array(text, { maxLength: 2 }) }),
      },
      { requiredKeys: [] },
    ),
  },
  { requiredKeys: ['name', 'image'] },
);

const usualVolume: fc.Arbitrary<V1Volume> = fc.oneof(
  fc.record({ name, emptyDir: fc.record({ medium: fc.constantFrom('', 'Memory') }, { requiredKeys: [] }) }),
  fc.record({ name, configMap: fc.record({ name: text, optional: fc.constant(true) }) }),
  fc.record({ name, secret: fc.record({ secretName: text, optional: fc.constant(true) }) }),
  fc.record({ name, nfs: fc.record({ server: fc.constantFrom('nas.example.com', '10.0.0.5'), path: text }) }),
  fc.record({
    name,
    downwardAPI: fc.record({
      items: fc.array(
        fc.record({
          path: fc.constantFrom('labels', 'name', 'a/b'),
          fieldRef: fc.record({
            fieldPath: fc.constantFrom('metadata.name', 'metadata.namespace', 'metadata.labels'),
          }),
        }),
        { maxLength: 2 },
      ),
    }),
  }),
);
const hostileVolume: fc.Arbitrary<V1Volume> = fc.oneof(
  fc.record({
    name,
    emptyDir: fc.record({ medium: fc.constantFrom('HugePages', 'Disk'), sizeLimit: quantity }),
  }),
  fc.record({ name, configMap: fc.record({ name: text, optional: fc.boolean() }) }),
  fc.record({ name, secret: fc.record({ secretName: text, optional: fc.boolean() }) }),
  fc.record({ name, hostPath: fc.record({ path: text }) }),
  fc.record({ name, persistentVolumeClaim: fc.record({ claimName: text }) }),
  fc.record({
    name,
    downwardAPI: fc.record({
      items: fc.array(fc.record({ path: text, fieldRef: fc.record({ fieldPath: text }) }), { maxLength: 2 }),
    }),
  }),
);
const volume = mostly(usualVolume, hostileVolume);

export const podish: fc.Arbitrary<V1Pod> = fc
  .record({
    name: fc.oneof(fc.constantFrom('web', 'web-0'), fc.string({ maxLength: 80 })),
    namespace: fc.oneof(fc.constantFrom('default', 'a-b'), fc.string({ maxLength: 70 })),
    uid: fc.uuid(),
    annotations: fc.dictionary(annotationKey, text, { maxKeys: 2 }),
    containers: fc.array(container, { minLength: 0, maxLength: 4 }),
    initContainers: fc.array(container, { maxLength: 2 }),
    volumes: fc.array(volume, { maxLength: 4 }),
    restartPolicy: mostly(fc.constantFrom('Always', 'OnFailure', 'Never'), fc.constant('Sometimes')),
    dnsPolicy: mostly(
      fc.constantFrom('ClusterFirst', 'Default', 'ClusterFirstWithHostNet'),
      fc.constantFrom('None', 'Weird'),
    ),
    hostNetwork: fc.boolean(),
    hostAliases: fc.array(fc.record({ ip: text, hostnames: fc.array(text, { maxLength: 2 }) }), {
      maxLength: 2,
    }),
    activeDeadlineSeconds: fc.option(fc.integer({ min: 1, max: 1e6 }), { nil: undefined }),
    // Half of the pods get tidy names, so that translation often gets past name checks.
    tidy: mostly(fc.constant(true), fc.constant(false)),
  })
  .map((r) => (r.tidy ? tidy(r) : r))
  .map((r) => ({
    metadata: { name: r.name, namespace: r.namespace, uid: r.uid, annotations: r.annotations },
    spec: {
      containers: r.containers,
      initContainers: r.initContainers,
      volumes: r.volumes,
      restartPolicy: r.restartPolicy,
      dnsPolicy: r.dnsPolicy,
      hostNetwork: r.hostNetwork && r.name.length % 7 === 0 ? true : undefined,
      hostAliases: r.hostAliases,
      activeDeadlineSeconds: r.activeDeadlineSeconds,
    },
  }));

interface PodParts {
  name: string;
  containers: V1Container[];
  initContainers: V1Container[];
  volumes: V1Volume[];
}

/** Valid, unique container and volume names, mounts of volumes that exist, a non-empty image. */
function tidy<T extends PodParts>(r: T): T {
  const volumes = r.volumes.map((v, i) => ({ ...v, name: `v${i}` }));
  const fix =
    (prefix: string) =>
    (c: V1Container, i: number): V1Container => ({
      ...c,
      name: `${prefix}${i}`,
      image: c.image || 'nginx',
      volumeMounts: volumes.length
        ? c.volumeMounts?.map((m, j) => ({ ...m, name: `v${j % volumes.length}`, mountPath: `/m${j}` }))
        : undefined,
    });
  const containers = (r.containers.length ? r.containers : [{ name: 'x', image: 'nginx' }]).map(fix('c'));
  return {
    ...r,
    name: r.name.toLowerCase().replace(/[^a-z0-9-]/g, '') || 'web',
    containers,
    initContainers: r.initContainers.map(fix('i')),
    volumes,
  };
}
