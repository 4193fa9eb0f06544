// In-place resize (`kubectl patch pod --subresource resize`) through the real pod loop (harness.ts):
// what a user sees in the pod's status, conditions and events, and the size ECI runs.
import { jest } from '@jest/globals';
import type * as k8s from '@kubernetes/client-node';
import { PodLoop } from './harness.js';

jest.setTimeout(60_000);

describe('in-place resize', () => {
  let loop: PodLoop;
  const phase = (): string | undefined => loop.pod('web')?.status?.phase;
  const condition = (type: string): k8s.V1PodCondition | undefined =>
    loop.pod('web')?.status?.conditions?.find((c) => c.type === type);
  const app = () => loop.pod('web')?.status?.containerStatuses?.[0];
  const size = (cpu: string, memory: string): k8s.V1ResourceRequirements => ({
    requests: { cpu, memory },
    limits: { cpu, memory },
  });

  beforeEach(async () => {
    loop = new PodLoop();
    await loop.open();
    await loop.startController();
    loop.createPod('web', {
      uid: 'u-web',
      spec: { containers: [{ name: 'app', image: 'nginx', resources: size('1', '2Gi') }] },
    });
    await loop.until('web Running', () => phase() === 'Running');
  });
  afterEach(() => loop.close());

  test('ECI resizes the group: the status reports the new resources and the resize completes', async () => {
    expect(loop.groupOf('web')).toMatchObject({ Cpu: 1, Memory: 2 });
    expect(app()?.resources).toEqual(size('1', '2Gi'));
    loop.resize('web', size('2', '4Gi'));
    await loop.until('the group resized', () => loop.groupOf('web')?.Cpu === 2);
    expect(loop.groupOf('web')).toMatchObject({ Cpu: 2, Memory: 4 });
    await loop.until('the resize completed', () => loop.eventReasons('web').includes('ResizeCompleted'));
    await loop.until('the status', () => app()?.resources?.limits?.cpu === '2' && app()?.ready === true);
    expect(app()?.allocatedResources).toEqual({ cpu: '2', memory: '4Gi' });
    expect(condition('PodResizeInProgress')).toBeUndefined();
    expect(condition('PodResizePending')).toBeUndefined();
    expect(app()?.restartCount).toBe(1); // ECI restarts the group to resize it
  });

  test('a size no ECI spec offers: PodResizePending Infeasible and one Warning; the group keeps its size', async () => {
    loop.resize('web', size('500', '4000Gi'));
    await loop.until('infeasible', () => condition('PodResizePending')?.reason === 'Infeasible');
    expect(condition('PodResizePending')?.message).toMatch(/keeps its current resources/);
    await loop.advance(30_000, 1_000);
    expect(loop.eventReasons('web').filter((r) => r === 'ResizeInfeasible')).toHaveLength(1);
    expect(loop.groupOf('web')).toMatchObject({ Cpu: 1, Memory: 2 });
    expect(app()?.resources).toEqual(size('1', '2Gi'));
    // Back to a feasible size: the condition is cleared, as the kubelet does.
    loop.resize('web', size('1', '2Gi'));
    await loop.until('cleared', () => condition('PodResizePending') === undefined);
  });

  test('ECI refusing the update: a Warning naming the resources and the fix, not asked again', async () => {
    loop.setFaults({ refuseUpdates: 'The specified Cpu/Memory is not allowed for this instance.' });
    loop.resize('web', size('2', '4Gi'));
    await loop.until('infeasible', () => condition('PodResizePending')?.reason === 'Infeasible');
    await loop.advance(30_000, 1_000);
    const warnings = loop.eventMessages('web', 'ResizeInfeasible');
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toMatch(
      /^spec.containers\[\*\]\.resources: 2 vCPU \/ 4 GiB was refused by ECI .*not allowed.*keeps its current resources; choose resources ECI sells/,
    );
    expect(loop.groupOf('web')).toMatchObject({ Cpu: 1, Memory: 2 });
    expect(phase()).toBe('Running');
  });
});
