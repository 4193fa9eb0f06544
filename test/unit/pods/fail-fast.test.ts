import type * as k8s from '@kubernetes/client-node';
import { failFastMessage, scheduleFailedStatus } from '../../../src/pods/fail-fast.js';
import { NoStockError } from '../../../src/pods/lifecycle.js';
import { failStrategyOf } from '../../../src/translate/index.js';

const pod = (restartPolicy?: string, strategy?: string): k8s.V1Pod => ({
  metadata: { name: 'p', annotations: strategy ? { 'k8s.aliyun.com/eci-fail-strategy': strategy } : {} },
  spec: { containers: [], restartPolicy },
});

describe('fail-fast, pure parts', () => {
  const now = new Date('2026-01-01T00:00:00Z');

  test('the status of the page example: Pending, ContainerInstanceScheduleFailed, ContainerGroup.NoStock', () => {
    expect(scheduleFailedStatus(pod(), 'no stock', now)).toEqual({
      phase: 'Pending',
      reason: 'ContainerInstanceScheduleFailed',
      message: 'no stock',
      conditions: [
        {
          type: 'ContainerInstanceCreated',
          status: 'False',
          reason: 'ContainerGroup.NoStock',
          message: 'no stock',
          lastTransitionTime: now,
        },
      ],
    });
    expect(scheduleFailedStatus(pod('Never'), 'x', now).phase).toBe('Failed');
  });

  test('the message names the specs, the vSwitches, why no retry, and what to do', () => {
    const message = failFastMessage(new NoStockError(['2-4Gi', 'ecs.c6.large'], 'vsw-a,vsw-b', 'sold out'));
    expect(message).toContain('no ECI stock for 2-4Gi, ecs.c6.large in the zones of vSwitch vsw-a,vsw-b');
    expect(message).toContain('not retried because of k8s.aliyun.com/eci-fail-strategy: fail-fast');
    expect(message).toContain('Re-create the pod');
    expect(message).not.toContain('retrying');
  });

  test.each([
    [undefined, 'fail-back'],
    ['fail-back', 'fail-back'],
    ['fail-over', 'fail-over'],
    ['fail-fast', 'fail-fast'],
  ])('failStrategyOf(%s) = %s', (value, want) => {
    expect(failStrategyOf(pod(undefined, value))).toBe(want);
  });
});
