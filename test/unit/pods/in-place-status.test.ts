import type * as k8s from '@kubernetes/client-node';
import type { Volume } from '../../../providers/eci-api/index.js';
import { downwardInputs, mountsDigest } from '../../../src/pods/mount-refresh.js';
import { withResizeStatus } from '../../../src/pods/resize.js';

describe('mountsDigest', () => {
  const pod: k8s.V1Pod = {
    spec: {
      containers: [],
      volumes: [
        {
          name: 'api',
          projected: { sources: [{ serviceAccountToken: { path: 'token' } }, { configMap: { name: 'ca' } }] },
        },
      ],
    },
  };
  const volumes = (token: string, ca: string): Volume[] => [
    {
      Name: 'api',
      Type: 'ConfigFileVolume',
      ConfigFileVolume: {
        ConfigFileToPath: [
          { Path: 'token', Content: token },
          { Path: 'ca.crt', Content: ca },
        ],
      },
    },
    { Name: 'tmp', Type: 'EmptyDirVolume', EmptyDirVolume: {} },
  ];

  test('a new service account token alone is no change; a changed file is', () => {
    expect(mountsDigest(pod, volumes('t1', 'CA1'))).toBe(mountsDigest(pod, volumes('t2', 'CA1')));
    expect(mountsDigest(pod, volumes('t1', 'CA1'))).not.toBe(mountsDigest(pod, volumes('t1', 'CA2')));
  });
});

describe('downwardInputs', () => {
  const pod = (annotations: Record<string, string>, labels: Record<string, string> = {}): k8s.V1Pod => ({
    metadata: { name: 'web', annotations, labels },
    spec: {
      containers: [],
      volumes: [
        {
          name: 'info',
          downwardAPI: {
            items: [
              { path: 'name', fieldRef: { fieldPath: 'metadata.name' } },
              { path: 'notes', fieldRef: { fieldPath: 'metadata.annotations' } },
            ],
          },
        },
      ],
    },
  });

  test('changes with the annotations the files show, not with those the controller writes back', () => {
    const before = downwardInputs(pod({ note: 'a' }));
    expect(downwardInputs(pod({ note: 'a', 'k8s.aliyun.com/eci-instance-id': 'eci-1' }))).toBe(before);
    expect(downwardInputs(pod({ note: 'b' }))).not.toBe(before);
    expect(downwardInputs(pod({ note: 'a' }, { tier: 'gold' }))).toBe(before); // labels are not shown
  });

  test('is empty for a pod without downward files', () => {
    expect(downwardInputs({ spec: { containers: [] } })).toBe('');
  });
});

describe('withResizeStatus', () => {
  const resources = { app: { requests: { cpu: '2' }, limits: { cpu: '2' } } };
  const status: k8s.V1PodStatus = {
    phase: 'Running',
    conditions: [{ type: 'Ready', status: 'True' }],
    containerStatuses: [{ name: 'app', image: 'nginx', imageID: '', ready: true, restartCount: 1 }],
  };
  const now = new Date('2026-01-01T00:00:00Z');

  test('reports the resources the containers run with, as allocated and actual', () => {
    const out = withResizeStatus(
      status,
      { metadata: { generation: 2 } },
      { applied: JSON.stringify(resources) },
      now,
    );
    expect(out.containerStatuses?.[0]).toMatchObject({
      resources: resources.app,
      allocatedResources: { cpu: '2' },
    });
    expect(out.conditions).toEqual(status.conditions);
  });

  test('removes a resize condition no longer true with a strategic-merge delete directive', () => {
    const pod: k8s.V1Pod = {
      metadata: { generation: 3 },
      status: { conditions: [{ type: 'PodResizePending', status: 'True', reason: 'Infeasible' }] },
    };
    const out = withResizeStatus(status, pod, { applied: JSON.stringify(resources) }, now);
    expect(out.conditions).toEqual([
      { type: 'Ready', status: 'True' },
      { type: 'PodResizePending', status: 'True', $patch: 'delete' },
    ]);
  });

  test('an infeasible resize: PodResizePending Infeasible with the message and the generation it answers', () => {
    const state = {
      applied: JSON.stringify(resources),
      infeasible: { resources: '{}', message: 'why; fix' },
    };
    const out = withResizeStatus(status, { metadata: { generation: 4 } }, state, now);
    expect(out.conditions).toContainEqual({
      type: 'PodResizePending',
      status: 'True',
      reason: 'Infeasible',
      message: 'why; fix',
      lastTransitionTime: now,
      observedGeneration: 4,
    });
  });
});
