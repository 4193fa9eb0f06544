import { nodeIsReady } from '../../../bench/kube.js';

const ready = { status: { conditions: [{ type: 'Ready', status: 'True' }] } };

describe('nodeIsReady', () => {
  it('wants the Ready condition True', () => {
    expect(nodeIsReady(ready)).toBe(true);
    expect(nodeIsReady({ status: { conditions: [{ type: 'Ready', status: 'Unknown' }] } })).toBe(false);
    expect(nodeIsReady({})).toBe(false);
  });

  it('waits out the taints of an earlier outage, which the node lifecycle controller removes later', () => {
    for (const key of ['node.kubernetes.io/unreachable', 'node.kubernetes.io/not-ready']) {
      expect(nodeIsReady({ ...ready, spec: { taints: [{ key, effect: 'NoExecute' }] } })).toBe(false);
    }
  });

  it("is not put off by the agent's own taint", () => {
    const taints = [{ key: 'virtual-kubelet.io/provider', effect: 'NoSchedule' }];
    expect(nodeIsReady({ ...ready, spec: { taints } })).toBe(true);
  });
});
