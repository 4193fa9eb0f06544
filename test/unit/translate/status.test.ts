import type { V1Pod, V1PodStatus } from '@kubernetes/client-node';
import type {
  ContainerGroupStatusName,
  ContainerGroupStatusRecord,
  EciEvent,
  EciPodContainerStatus,
} from '../../../providers/eci-api/index.js';
import {
  CAPACITY_REASONS,
  CONDITION,
  eciEventKey,
  latestEvent,
  podPhaseForMissingGroup,
  statusPatch,
  toPodStatus,
  applyStatusPatch,
} from '../../../src/translate/index.js';
import { makePod } from './fixtures.js';

const NOW = new Date('2026-01-02T03:10:00Z');

function record(
  status: ContainerGroupStatusName,
  containers: EciPodContainerStatus[] = [],
  extra: Partial<ContainerGroupStatusRecord> = {},
): ContainerGroupStatusRecord {
  return {
    ContainerGroupId: 'eci-123',
    Name: 'default-web',
    Status: status,
    PodStatus: {
      Phase: 'Whatever',
      Conditions: [],
      ContainerStatuses: containers,
      PodIp: '192.168.0.7',
      StartTime: '2026-01-02T03:05:00Z',
    },
    ...extra,
  };
}

const running = (
  name: string,
  ready = true,
  extra: Partial<EciPodContainerStatus> = {},
): EciPodContainerStatus => ({
  Name: name,
  Image: 'nginx:1.27',
  ImageID: 'docker.io/library/nginx@sha256:abc',
  Ready: ready,
  RestartCount: 0,
  State: { Running: { StartedAt: '2026-01-02T03:06:00Z' } },
  ...extra,
});

const condition = (s: V1PodStatus, type: string) => s.conditions?.find((c) => c.type === type);

describe('phase: the ECI status table is authoritative', () => {
  test.each<[ContainerGroupStatusName, string]>([
    ['Scheduling', 'Pending'],
    ['ScheduleFailed', 'Failed'],
    ['Pending', 'Pending'],
    ['Running', 'Running'],
    ['Restarting', 'Pending'],
    ['Updating', 'Pending'],
    ['Terminating', 'Running'],
    ['Succeeded', 'Succeeded'],
    ['Failed', 'Failed'],
    ['Expired', 'Failed'],
  ])('%s → %s', (status, phase) => {
    expect(toPodStatus(makePod(), record(status), NOW).phase).toBe(phase);
  });

  test('a pod that already ended never goes back', () => {
    const pod = makePod();
    pod.status = { phase: 'Succeeded' };
    expect(toPodStatus(pod, record('Running', [running('app')]), NOW).phase).toBe('Succeeded');
  });
});

describe('a running pod', () => {
  const status = toPodStatus(makePod(), record('Running', [running('app')]), NOW);

  test('IPs, start time, QoS', () => {
    expect(status).toMatchObject({
      podIP: '192.168.0.7',
      podIPs: [{ ip: '192.168.0.7' }],
      hostIP: '192.168.0.7',
      hostIPs: [{ ip: '192.168.0.7' }],
      startTime: new Date('2026-01-02T03:05:00Z'),
      qosClass: 'BestEffort',
    });
  });

  test('all conditions True, including ContainerInstanceCreated', () => {
    const types = [
      'PodScheduled',
      'ContainerInstanceCreated',
      'PodReadyToStartContainers',
      'Initialized',
      'ContainersReady',
      'Ready',
    ];
    expect(status.conditions?.map((c) => [c.type, c.status])).toEqual(types.map((t) => [t, 'True']));
    expect(condition(status, 'Ready')?.lastTransitionTime).toEqual(NOW);
  });

  test('container status with eci:// container ID', () => {
    expect(status.containerStatuses).toEqual([
      {
        name: 'app',
        image: 'nginx:1.27',
        imageID: 'docker.io/library/nginx@sha256:abc',
        containerID: 'eci://eci-123/app',
        ready: true,
        started: true,
        restartCount: 0,
        state: { running: { startedAt: new Date('2026-01-02T03:06:00Z') } },
        lastState: {},
      },
    ]);
  });
});

test('a restarted container shows its last termination and restart count', () => {
  const info = running('app', false, {
    RestartCount: 3,
    LastState: {
      Terminated: {
        ContainerID: 'containerd://f00',
        ExitCode: 137,
        Reason: 'OOMKilled',
        Signal: 9,
        StartedAt: '2026-01-02T03:06:00Z',
        FinishedAt: '2026-01-02T03:07:00Z',
      },
    },
  });
  const s = toPodStatus(makePod(), record('Running', [info]), NOW).containerStatuses?.[0];
  expect(s).toMatchObject({
    containerID: 'containerd://f00',
    restartCount: 3,
    ready: false,
    lastState: {
      terminated: {
        exitCode: 137,
        reason: 'OOMKilled',
        signal: 9,
        startedAt: new Date('2026-01-02T03:06:00Z'),
        finishedAt: new Date('2026-01-02T03:07:00Z'),
        containerID: 'containerd://f00',
      },
    },
  });
});

test('an unready container makes ContainersReady and Ready False with the kubelet message', () => {
  const pod = makePod({
    containers: [
      { name: 'app', image: 'nginx' },
      { name: 'side', image: 'envoy' },
    ],
  });
  const s = toPodStatus(pod, record('Running', [running('app'), running('side', false)]), NOW);
  expect(condition(s, 'ContainersReady')).toMatchObject({
    status: 'False',
    reason: 'ContainersNotReady',
    message: 'containers with unready status: [side]',
  });
  expect(condition(s, 'Ready')).toMatchObject({ status: 'False', reason: 'ContainersNotReady' });
});

test('Terminating keeps Running and readiness; Restarting is Pending and not ready', () => {
  expect(
    condition(toPodStatus(makePod(), record('Terminating', [running('app')]), NOW), 'Ready')?.status,
  ).toBe('True');
  const restarting = toPodStatus(makePod(), record('Restarting', [running('app')]), NOW);
  expect(restarting.phase).toBe('Pending');
  expect(restarting.containerStatuses?.[0].ready).toBe(false);
});

test('readiness gates hold Ready back until their condition is True', () => {
  const pod = makePod({ readinessGates: [{ conditionType: 'example.com/lb' }] });
  pod.status = { conditions: [{ type: 'example.com/lb', status: 'False' }] };
  const s = toPodStatus(pod, record('Running', [running('app')]), NOW);
  expect(condition(s, 'Ready')).toMatchObject({ status: 'False', reason: 'ReadinessGatesNotReady' });
  expect(condition(s, 'example.com/lb')?.status).toBe('False'); // kept: merge patches replace the whole list
  pod.status.conditions = [{ type: 'example.com/lb', status: 'True' }];
  expect(condition(toPodStatus(pod, record('Running', [running('app')]), NOW), 'Ready')?.status).toBe('True');
});

describe('before the instance exists', () => {
  test('Scheduling: ContainerInstanceCreated False with the NoStock event, containers ContainerCreating', () => {
    const rec = record('Scheduling', []);
    rec.PodStatus.PodIp = undefined;
    const s = toPodStatus(makePod(), rec, NOW, {
      Type: 'Warning',
      Reason: 'NoStock',
      Message: 'no stock in cn-hangzhou-b',
      Count: 1,
      FirstTimestamp: '2026-01-02T03:05:00Z',
      LastTimestamp: '2026-01-02T03:05:00Z',
    });
    expect(s.phase).toBe('Pending');
    expect(condition(s, CONDITION.instanceCreated)).toMatchObject({
      status: 'False',
      reason: 'NoStock',
      message: 'no stock in cn-hangzhou-b',
    });
    expect(s.containerStatuses?.[0]).toMatchObject({
      ready: false,
      started: false,
      restartCount: 0,
      image: 'nginx',
      imageID: '',
      state: { waiting: { reason: 'ContainerCreating' } },
    });
    expect(s.containerStatuses?.[0].containerID).toBeUndefined();
    expect(s.podIP).toBeUndefined();
  });

  test('Scheduling without events: reason Creating', () => {
    expect(
      condition(toPodStatus(makePod(), record('Scheduling'), NOW), CONDITION.instanceCreated)?.reason,
    ).toBe('Creating');
  });

  test('ScheduleFailed: Failed with the newest capacity reason, unknown containers terminated', () => {
    const events: EciEvent[] = [
      {
        Type: 'Warning',
        Reason: 'NoStock',
        Message: 'old',
        Count: 1,
        FirstTimestamp: '2026-01-02T03:05:00Z',
        LastTimestamp: '2026-01-02T03:05:00Z',
      },
      {
        Type: 'Warning',
        Reason: 'StockExhaust',
        Message: 'exhausted',
        Count: 2,
        FirstTimestamp: '2026-01-02T03:06:00Z',
        LastTimestamp: '2026-01-02T03:08:00Z',
      },
    ];
    const rec = record('ScheduleFailed', []);
    const s = toPodStatus(makePod(), rec, NOW, latestEvent(events, CAPACITY_REASONS));
    expect(s).toMatchObject({ phase: 'Failed', reason: 'StockExhaust', message: 'exhausted' });
    expect(s.containerStatuses?.[0].state?.terminated).toMatchObject({
      exitCode: 137,
      reason: 'ContainerStatusUnknown',
    });
    expect(condition(s, 'Ready')).toMatchObject({ status: 'False', reason: 'PodFailed' });
  });
});

describe('init containers', () => {
  const pod = makePod({
    initContainers: [
      { name: 'migrate', image: 'm' },
      { name: 'warm', image: 'w' },
    ],
  });
  test('before the app containers start: Initialized False, init containers waiting', () => {
    // The status call reports no init containers (as on ECI): their progress is not visible here.
    const s = toPodStatus(pod, record('Pending', []), NOW);
    expect(condition(s, 'Initialized')).toMatchObject({
      status: 'False',
      reason: 'ContainersNotInitialized',
      message: 'containers with incomplete status: [migrate warm]',
    });
    expect(s.initContainerStatuses?.map((x) => Object.keys(x.state ?? {})[0])).toEqual([
      'waiting',
      'waiting',
    ]);
    expect(s.initContainerStatuses?.[1].state?.waiting?.reason).toBe('PodInitializing');
    expect(s.containerStatuses?.[0].state?.waiting?.reason).toBe('PodInitializing');
  });

  test('an init container ECI described as failing and restarting shows as the kubelet shows it (Init:CrashLoopBackOff)', () => {
    const s = toPodStatus(pod, record('Pending', []), NOW, undefined, [
      {
        Name: 'migrate',
        Image: 'm',
        Ready: false,
        RestartCount: 2,
        CurrentState: { State: 'Waiting', Reason: 'CrashLoopBackOff', Message: 'back-off 20s restarting' },
        PreviousState: {
          State: 'Terminated',
          ExitCode: 3,
          Reason: 'Error',
          StartTime: '2026-01-02T03:06:00Z',
          FinishTime: '2026-01-02T03:06:01Z',
        },
      },
    ]);
    const [migrate, warm] = s.initContainerStatuses ?? [];
    expect(migrate).toMatchObject({
      name: 'migrate',
      restartCount: 2,
      state: { waiting: { reason: 'CrashLoopBackOff', message: 'back-off 20s restarting' } },
      lastState: {
        terminated: {
          exitCode: 3,
          reason: 'Error',
          startedAt: new Date('2026-01-02T03:06:00Z'),
          finishedAt: new Date('2026-01-02T03:06:01Z'),
        },
      },
    });
    expect(migrate?.containerID).toBe('eci://eci-123/migrate');
    expect(warm?.state?.waiting?.reason).toBe('PodInitializing');
    expect(condition(s, 'Initialized')?.status).toBe('False');
  });

  test('a described init container that ended keeps its times once the apps run', () => {
    const done = {
      Name: 'migrate',
      Image: 'm',
      Ready: false,
      RestartCount: 0,
      CurrentState: {
        State: 'Terminated' as const,
        ExitCode: 0,
        Reason: 'Completed',
        StartTime: '2026-01-02T03:06:00Z',
        FinishTime: '2026-01-02T03:06:02Z',
      },
    };
    const s = toPodStatus(pod, record('Running', [running('app')]), NOW, undefined, [done]);
    expect(s.initContainerStatuses?.[0].state?.terminated).toMatchObject({
      exitCode: 0,
      finishedAt: new Date('2026-01-02T03:06:02Z'),
    });
    expect(s.initContainerStatuses?.[1].state?.terminated?.reason).toBe('Completed');
  });

  test('once an app container started, every init container completed: Initialized True', () => {
    const s = toPodStatus(pod, record('Running', [running('app')]), NOW);
    expect(condition(s, 'Initialized')?.status).toBe('True');
    expect(s.initContainerStatuses?.[0].state?.terminated).toMatchObject({
      exitCode: 0,
      reason: 'Completed',
    });
  });
});

test('Succeeded: containers terminated 0, Ready False with PodCompleted', () => {
  const info: EciPodContainerStatus = {
    Name: 'app',
    Ready: false,
    RestartCount: 0,
    State: { Terminated: { ExitCode: 0, Reason: 'Completed', FinishedAt: '2026-01-02T03:09:00Z' } },
  };
  const s = toPodStatus(makePod({ restartPolicy: 'Never' }), record('Succeeded', [info]), NOW);
  expect(s.phase).toBe('Succeeded');
  expect(condition(s, 'Ready')).toMatchObject({ status: 'False', reason: 'PodCompleted' });
  expect(condition(s, CONDITION.readyToStart)?.status).toBe('False');
});

test('Expired (spot reclaimed) says so', () => {
  expect(toPodStatus(makePod(), record('Expired', [running('app')]), NOW)).toMatchObject({
    phase: 'Failed',
    reason: 'Expired',
    message: 'The spot ECI instance eci-123 was reclaimed',
  });
});

test('qosClass: the pod status value wins, else computed from resources', () => {
  const guaranteed = makePod({
    containers: [{ name: 'app', image: 'x', resources: { limits: { cpu: '1', memory: '1Gi' } } }],
  });
  expect(toPodStatus(guaranteed, record('Running'), NOW).qosClass).toBe('Guaranteed');
  const burstable = makePod({
    containers: [{ name: 'app', image: 'x', resources: { requests: { cpu: '1' } } }],
  });
  expect(toPodStatus(burstable, record('Running'), NOW).qosClass).toBe('Burstable');
  burstable.status = { qosClass: 'BestEffort' };
  expect(toPodStatus(burstable, record('Running'), NOW).qosClass).toBe('BestEffort');
});

describe('statusPatch', () => {
  const pod = makePod();
  const first = toPodStatus(pod, record('Running', [running('app')]), NOW);

  test('no patch when nothing visible changed, even a minute later', () => {
    const later = toPodStatus(
      { ...pod, status: first },
      record('Running', [running('app')]),
      new Date(NOW.getTime() + 60_000),
    );
    expect(statusPatch(first, later)).toBeUndefined();
  });

  test('lastProbeTime noise and time representation do not count', () => {
    const current: V1PodStatus = JSON.parse(JSON.stringify(first));
    current.conditions![0].lastProbeTime = new Date('2020-01-01T00:00:00Z');
    expect(statusPatch(current, first)).toBeUndefined();
  });

  test('a condition that flips gets a new lastTransitionTime; others keep theirs', () => {
    const later = new Date(NOW.getTime() + 60_000);
    const unready = toPodStatus(makePod(), record('Running', [running('app', false)]), later);
    const patch = statusPatch(first, unready);
    expect(patch).toBeDefined();
    expect(condition(patch!, 'Ready')).toMatchObject({ status: 'False', lastTransitionTime: later });
    expect(condition(patch!, 'PodScheduled')?.lastTransitionTime).toEqual(NOW);
  });

  test('startTime never moves once set', () => {
    const moved = { ...first, startTime: new Date('2030-01-01T00:00:00Z') };
    expect(statusPatch(first, moved)).toBeUndefined();
  });

  test('a reason or message the new condition lacks is deleted (null), then nothing is left to write', () => {
    const pending = toPodStatus(
      pod,
      record('Pending', [running('app', false, { State: { Waiting: { Reason: 'ContainerCreating' } } })]),
      NOW,
    );
    const stale = condition(pending, 'Ready');
    expect(stale?.reason).toBe('ContainersNotReady');
    const patch = statusPatch(pending, first);
    expect(condition(patch!, 'Ready')).toMatchObject({ status: 'True', reason: null, message: null });
    // What the API server keeps after that strategic-merge patch: no reason, no message.
    const merged = applyStatusPatch(pending, patch!);
    expect(condition(merged, 'Ready')).not.toHaveProperty('reason');
    expect(statusPatch(merged, first)).toBeUndefined();
  });

  test('applyStatusPatch keeps the conditions others own (a readiness gate)', () => {
    const gate = { type: 'example.com/lb-ready', status: 'True' };
    const current = { ...first, conditions: [...(first.conditions ?? []), gate] };
    const merged = applyStatusPatch(current, { ...first, phase: 'Running' });
    expect(condition(merged, 'example.com/lb-ready')).toEqual(gate);
    expect(merged.conditions).toHaveLength(current.conditions.length);
  });

  test('a pod without status always gets one', () => {
    expect(statusPatch(undefined, first)).toEqual(first);
  });
});

describe('podPhaseForMissingGroup', () => {
  const created = new Date('2026-01-02T03:04:05Z');

  test('leaves a young pod that never started alone', () => {
    expect(podPhaseForMissingGroup(makePod(), new Date(created.getTime() + 30_000))).toBeUndefined();
  });

  test('fails an old pod that never started', () => {
    const s = podPhaseForMissingGroup(makePod(), new Date(created.getTime() + 61_000));
    expect(s).toMatchObject({ phase: 'Failed', reason: 'NotFound' });
  });

  test('fails a running pod at once, running containers terminated with 137', () => {
    const pod: V1Pod = makePod();
    pod.status = toPodStatus(pod, record('Running', [running('app')]), NOW);
    const now = new Date(created.getTime() + 10_000);
    const s = podPhaseForMissingGroup(pod, now)!;
    expect(s.phase).toBe('Failed');
    expect(s.reason).toBe('NotFound');
    expect(s.containerStatuses?.[0]).toMatchObject({
      ready: false,
      state: {
        terminated: {
          exitCode: 137,
          reason: 'NotFound',
          startedAt: new Date('2026-01-02T03:06:00Z'),
          finishedAt: now,
        },
      },
    });
    expect(condition(s, 'Ready')).toMatchObject({ status: 'False', reason: 'PodFailed' });
    expect(s.podIP).toBe('192.168.0.7');
  });

  test('a pod that already ended is left alone', () => {
    const pod = makePod();
    pod.status = { phase: 'Succeeded' };
    expect(podPhaseForMissingGroup(pod, NOW)).toBeUndefined();
  });
});

test('eciEventKey: repeats of one event share a key, different events do not', () => {
  const e = {
    Type: 'Warning' as const,
    Reason: 'BackOff',
    Message: 'Back-off restarting',
    Count: 1,
    FirstTimestamp: '2026-01-02T03:05:00Z',
    LastTimestamp: '2026-01-02T03:05:00Z',
    Name: 'app',
  };
  expect(eciEventKey({ ...e, Count: 5, LastTimestamp: '2026-01-02T03:09:00Z' })).toBe(eciEventKey(e));
  expect(eciEventKey({ ...e, Name: 'side' })).not.toBe(eciEventKey(e));
  expect(eciEventKey({ ...e, Reason: 'Pulled' })).not.toBe(eciEventKey(e));
});
