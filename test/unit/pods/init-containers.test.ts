import type * as k8s from '@kubernetes/client-node';
import type { ContainerGroup, ContainerGroupStatusRecord } from '../../../providers/eci-api/index.js';
import { INIT_DESCRIBE_MS, describeInitNow, initSeen } from '../../../src/pods/init-containers.js';
import type { GroupEntry } from '../../../src/pods/registry.js';

const record = (
  status: ContainerGroupStatusRecord['Status'],
  appStarted = false,
): ContainerGroupStatusRecord => ({
  ContainerGroupId: 'x',
  Name: 'x',
  Status: status,
  PodStatus: {
    Phase: '',
    Conditions: [],
    ContainerStatuses: appStarted
      ? [
          {
            Name: 'app',
            Ready: true,
            RestartCount: 0,
            State: { Running: { StartedAt: '2026-01-01T00:00:00Z' } },
          },
        ]
      : [],
  },
});
const entry = (id: string, podKey: string, rec?: ContainerGroupStatusRecord): GroupEntry => ({
  containerGroupId: id,
  podKey,
  podUid: `uid-${id}`,
  knownSince: 0,
  record: rec,
});
const withInit: k8s.V1Pod = {
  spec: { initContainers: [{ name: 'migrate' }], containers: [{ name: 'app' }] },
};
const plain: k8s.V1Pod = { spec: { containers: [{ name: 'app' }] } };

/** The groups a poll tick describes, as the pod controller's scan picks them. */
const initializingGroups = (
  entries: GroupEntry[],
  podOf: (key: string) => k8s.V1Pod | undefined,
  now: number,
): string[] => entries.filter((e) => describeInitNow(e, podOf, now)).map((e) => e.containerGroupId);

test('only groups of initializing pods are described, each at most every INIT_DESCRIBE_MS', () => {
  const pods = new Map([
    ['ns/init', withInit],
    ['ns/started', withInit],
    ['ns/plain', plain],
    ['ns/ended', withInit],
  ]);
  const entries = [
    entry('eci-init', 'ns/init', record('Pending')),
    entry('eci-started', 'ns/started', record('Running', true)),
    entry('eci-plain', 'ns/plain', record('Pending')),
    entry('eci-ended', 'ns/ended', record('Failed')),
    entry('eci-unreported', 'ns/init'),
  ];
  const now = 10_000;
  entries[1].initContainers = [
    {
      Name: 'migrate',
      Image: 'busybox',
      Ready: false,
      RestartCount: 0,
      CurrentState: { State: 'Terminated', ExitCode: 0 },
    },
  ];
  expect(initializingGroups(entries, (k) => pods.get(k), now)).toEqual(['eci-init']);
  const [first] = entries;
  if (first) first.initDescribedAt = now;
  expect(initializingGroups(entries, (k) => pods.get(k), now + INIT_DESCRIBE_MS - 1)).toEqual([]);
  expect(initializingGroups(entries, (k) => pods.get(k), now + INIT_DESCRIBE_MS)).toEqual(['eci-init']);
});

test('a describe that changed an init container queues its pod; the same answer again does not', () => {
  const e = entry('eci-init', 'ns/init', record('Pending'));
  const group = {
    ContainerGroupId: 'eci-init',
    InitContainers: [
      {
        Name: 'migrate',
        Image: 'busybox',
        Ready: false,
        RestartCount: 1,
        CurrentState: { State: 'Terminated', ExitCode: 3, Reason: 'Error' },
        Command: ['sh'],
      },
    ],
  } as unknown as ContainerGroup;
  expect(initSeen([group], () => e, 5)).toEqual(['ns/init']);
  expect(e.initContainers?.[0]).toEqual({
    Name: 'migrate',
    Image: 'busybox',
    Ready: false,
    RestartCount: 1,
    CurrentState: { State: 'Terminated', ExitCode: 3, Reason: 'Error' },
  });
  expect(e.initDescribedAt).toBe(5);
  expect(initSeen([group], () => e, 7)).toEqual([]);
  expect(initSeen([group], () => undefined, 9)).toEqual([]);
});

test('once the app started, a group whose init containers were last seen running is described once more, for their end', () => {
  const e = entry('eci-fast', 'ns/fast', record('Running', true));
  e.initContainers = [
    { Name: 'migrate', Image: 'busybox', Ready: false, RestartCount: 0, CurrentState: { State: 'Running' } },
  ];
  const podOf = () => withInit;
  expect(describeInitNow(e, podOf, 10_000)).toBe(true);
  const ended = {
    ContainerGroupId: 'eci-fast',
    InitContainers: [
      {
        Name: 'migrate',
        Ready: false,
        RestartCount: 0,
        CurrentState: {
          State: 'Terminated',
          ExitCode: 0,
          StartTime: '2026-01-01T00:00:00Z',
          FinishTime: '2026-01-01T00:00:01Z',
        },
      },
    ],
  } as unknown as ContainerGroup;
  expect(initSeen([ended], () => e, 10_000)).toEqual(['ns/fast']);
  expect(describeInitNow(e, podOf, 20_000)).toBe(false);
  // Even if that describe had not shown the end, the group is not described again.
  e.initContainers = [
    { Name: 'migrate', Image: 'busybox', Ready: false, RestartCount: 0, CurrentState: { State: 'Running' } },
  ];
  expect(describeInitNow(e, podOf, 30_000)).toBe(false);
});
