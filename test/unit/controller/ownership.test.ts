import { fairShare, ownerLeaseName } from '../../../src/controller/ownership.js';

describe('sharing nodes among replicas', () => {
  it('each replica serves at most its fair share, so every node has an owner', () => {
    expect(fairShare(3, 1)).toBe(3);
    expect(fairShare(3, 2)).toBe(2);
    expect(fairShare(3, 3)).toBe(1);
    expect(fairShare(3, 5)).toBe(1);
    expect(fairShare(0, 2)).toBe(0);
    expect(fairShare(4, 0)).toBe(4);
  });

  it('one Lease per node, named after it', () => {
    expect(ownerLeaseName('virtual-kubelet-cn-hangzhou-b')).toBe(
      'ack-virtual-node-virtual-kubelet-cn-hangzhou-b',
    );
  });
});
