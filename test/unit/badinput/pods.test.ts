/**
 * Hostile or malformed pod specs through translatePod: one row per input, with the TranslationError a
 * user sees in the Warning Event (field, value, fix). Retryable ones (a reference that may appear
 * later) are CreateContainerConfigError; everything else is a permanent ProviderFailed.
 */
import type { V1Container, V1Pod, V1Volume } from '@kubernetes/client-node';
import { expectRejected, outcome, pod, withContainer, type Rejection } from './fixtures.js';

const containers = (n: number): V1Container[] =>
  Array.from({ length: n }, (_, i) => ({ name: `c${i}`, image: 'nginx' }));
const volumes = (n: number): V1Volume[] =>
  Array.from({ length: n }, (_, i) => ({ name: `v${i}`, emptyDir: {} }));

const rows: [string, V1Pod, Rejection][] = [
  [
    'no spec at all',
    { metadata: { name: 'x' } },
    { field: 'spec', value: 'undefined', fix: 'submit a pod with a spec' },
  ],
  [
    'hostNetwork',
    pod({ hostNetwork: true }),
    { field: 'spec.hostNetwork', value: 'true', fix: 'remove hostNetwork' },
  ],
  ['hostPID', pod({ hostPID: true }), { field: 'spec.hostPID', value: 'true', fix: 'remove hostPID' }],
  ['hostIPC', pod({ hostIPC: true }), { field: 'spec.hostIPC', value: 'true', fix: 'remove hostIPC' }],
  [
    'a DaemonSet pod',
    {
      ...pod(),
      metadata: {
        name: 'ds-x',
        ownerReferences: [{ apiVersion: 'apps/v1', kind: 'DaemonSet', name: 'fluentd', uid: 'u' }],
      },
    },
    {
      field: 'metadata.ownerReferences[0].kind',
      value: 'DaemonSet',
      fix: 'exclude the virtual node from the DaemonSet',
    },
  ],
  [
    'a Windows pod',
    pod({ os: { name: 'windows' } }),
    { field: 'spec.os.name', value: '"windows"', fix: 'use linux' },
  ],
  [
    'no containers',
    pod({ containers: [] }),
    { field: 'spec.containers', value: '[]', fix: 'add a container' },
  ],
  [
    '21 containers',
    pod({ containers: containers(21) }),
    { field: 'spec.containers', value: '21 containers', fix: 'split the pod' },
  ],
  [
    '21 init containers',
    pod({ initContainers: containers(21) }),
    { field: 'spec.initContainers', value: '21 init containers', fix: 'merge init steps' },
  ],
  [
    '21 volumes',
    pod({ volumes: volumes(21) }),
    {
      field: 'spec.volumes',
      value: '21 volumes',
      fix: 'merge configMap/secret volumes into a projected volume',
    },
  ],
  [
    'a container name with capitals and _',
    withContainer({ name: 'App_1' }),
    { field: 'spec.containers[0].name', value: '"App_1"', fix: 'at most 63 lowercase letters' },
  ],
  [
    'a 64-character container name',
    withContainer({ name: 'a'.repeat(64) }),
    {
      field: 'spec.containers[0].name',
      value: JSON.stringify('a'.repeat(64)),
      fix: 'at most 63 lowercase letters',
    },
  ],
  [
    'two containers with one name',
    pod({
      containers: [
        { name: 'app', image: 'a' },
        { name: 'app', image: 'b' },
      ],
    }),
    { field: 'spec.containers[1].name', value: '"app"', fix: 'give each container a unique name' },
  ],
  [
    'an init container named like an app container',
    pod({ initContainers: [{ name: 'app', image: 'a' }] }),
    { field: 'spec.containers[0].name', value: '"app"', fix: 'give each container a unique name' },
  ],
  [
    'a volume name with a dot',
    pod({ volumes: [{ name: 'my.data', emptyDir: {} }] }),
    { field: 'spec.volumes[0].name', value: '"my.data"', fix: 'at most 63 lowercase letters' },
  ],
  [
    'an empty image',
    withContainer({ image: '' }),
    { field: 'spec.containers[0].image', value: '""', fix: 'set the container image' },
  ],
  [
    'a privileged container',
    withContainer({ securityContext: { privileged: true } }),
    {
      field: 'spec.containers[0].securityContext.privileged',
      value: 'true',
      fix: 'add only the capabilities you need',
    },
  ],
  [
    'a privileged init container',
    pod({ initContainers: [{ name: 'init', image: 'busybox', securityContext: { privileged: true } }] }),
    { field: 'spec.initContainers[0].securityContext.privileged', value: 'true', fix: 'remove privileged' },
  ],
  [
    'twenty containers and a sidecar init container: ECI runs sidecars as containers',
    pod({
      containers: Array.from({ length: 20 }, (_, i) => ({ name: `c${i}`, image: 'nginx' })),
      initContainers: [{ name: 'proxy', image: 'envoy', restartPolicy: 'Always' }],
    }),
    {
      field: 'spec.containers',
      value: '21 containers and sidecar init containers',
      fix: 'split the pod',
    },
  ],
  [
    'a hostPath volume (the docker socket)',
    pod({ volumes: [{ name: 'docker', hostPath: { path: '/var/run/docker.sock' } }] }),
    {
      field: 'spec.volumes[0].hostPath',
      value: '"/var/run/docker.sock"',
      fix: 'use emptyDir, or a PVC on NFS/NAS',
    },
  ],
  [
    'a gcePersistentDisk volume',
    pod({ volumes: [{ name: 'disk', gcePersistentDisk: { pdName: 'pd-1' } }] }),
    {
      field: 'spec.volumes[0].gcePersistentDisk',
      value: 'disk',
      fix: 'use emptyDir, configMap, secret, projected',
    },
  ],
  [
    'an emptyDir on HugePages',
    pod({ volumes: [{ name: 'huge', emptyDir: { medium: 'HugePages' } }] }),
    { field: 'spec.volumes[0].emptyDir.medium', value: '"HugePages"', fix: 'use "" (disk) or Memory' },
  ],
  ...[111, 10250, 10255].map((port): [string, V1Pod, Rejection] => [
    `reserved port ${port}`,
    withContainer({ ports: [{ containerPort: port }] }),
    { field: 'spec.containers[0].ports[0].containerPort', value: String(port), fix: 'use another port' },
  ]),
  [
    'a hostPort other than the containerPort',
    withContainer({ ports: [{ containerPort: 80, hostPort: 8080 }] }),
    { field: 'spec.containers[0].ports[0].hostPort', value: '8080', fix: 'remove hostPort' },
  ],
  [
    'protocol HTTP',
    withContainer({ ports: [{ containerPort: 80, protocol: 'HTTP' }] }),
    { field: 'spec.containers[0].ports[0].protocol', value: '"HTTP"', fix: 'use one of TCP, UDP' },
  ],
  [
    'imagePullPolicy Sometimes',
    withContainer({ imagePullPolicy: 'Sometimes' }),
    {
      field: 'spec.containers[0].imagePullPolicy',
      value: '"Sometimes"',
      fix: 'use one of Always, IfNotPresent, Never',
    },
  ],
  [
    'a mount of a volume the pod does not have',
    withContainer({ volumeMounts: [{ name: 'ghost', mountPath: '/data' }] }),
    { field: 'spec.containers[0].volumeMounts[0].name', value: '"ghost"', fix: 'add it to spec.volumes' },
  ],
  [
    'mountPropagation Shared',
    withContainer(
      { volumeMounts: [{ name: 'v', mountPath: '/v', mountPropagation: 'Shared' }] },
      { volumes: volumes(1).map((v) => ({ ...v, name: 'v' })) },
    ),
    {
      field: 'spec.containers[0].volumeMounts[0].mountPropagation',
      value: '"Shared"',
      fix: 'use one of None',
    },
  ],
  [
    'cpu limit "lots"',
    withContainer({ resources: { limits: { cpu: 'lots' } } }),
    {
      field: 'spec.containers[0].resources.limits[cpu]',
      value: 'lots',
      fix: 'use e.g. 500m, 2, 512Mi or 4Gi',
    },
  ],
  [
    'a negative memory request',
    withContainer({ resources: { requests: { memory: '-1Gi' } } }),
    { field: 'spec.containers[0].resources.requests[memory]', value: '-1Gi', fix: 'use e.g. 500m' },
  ],
  [
    '1000 vCPU',
    withContainer({ resources: { limits: { cpu: '1000' } } }),
    { field: 'spec.containers[*].resources', value: '1000 vCPU / 0 GiB', fix: 'lower the limits/requests' },
  ],
  [
    'a GPU without a GPU instance type',
    withContainer({ resources: { limits: { 'nvidia.com/gpu': '1' } } }),
    {
      field: 'spec.containers[*].resources.limits[nvidia.com/gpu]',
      value: '1',
      fix: 'ecs.gn6v-c8g1.2xlarge',
    },
  ],
  [
    'restartPolicy Sometimes',
    pod({ restartPolicy: 'Sometimes' }),
    { field: 'spec.restartPolicy', value: '"Sometimes"', fix: 'use Always, OnFailure or Never' },
  ],
  [
    'dnsPolicy Weird',
    pod({ dnsPolicy: 'Weird' }),
    { field: 'spec.dnsPolicy', value: '"Weird"', fix: 'use ClusterFirst, Default or None' },
  ],
  [
    'dnsPolicy None without nameservers',
    pod({ dnsPolicy: 'None' }),
    { field: 'spec.dnsConfig.nameservers', value: '[]', fix: 'add at least one nameserver' },
  ],
  [
    'an env var from a source ECI cannot provide',
    withContainer({ env: [{ name: 'X', valueFrom: {} }] }),
    {
      field: 'spec.containers[0].env[0].valueFrom',
      value: 'X',
      fix: 'use value, configMapKeyRef, secretKeyRef',
    },
  ],
  [
    'an env var from a ConfigMap that does not exist (yet)',
    withContainer({ env: [{ name: 'X', valueFrom: { configMapKeyRef: { name: 'later', key: 'k' } } }] }),
    {
      field: 'spec.containers[0].env[0].valueFrom.configMapKeyRef.name',
      value: '"later"',
      fix: 'create the ConfigMap',
      reason: 'CreateContainerConfigError',
    },
  ],
  [
    'envFrom a Secret that does not exist (yet)',
    withContainer({ envFrom: [{ secretRef: { name: 'creds' } }] }),
    {
      field: 'spec.containers[0].envFrom[0].secretRef.name',
      value: '"creds"',
      fix: 'create the Secret',
      reason: 'CreateContainerConfigError',
    },
  ],
  [
    'a PVC that does not exist (yet)',
    pod({ volumes: [{ name: 'data', persistentVolumeClaim: { claimName: 'data-0' } }] }),
    {
      field: 'spec.volumes[0].persistentVolumeClaim.claimName',
      value: '"data-0"',
      fix: 'create the claim',
      reason: 'CreateContainerConfigError',
    },
  ],
];

describe('hostile and malformed pod specs', () => {
  test.each(rows)('%s', (_name, input, want) => {
    expectRejected(outcome(input), want);
  });

  test('retryable rejections are not permanent; every other one is', () => {
    for (const [, input, want] of rows) {
      const { error } = outcome(input);
      expect(error?.permanent).toBe(want.reason !== 'CreateContainerConfigError');
    }
  });

  test('a huge env (5000 variables of 1 KiB) is passed through: ECI has no documented limit to enforce', () => {
    const env = Array.from({ length: 5000 }, (_, i) => ({ name: `VAR_${i}`, value: 'x'.repeat(1024) }));
    const o = outcome(withContainer({ env }));
    expect(o.error).toBeUndefined();
  });
});
