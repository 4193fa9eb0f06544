// k8s.aliyun.com/eci-fail-strategy in the whole pod loop (see harness.ts), as ECI's page "Configure a
// fault handling policy for a pod" describes it: fail-back/fail-over wait for stock, fail-fast
// reports the failed create at once and never retries it.
import { jest } from '@jest/globals';
import type * as k8s from '@kubernetes/client-node';
import { ANNOTATION } from '../../../src/translate/index.js';
import { NAMESPACE, PodLoop, podManifest, type PodSpecOptions } from './harness.js';

jest.setTimeout(60_000);

const ZONES = 'bcdefghijk'.split('').map((z) => `cn-hangzhou-${z}`);

describe('eci-fail-strategy when ECI has no stock', () => {
  let loop: PodLoop;
  const status = (name: string): k8s.V1PodStatus | undefined => loop.pod(name)?.status;
  const create = (name: string, strategy: string, o: Omit<PodSpecOptions, 'uid'> = {}): void => {
    const pod = podManifest(name, { uid: `u-${name}`, ...o });
    pod.metadata = { ...pod.metadata, annotations: { [ANNOTATION.failStrategy]: strategy } };
    loop.api.put(`/api/v1/namespaces/${NAMESPACE}/pods`, pod as never);
  };

  beforeEach(async () => {
    loop = new PodLoop();
    await loop.open();
    await loop.startController();
    for (const zone of ZONES) loop.simulator.setStock(zone, 0);
  });
  afterEach(() => loop.close());

  test('fail-fast: ContainerInstanceScheduleFailed at once, no group, no retry even when stock returns', async () => {
    create('fast', 'fail-fast');
    await loop.until('reported', () => status('fast')?.reason === 'ContainerInstanceScheduleFailed');
    const s = status('fast');
    expect(s?.phase).toBe('Pending');
    expect(s?.message).toContain('not retried because of k8s.aliyun.com/eci-fail-strategy: fail-fast');
    expect(s?.conditions).toContainEqual(
      expect.objectContaining({
        type: 'ContainerInstanceCreated',
        status: 'False',
        reason: 'ContainerGroup.NoStock',
      }),
    );
    for (const zone of ZONES) loop.simulator.setStock(zone, 'unlimited');
    await loop.advance(30_000);
    expect(loop.liveGroups()).toEqual([]);
    expect(loop.eventReasons('fast').filter((r) => r === 'ProviderFailed')).toHaveLength(1);
    expect(loop.eventReasons('fast')).not.toContain('NoStock');
  });

  test('fail-fast, restartPolicy Never: the pod fails, so its Job can count it', async () => {
    create('job', 'fail-fast', { restartPolicy: 'Never' });
    await loop.until('job Failed', () => status('job')?.phase === 'Failed');
    expect(status('job')?.reason).toBe('ContainerInstanceScheduleFailed');
  });

  test.each(['fail-back', 'fail-over'])('%s: waits with NoStock and starts when stock returns', async (s) => {
    create('back', s);
    const waiting = (): string | undefined => status('back')?.containerStatuses?.[0]?.state?.waiting?.reason;
    await loop.until('waiting for stock', () => waiting() === 'NoStock');
    for (const zone of ZONES) loop.simulator.setStock(zone, 'unlimited');
    await loop.until('back Running', () => status('back')?.phase === 'Running', 120_000);
  });
});
