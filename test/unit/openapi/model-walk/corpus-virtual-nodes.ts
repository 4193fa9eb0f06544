import { REGION } from '../helpers.js';
import type { Harness } from './harness.js';

const region = { RegionId: REGION };

/** A base64 kubeconfig whose API server is `server` (`nonexistent` in it: the node fails). */
export function walkKubeConfig(server = 'https://10.0.0.1:6443'): string {
  const config = {
    apiVersion: 'v1',
    kind: 'Config',
    clusters: [{ name: 'walk', cluster: { server } }],
    users: [{ name: 'walk', user: { token: 'walk-token' } }],
    contexts: [{ name: 'walk', context: { cluster: 'walk', user: 'walk' } }],
    'current-context': 'walk',
  };
  return Buffer.from(JSON.stringify(config)).toString('base64');
}

/**
 * Virtual nodes through their whole life: every field a node can carry (public network, resource
 * group, tags), Pending, Ready and Failed answers, the filters and paging, an update and a delete.
 */
export async function runVirtualNodeCorpus(h: Harness): Promise<void> {
  const node = {
    ...region,
    SecurityGroupId: 'sg-walk',
    VSwitchId: 'vsw-hangzhou-b,vsw-hangzhou-c',
    KubeConfig: walkKubeConfig(),
  };
  const full = String(
    (
      await h.ok('CreateVirtualNode', {
        ...node,
        VirtualNodeName: 'walk-full',
        EnablePublicNetwork: 'true',
        ResourceGroupId: 'rg-walk',
        'Tag.1.Key': 'team',
        'Tag.1.Value': 'walk',
        'Taint.1.Key': 'virtual-kubelet.io/provider',
        'Taint.1.Effect': 'NoSchedule',
        CustomResources: 'example1.com=100',
      })
    ).VirtualNodeId,
  );
  const bad = String(
    (
      await h.ok('CreateVirtualNode', {
        ...node,
        VirtualNodeName: 'walk-bad',
        KubeConfig: walkKubeConfig('https://nonexistent.example:6443'),
      })
    ).VirtualNodeId,
  );
  await h.ok('DescribeVirtualNodes', region); // Pending
  h.clock.advance(60_000);
  await h.ok('DescribeVirtualNodes', region); // Ready, Failed
  await h.ok('DescribeVirtualNodes', { ...region, Status: 'Ready', Limit: '1' });
  await h.ok('DescribeVirtualNodes', { ...region, VirtualNodeIds: JSON.stringify([full, bad]) });
  await h.ok('UpdateVirtualNode', {
    ...region,
    VirtualNodeId: full,
    VirtualNodeName: 'walk-renamed',
    'Tag.1.Key': 'team',
    'Tag.1.Value': 'renamed',
  });
  await h.ok('DescribeVirtualNodes', { ...region, VirtualNodeName: 'walk-renamed' });
  await h.ok('DeleteVirtualNode', { ...region, VirtualNodeId: bad });
  await h.ok('DeleteVirtualNode', { ...region, VirtualNodeId: full });
}
