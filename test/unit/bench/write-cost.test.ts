import { runningStatus, WRITE_WAYS, writeCostLine } from '../../../bench/write-cost.js';
import { PARTIAL_METADATA } from '../../../src/kube/rest.js';

describe('the write-cost scenario', () => {
  it('measures the controller’s own way first: a strategic merge answered with the metadata only', () => {
    const [first] = WRITE_WAYS;
    expect(first).toMatchObject({
      name: 'smp-metadata',
      method: 'PATCH',
      contentType: 'application/strategic-merge-patch+json',
      accept: PARTIAL_METADATA,
    });
    expect(WRITE_WAYS.map((w) => w.name)).toEqual([
      'smp-metadata',
      'smp-full',
      'merge-metadata',
      'put-metadata',
    ]);
  });

  it('writes one Running status every way; PUT sends the whole pod with it', () => {
    const status = runningStatus('10.0.0.7', '2026-12-05T00:00:00Z');
    expect(status.phase).toBe('Running');
    expect(status.podIPs).toEqual([{ ip: '10.0.0.7' }]);
    expect(status.conditions?.map((c) => c.type)).toContain('Ready');
    const pod = { metadata: { name: 'p', resourceVersion: '5' }, spec: { containers: [] } };
    const put = WRITE_WAYS.find((w) => w.method === 'PUT');
    expect(put?.body(pod, status)).toEqual({ ...pod, status });
    for (const way of WRITE_WAYS.filter((w) => w.method === 'PATCH')) {
      expect(way.body(pod, status)).toEqual({ status });
    }
  });

  it('prints the CPU per write in milliseconds', () => {
    expect(writeCostLine('smp-metadata', 2000, 4, 0.55)).toBe(
      'WRITECOST way=smp-metadata writes=2000 apiserver_ms_per_write=2.00 etcd_ms_per_write=0.28',
    );
  });
});
