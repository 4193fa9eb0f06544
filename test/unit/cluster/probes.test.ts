import type * as k8s from '@kubernetes/client-node';
import { judgeNodeReady } from '../../cluster/probes.js';

function node(ready: string | undefined, heartbeat?: string, message?: string): k8s.V1Node {
  return {
    metadata: { name: 'virtual-kubelet-cn-hangzhou-b' },
    status: {
      conditions: ready
        ? [
            {
              type: 'Ready',
              status: ready,
              message,
              lastHeartbeatTime: heartbeat ? new Date(heartbeat) : undefined,
            },
          ]
        : [],
    },
  };
}

const started = new Date('2026-01-01T00:01:00Z');

describe('virtual node readiness', () => {
  it('is ready on Ready=True when the controller was already running', () => {
    expect(judgeNodeReady(node('True', '2025-12-31T00:00:00Z'), undefined)).toBe(true);
  });

  it('explains a node that is not Ready', () => {
    expect(
      judgeNodeReady(node('Unknown', undefined, 'Kubelet stopped posting node status.'), undefined),
    ).toBe('Node virtual-kubelet-cn-hangzhou-b Ready=Unknown (Kubelet stopped posting node status.)');
    expect(judgeNodeReady(node(undefined), undefined)).toBe(
      'Node virtual-kubelet-cn-hangzhou-b Ready=absent',
    );
  });

  it('after a fresh start, needs a heartbeat or Lease renewal from after the start', () => {
    const stale = node('True', '2026-01-01T00:00:00Z');
    expect(judgeNodeReady(stale, undefined, started)).toMatch(
      /Ready but not updated since the controller started/,
    );
    expect(judgeNodeReady(stale, new Date('2026-01-01T00:01:02Z'), started)).toBe(true);
    expect(judgeNodeReady(node('True', '2026-01-01T00:01:01Z'), undefined, started)).toBe(true);
    // Heartbeats have second precision: a stamp just before the start still counts.
    expect(judgeNodeReady(node('True', '2026-01-01T00:00:59Z'), undefined, started)).toBe(true);
  });
});
