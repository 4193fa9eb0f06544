import type { V1PodStatus } from '@kubernetes/client-node';
import type { ContainerGroupStatusRecord, EciPodContainerStatus } from '../../../providers/eci-api/index.js';
import { changedImages, CONDITION, toPodStatus } from '../../../src/translate/index.js';
import { makePod } from './fixtures.js';

const NOW = new Date('2026-01-02T03:10:00Z');

const pod = () =>
  makePod({
    initContainers: [
      { name: 'setup', image: 'busybox' },
      { name: 'proxy', image: 'envoy:1.31', restartPolicy: 'Always' },
    ],
  });

function record(status: ContainerGroupStatusRecord['Status'], containers: EciPodContainerStatus[]) {
  return {
    ContainerGroupId: 'eci-123',
    Name: 'default-web',
    Status: status,
    PodStatus: { Phase: '', Conditions: [], ContainerStatuses: containers, PodIp: '192.168.0.7' },
  };
}

const running = (name: string, ready: boolean): EciPodContainerStatus => ({
  Name: name,
  Image: `${name}:1`,
  Ready: ready,
  RestartCount: 0,
  State: { Running: { StartedAt: '2026-01-02T03:06:00Z' } },
});

const conditionOf = (s: V1PodStatus, type: string) => s.conditions?.find((c) => c.type === type);

describe('a native sidecar in the pod status', () => {
  test('is an init container status, started and Ready as ECI reports the container, and holds Ready', () => {
    const status = toPodStatus(
      pod(),
      record('Running', [running('proxy', false), running('app', true)]),
      NOW,
    );
    expect(status.initContainerStatuses?.map((s) => [s.name, s.started, s.ready])).toEqual([
      ['setup', false, false],
      ['proxy', true, false],
    ]);
    expect(status.initContainerStatuses?.[0].state?.terminated?.exitCode).toBe(0);
    expect(status.containerStatuses?.map((s) => s.name)).toEqual(['app']);
    expect(conditionOf(status, CONDITION.initialized)?.status).toBe('True');
    expect(conditionOf(status, CONDITION.containersReady)).toMatchObject({
      status: 'False',
      message: 'containers with unready status: [proxy]',
    });
  });

  test('Ready once the sidecar and the app are', () => {
    const status = toPodStatus(pod(), record('Running', [running('proxy', true), running('app', true)]), NOW);
    expect(conditionOf(status, CONDITION.ready)?.status).toBe('True');
  });

  test('not yet started: the pod is not Initialized and the app waits on it', () => {
    const status = toPodStatus(pod(), record('Pending', []), NOW);
    expect(conditionOf(status, CONDITION.initialized)).toMatchObject({
      status: 'False',
      message: 'containers with incomplete status: [setup proxy]',
    });
    expect(status.containerStatuses?.[0].state?.waiting?.reason).toBe('PodInitializing');
  });
});

describe('kubectl set image on a native sidecar', () => {
  test('is an image change of that container, named by its init container field', () => {
    const p = pod();
    p.spec!.initContainers![1].image = 'envoy:1.32';
    p.spec!.containers[0].image = 'app:1'; // as it runs
    expect(changedImages(p, record('Running', [running('proxy', true), running('app', true)]))).toEqual([
      { container: 'proxy', field: 'spec.initContainers[1].image', from: 'proxy:1', to: 'envoy:1.32' },
    ]);
  });
});
