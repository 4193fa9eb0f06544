import type { V1Pod } from '@kubernetes/client-node';
import { missingReferenceEvents, translatePod, warningReason } from '../../../src/translate/index.js';
import type { ReferencedObjects } from '../../../src/translate/index.js';

const none = (): ReferencedObjects => ({
  configMaps: new Map(),
  secrets: new Map(),
  persistentVolumeClaims: new Map(),
  persistentVolumes: new Map(),
});

const pod = (spec: Partial<NonNullable<V1Pod['spec']>>): V1Pod => ({
  metadata: { name: 'p', namespace: 'default' },
  spec: { containers: [{ name: 'app', image: 'nginx' }], ...spec },
});

describe("virtual-kubelet's reasons for missing ConfigMaps and Secrets", () => {
  test('a required ConfigMap and an optional Secret, both missing', () => {
    const p = pod({
      containers: [
        {
          name: 'app',
          image: 'nginx',
          env: [{ name: 'A', valueFrom: { configMapKeyRef: { name: 'settings', key: 'a' } } }],
          envFrom: [{ secretRef: { name: 'creds', optional: true } }],
        },
      ],
    });
    expect(missingReferenceEvents(p, none())).toEqual([
      { reason: 'MandatoryConfigMapNotFound', message: 'configmap "settings" not found' },
      { reason: 'OptionalSecretNotFound', message: 'secret "creds" not found' },
    ]);
  });

  test('one required use makes the object mandatory; an existing object gives no event', () => {
    const p = pod({
      volumes: [
        { name: 'a', configMap: { name: 'settings', optional: true } },
        { name: 'b', projected: { sources: [{ configMap: { name: 'settings' } }] } },
        { name: 'c', secret: { secretName: 'here' } },
      ],
    });
    const found = none();
    found.secrets.set('here', { metadata: { name: 'here' } });
    expect(missingReferenceEvents(p, found)).toEqual([
      { reason: 'MandatoryConfigMapNotFound', message: 'configmap "settings" not found' },
    ]);
  });
});

test("ClusterFirst without a cluster DNS address warns with the kubelet's reason MissingClusterDNS", () => {
  const { warnings } = translatePod(pod({}), {
    regionId: 'cn-hangzhou',
    vSwitchIds: ['vsw-a'],
    securityGroupId: 'sg-a',
    kubeProxy: true,
    clusterId: 'c',
    nodeName: 'vk',
    refs: none(),
  });
  expect(warnings.map(warningReason)).toContain('MissingClusterDNS');
  expect(warningReason('spec.securityContext: ECI does not support x; ignored')).toBe('ProviderWarning');
});
