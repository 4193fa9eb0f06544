import type * as k8s from '@kubernetes/client-node';
import { reviverFor } from '../../../src/kube/revive.js';

describe('reviverFor', () => {
  it('turns every timestamp of a pod into a Date and leaves the rest as parsed', () => {
    const raw = JSON.parse(
      JSON.stringify({
        metadata: { name: 'p', creationTimestamp: '2026-01-02T03:04:05Z', labels: { startTime: 'x' } },
        spec: { containers: [{ name: 'c', image: 'nginx' }] },
        status: {
          startTime: '2026-01-02T03:04:06Z',
          conditions: [{ type: 'Ready', status: 'True', lastTransitionTime: '2026-01-02T03:04:07Z' }],
          containerStatuses: [
            {
              name: 'c',
              state: { terminated: { exitCode: 0, startedAt: '2026-01-02T03:04:08Z', finishedAt: null } },
            },
          ],
        },
      }),
    ) as unknown;
    const pod = reviverFor<k8s.V1Pod>('V1Pod')(raw);
    expect(pod.metadata?.creationTimestamp).toEqual(new Date('2026-01-02T03:04:05Z'));
    expect(pod.metadata?.labels).toEqual({ startTime: 'x' });
    expect(pod.status?.startTime).toEqual(new Date('2026-01-02T03:04:06Z'));
    expect(pod.status?.conditions?.[0].lastTransitionTime).toEqual(new Date('2026-01-02T03:04:07Z'));
    const terminated = pod.status?.containerStatuses?.[0].state?.terminated;
    expect(terminated?.startedAt).toEqual(new Date('2026-01-02T03:04:08Z'));
    expect(terminated?.finishedAt).toBeNull();
    expect(pod.spec?.containers[0]).toEqual({ name: 'c', image: 'nginx' });
    expect(Object.getPrototypeOf(pod)).toBe(Object.prototype);
  });

  it('refuses a kind client-node does not know', () => {
    expect(() => reviverFor('V1Nope')).toThrow('no client-node model named V1Nope');
  });
});
