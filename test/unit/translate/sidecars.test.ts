import type { V1Container } from '@kubernetes/client-node';
import { translatePod } from '../../../src/translate/index.js';
import { selectSpec } from '../../../src/translate/sizing.js';
import { makeCtx, makePod } from './fixtures.js';

const sidecar = (name: string, more: Partial<V1Container> = {}): V1Container => ({
  name,
  image: `${name}:1`,
  restartPolicy: 'Always',
  ...more,
});

const envOf = (c: { EnvironmentVar?: { Key: string; Value?: string }[] }) =>
  Object.fromEntries((c.EnvironmentVar ?? []).map((e) => [e.Key, e.Value]));

describe('native sidecars (init containers with restartPolicy Always)', () => {
  test('run as ECI containers ahead of the app, started first in order and stopped last in reverse', () => {
    const pod = makePod({
      initContainers: [
        { name: 'setup', image: 'busybox', command: ['true'] },
        sidecar('proxy', { readinessProbe: { httpGet: { path: '/ready', port: 15021 } } }),
        sidecar('logs'),
      ],
    });
    const { request, warnings } = translatePod(pod, makeCtx());
    expect(request.InitContainer?.map((c) => c.Name)).toEqual(['setup']);
    expect(request.Container.map((c) => c.Name)).toEqual(['proxy', 'logs', 'app']);
    expect(envOf(request.Container[0])).toEqual({
      ECI_CONTAINER_LAUNCH_PRIORITY: '1000',
      ECI_CONTAINER_EXIT_PRIORITY: '-1000',
      ECI_CONTAINER_TYPE: 'sidecar',
      ECI_CONTAINER_IGNORE_EXIT_CODE: 'true',
    });
    expect(envOf(request.Container[1])).toMatchObject({
      ECI_CONTAINER_LAUNCH_PRIORITY: '999',
      ECI_CONTAINER_EXIT_PRIORITY: '-999',
    });
    expect(request.Container[2].EnvironmentVar).toBeUndefined();
    // A sidecar keeps what an app container has and an ECI init container cannot: its probes.
    expect(request.Container[0].ReadinessProbe).toMatchObject({ HttpGet: { Path: '/ready', Port: 15021 } });
    expect(warnings.filter((w) => w.startsWith('spec.initContainers'))).toEqual([]);
  });

  test("the pod's own order variables are kept", () => {
    const pod = makePod({
      initContainers: [sidecar('proxy', { env: [{ name: 'ECI_CONTAINER_EXIT_PRIORITY', value: '-5' }] })],
    });
    const env = envOf(translatePod(pod, makeCtx()).request.Container[0]);
    expect(env.ECI_CONTAINER_EXIT_PRIORITY).toBe('-5');
    expect(env.ECI_CONTAINER_LAUNCH_PRIORITY).toBe('1000');
  });

  test('an init container after a sidecar, and a startup probe alone, are warned of', () => {
    const pod = makePod({
      initContainers: [
        sidecar('proxy', { startupProbe: { tcpSocket: { port: 15001 } } }),
        { name: 'fetch', image: 'curl', command: ['curl', 'http://config'] },
      ],
    });
    const { request, warnings } = translatePod(pod, makeCtx());
    expect(request.InitContainer?.map((c) => c.Name)).toEqual(['fetch']);
    expect(warnings.filter((w) => w.startsWith('spec.initContainers'))).toEqual([
      'spec.initContainers[0].startupProbe: ECI starts the containers after sidecar proxy once it runs, not once this probe passes; add a readinessProbe to hold them until it is up',
      'spec.initContainers[1] (fetch): ECI runs every init container before any container, so it runs before sidecar proxy starts; move it above the sidecars, or make what it needs from them a container',
    ]);
  });

  test('are sized as Kubernetes sizes them: with the app containers, and beside the init containers after them', () => {
    const limits = (cpu: string, memory: string) => ({ resources: { limits: { cpu, memory } } });
    const pod = makePod({
      initContainers: [
        sidecar('proxy', limits('1', '2Gi')),
        { name: 'migrate', image: 'migrate', ...limits('2', '2Gi') },
      ],
      containers: [{ name: 'app', image: 'nginx', ...limits('1', '2Gi') }],
    });
    // cpu: max(1 + 1, 2 + 1) = 3 → ECI's 4 vCPU; memory: max(2 + 2, 2 + 2) = 4 GiB. Without the
    // sidecar beside the init container it would be 2 vCPU (max(1 + 1, 2)).
    expect(selectSpec(pod, { regionId: 'cn-hangzhou' }).candidates[0]).toMatchObject({ cpu: 4, memory: 4 });
  });
});
