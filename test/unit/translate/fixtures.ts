import type { V1ConfigMap, V1Container, V1Pod, V1PodSpec, V1Secret, V1Volume } from '@kubernetes/client-node';
import {
  TranslationError,
  translatePod,
  type ReferencedObjects,
  type TranslationContext,
} from '../../../src/translate/index.js';

export function emptyRefs(): ReferencedObjects {
  return {
    configMaps: new Map(),
    secrets: new Map(),
    persistentVolumeClaims: new Map(),
    persistentVolumes: new Map(),
  };
}

export function makeCtx(overrides: Partial<TranslationContext> = {}): TranslationContext {
  return {
    regionId: 'cn-hangzhou',
    vSwitchIds: ['vsw-a', 'vsw-b'],
    securityGroupId: 'sg-1',
    kubeProxy: true,
    clusterId: 'c-test',
    nodeName: 'virtual-kubelet-cn-hangzhou-b',
    refs: emptyRefs(),
    ...overrides,
  };
}

export function makePod(
  spec: Partial<V1PodSpec> = {},
  meta: {
    name?: string;
    namespace?: string;
    annotations?: Record<string, string>;
    labels?: Record<string, string>;
  } = {},
): V1Pod {
  return {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: {
      name: meta.name ?? 'web',
      namespace: meta.namespace ?? 'default',
      uid: '11111111-2222-3333-4444-555555555555',
      creationTimestamp: new Date('2026-01-02T03:04:05Z'),
      annotations: meta.annotations,
      labels: meta.labels,
    },
    spec: { containers: [{ name: 'app', image: 'nginx' }], ...spec },
  };
}

export function withContainer(c: Partial<V1Container>, spec: Partial<V1PodSpec> = {}): V1Pod {
  return makePod({ containers: [{ name: 'app', image: 'nginx', ...c }], ...spec });
}

export function configMap(
  name: string,
  data: Record<string, string>,
  binaryData?: Record<string, string>,
): V1ConfigMap {
  return { metadata: { name, namespace: 'default' }, data, binaryData };
}

export function secret(name: string, plain: Record<string, string>, type = 'Opaque'): V1Secret {
  const data: Record<string, string> = {};
  for (const [k, v] of Object.entries(plain)) data[k] = Buffer.from(v).toString('base64');
  return { metadata: { name, namespace: 'default' }, type, data };
}

/** The projected service-account volume the API server adds to every pod (token, CA, namespace). */
export function kubeApiAccessVolume(name: string): V1Volume {
  return {
    name,
    projected: {
      defaultMode: 420,
      sources: [
        { serviceAccountToken: { expirationSeconds: 3607, path: 'token' } },
        { configMap: { name: 'kube-root-ca.crt', items: [{ key: 'ca.crt', path: 'ca.crt' }] } },
        {
          downwardAPI: {
            items: [{ path: 'namespace', fieldRef: { apiVersion: 'v1', fieldPath: 'metadata.namespace' } }],
          },
        },
      ],
    },
  };
}

export const b64 = (s: string): string => Buffer.from(s).toString('base64');

/** The TranslationError a translation throws (fails the test when it does not throw one). */
export function translationError(pod: V1Pod, ctx: TranslationContext = makeCtx()): TranslationError {
  try {
    translatePod(pod, ctx);
  } catch (err) {
    if (err instanceof TranslationError) return err;
    throw err;
  }
  throw new Error('expected a TranslationError, but the pod translated');
}
