import type { V1EnvFromSource, V1EnvVar } from '@kubernetes/client-node';
import { translatePod, type TranslationContext } from '../../../src/translate/index.js';
import { configMap, emptyRefs, makeCtx, secret, translationError, withContainer } from './fixtures.js';

function ctxWith(): TranslationContext {
  const refs = emptyRefs();
  refs.configMaps.set(
    'app-config',
    configMap('app-config', { LOG_LEVEL: 'debug', 'bad=key': 'x', MODE: 'fast' }),
  );
  refs.secrets.set('db', secret('db', { password: 's3cr3t', user: 'admin' }));
  return makeCtx({ refs });
}

const envOf = (env: V1EnvVar[], envFrom?: V1EnvFromSource[], ctx = ctxWith()) =>
  translatePod(withContainer({ env, envFrom, resources: { limits: { cpu: '500m', memory: '256Mi' } } }), ctx)
    .request.Container[0].EnvironmentVar;

describe('env', () => {
  test('plain values, including the empty value', () => {
    expect(envOf([{ name: 'TARGET', value: 'Knative' }, { name: 'EMPTY' }])).toEqual([
      { Key: 'TARGET', Value: 'Knative' },
      { Key: 'EMPTY', Value: '' },
    ]);
  });

  test('configMapKeyRef and secretKeyRef are resolved from the fetched objects', () => {
    expect(
      envOf([
        { name: 'LEVEL', valueFrom: { configMapKeyRef: { name: 'app-config', key: 'LOG_LEVEL' } } },
        { name: 'DB_PASSWORD', valueFrom: { secretKeyRef: { name: 'db', key: 'password' } } },
      ]),
    ).toEqual([
      { Key: 'LEVEL', Value: 'debug' },
      { Key: 'DB_PASSWORD', Value: 's3cr3t' },
    ]);
  });

  test('optional references that are missing are skipped', () => {
    expect(
      envOf([
        { name: 'A', valueFrom: { configMapKeyRef: { name: 'nope', key: 'k', optional: true } } },
        { name: 'B', valueFrom: { secretKeyRef: { name: 'db', key: 'nope', optional: true } } },
        { name: 'C', value: 'c' },
      ]),
    ).toEqual([{ Key: 'C', Value: 'c' }]);
  });

  test.each<[string, V1EnvVar, string, string]>([
    [
      'missing ConfigMap',
      { name: 'A', valueFrom: { configMapKeyRef: { name: 'nope', key: 'k' } } },
      'spec.containers[0].env[0].valueFrom.configMapKeyRef.name',
      '"nope" ConfigMap not found in namespace default',
    ],
    [
      'missing ConfigMap key',
      { name: 'A', valueFrom: { configMapKeyRef: { name: 'app-config', key: 'k' } } },
      'spec.containers[0].env[0].valueFrom.configMapKeyRef.key',
      '"k" is not a key of ConfigMap app-config',
    ],
    [
      'missing Secret',
      { name: 'A', valueFrom: { secretKeyRef: { name: 'nope', key: 'k' } } },
      'spec.containers[0].env[0].valueFrom.secretKeyRef.name',
      '"nope" Secret not found',
    ],
    [
      'missing Secret key',
      { name: 'A', valueFrom: { secretKeyRef: { name: 'db', key: 'token' } } },
      'spec.containers[0].env[0].valueFrom.secretKeyRef.key',
      '"token" is not a key of Secret db',
    ],
  ])('a mandatory %s is a retryable CreateContainerConfigError', (_name, env, field, text) => {
    const err = translationError(withContainer({ env: [env] }), ctxWith());
    expect(err.field).toBe(field);
    expect(err.message).toContain(text);
    expect(err.message).toContain('optional: true');
    expect(err.reason).toBe('CreateContainerConfigError');
    expect(err.permanent).toBe(false);
  });

  test('secret values never appear in error messages', () => {
    const err = translationError(
      withContainer({ env: [{ name: 'A', valueFrom: { secretKeyRef: { name: 'db', key: 'missing' } } }] }),
      ctxWith(),
    );
    expect(err.message).not.toContain('s3cr3t');
  });

  test('fieldRef: metadata resolved now, pod/host IP left to ECI', () => {
    const pod = withContainer({
      env: [
        { name: 'POD_NAME', valueFrom: { fieldRef: { fieldPath: 'metadata.name' } } },
        { name: 'POD_NS', valueFrom: { fieldRef: { fieldPath: 'metadata.namespace' } } },
        { name: 'POD_UID', valueFrom: { fieldRef: { fieldPath: 'metadata.uid' } } },
        { name: 'APP', valueFrom: { fieldRef: { fieldPath: "metadata.labels['app']" } } },
        { name: 'NOTE', valueFrom: { fieldRef: { fieldPath: "metadata.annotations['note']" } } },
        { name: 'NODE', valueFrom: { fieldRef: { fieldPath: 'spec.nodeName' } } },
        { name: 'SA', valueFrom: { fieldRef: { fieldPath: 'spec.serviceAccountName' } } },
        { name: 'POD_IP', valueFrom: { fieldRef: { fieldPath: 'status.podIP' } } },
        { name: 'HOST_IP', valueFrom: { fieldRef: { fieldPath: 'status.hostIP' } } },
      ],
    });
    pod.metadata!.labels = { app: 'web' };
    pod.metadata!.annotations = { note: 'hi' };
    pod.spec!.serviceAccountName = 'runner';
    expect(translatePod(pod, makeCtx()).request.Container[0].EnvironmentVar).toEqual([
      { Key: 'POD_NAME', Value: 'web' },
      { Key: 'POD_NS', Value: 'default' },
      { Key: 'POD_UID', Value: '11111111-2222-3333-4444-555555555555' },
      { Key: 'APP', Value: 'web' },
      { Key: 'NOTE', Value: 'hi' },
      { Key: 'NODE', Value: 'virtual-kubelet-cn-hangzhou-b' },
      { Key: 'SA', Value: 'runner' },
      { Key: 'POD_IP', FieldRef: { FieldPath: 'status.podIP' } },
      { Key: 'HOST_IP', FieldRef: { FieldPath: 'status.podIP' } },
    ]);
  });

  test('an unknown fieldRef is rejected', () => {
    const err = translationError(
      withContainer({ env: [{ name: 'X', valueFrom: { fieldRef: { fieldPath: 'spec.priority' } } }] }),
    );
    expect(err.field).toBe('spec.containers[0].env[0].valueFrom.fieldRef.fieldPath');
    expect(err.value).toBe('"spec.priority"');
  });

  test('resourceFieldRef is computed like the kubelet (ceil of value / divisor)', () => {
    expect(
      envOf([
        { name: 'CPU_M', valueFrom: { resourceFieldRef: { resource: 'limits.cpu', divisor: '1m' } } },
        { name: 'CPU', valueFrom: { resourceFieldRef: { resource: 'limits.cpu' } } },
        { name: 'MEM_MI', valueFrom: { resourceFieldRef: { resource: 'limits.memory', divisor: '1Mi' } } },
        { name: 'MEM_REQ', valueFrom: { resourceFieldRef: { resource: 'requests.memory' } } },
      ]),
    ).toEqual([
      { Key: 'CPU_M', Value: '500' },
      { Key: 'CPU', Value: '1' },
      { Key: 'MEM_MI', Value: '256' },
      { Key: 'MEM_REQ', Value: String(256 * 2 ** 20) },
    ]);
  });

  test('resourceFieldRef with the divisor the API server stores when none is given ("0") divides by 1', () => {
    expect(
      envOf([
        { name: 'GOMAXPROCS', valueFrom: { resourceFieldRef: { resource: 'limits.cpu', divisor: '0' } } },
        { name: 'MEM', valueFrom: { resourceFieldRef: { resource: 'requests.memory', divisor: '0' } } },
      ]),
    ).toEqual([
      { Key: 'GOMAXPROCS', Value: '1' },
      { Key: 'MEM', Value: String(256 * 2 ** 20) },
    ]);
    const negative = translationError(
      withContainer({
        env: [{ name: 'X', valueFrom: { resourceFieldRef: { resource: 'limits.cpu', divisor: '-1' } } }],
      }),
    );
    expect(negative.field).toBe('spec.containers[0].env[0].valueFrom.resourceFieldRef.divisor');
  });

  test('resourceFieldRef without a limit uses the group size, as the kubelet uses the node', () => {
    const pod = withContainer({
      env: [{ name: 'CPUS', valueFrom: { resourceFieldRef: { resource: 'limits.cpu' } } }],
    });
    expect(translatePod(pod, makeCtx()).request.Container[0].EnvironmentVar).toEqual([
      { Key: 'CPUS', Value: '2' },
    ]);
  });

  test('envFrom with prefix; env overrides envFrom; invalid keys are skipped with a warning', () => {
    const ctx = ctxWith();
    const pod = withContainer({
      envFrom: [{ configMapRef: { name: 'app-config' }, prefix: 'CFG_' }, { secretRef: { name: 'db' } }],
      env: [{ name: 'user', value: 'override' }],
    });
    const { request, warnings } = translatePod(pod, ctx);
    expect(request.Container[0].EnvironmentVar).toEqual([
      { Key: 'CFG_LOG_LEVEL', Value: 'debug' },
      { Key: 'CFG_MODE', Value: 'fast' },
      { Key: 'password', Value: 's3cr3t' },
      { Key: 'user', Value: 'override' },
    ]);
    expect(warnings).toContain(
      'spec.containers[0].envFrom[0]: skipped keys that are not valid environment variable names: bad=key',
    );
  });

  test('a missing mandatory envFrom source waits; an optional one is skipped', () => {
    expect(translationError(withContainer({ envFrom: [{ configMapRef: { name: 'later' } }] })).reason).toBe(
      'CreateContainerConfigError',
    );
    expect(envOf([], [{ secretRef: { name: 'later', optional: true } }])).toBeUndefined();
  });

  test('service environment is lowest precedence', () => {
    const ctx = makeCtx({
      serviceEnvironment: { KUBERNETES_SERVICE_HOST: '10.0.0.1', REDIS_SERVICE_HOST: '10.0.0.9' },
    });
    const env = translatePod(withContainer({ env: [{ name: 'REDIS_SERVICE_HOST', value: 'mine' }] }), ctx)
      .request.Container[0].EnvironmentVar;
    expect(env).toEqual([
      { Key: 'KUBERNETES_SERVICE_HOST', Value: '10.0.0.1' },
      { Key: 'REDIS_SERVICE_HOST', Value: 'mine' },
    ]);
  });
});
