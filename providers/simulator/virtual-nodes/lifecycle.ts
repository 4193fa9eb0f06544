import { rfc3339 } from '../clock.js';
import type { SimContext } from '../context.js';
import { recordEvent, type NewEvent } from '../events.js';
import type { Job } from '../model.js';
import type { SimVirtualNode } from './model.js';

/**
 * Illustrative seconds (before speed scaling) from CreateVirtualNode to Ready or Failed: ECI starts
 * the node's resident instance (2 vCPU, 8 GiB), which then registers with the cluster.
 */
export const VIRTUAL_NODE_DELAY_S = 10;

export function isVirtualNodeJob(job: Job): boolean {
  return job.type === 'virtualNodeReady';
}

export function nodeEvent(ctx: SimContext, node: SimVirtualNode, e: NewEvent): void {
  node.events = recordEvent(node.events, rfc3339(ctx.now()), { ...e, Name: node.name });
}

/** Keeps a new node, gives it an address in its first vSwitch and starts it: Pending, then Ready or Failed. */
export function startVirtualNode(ctx: SimContext, node: SimVirtualNode): void {
  node.intranetIp = ctx.topology.allocateIp(node.vSwitchIds[0]);
  ctx.virtualNodes.set(node.id, node);
  nodeEvent(ctx, node, {
    Type: 'Normal',
    Reason: 'Creating',
    Message: `Creating the resident instance of virtual node ${node.name}.`,
  });
  ctx.scheduler.after(ctx.delay(VIRTUAL_NODE_DELAY_S), {
    type: 'virtualNodeReady',
    groupId: node.id,
    epoch: node.epoch,
  });
  ctx.dirty();
}

/** The node is deleted: its address goes back to its vSwitch. */
export function removeVirtualNode(ctx: SimContext, node: SimVirtualNode): void {
  ctx.virtualNodes.delete(node.id);
  ctx.topology.releaseIp(node.vSwitchIds[0], node.intranetIp);
  ctx.dirty();
}

function onStarted(ctx: SimContext, node: SimVirtualNode): void {
  if (node.status !== 'Pending') return;
  if (node.apiServerReachable) {
    node.status = 'Ready';
    // The reason of the DescribeVirtualNodes reference's example event.
    nodeEvent(ctx, node, { Type: 'Normal', Reason: 'Created', Message: 'Successfully' });
  } else {
    node.status = 'Failed';
    // The server's address is not repeated: it comes from the KubeConfig.
    nodeEvent(ctx, node, {
      Type: 'Warning',
      Reason: 'Failed',
      Message:
        'Failed to register with the cluster: the API server the KubeConfig names cannot be reached. Check its server address, then delete this node and create another.',
    });
  }
  ctx.dirty();
}

export function handleVirtualNodeJob(ctx: SimContext, job: Job): void {
  const node = ctx.virtualNodes.get(job.groupId);
  if (!node || job.epoch !== node.epoch) return;
  if (job.type === 'virtualNodeReady') onStarted(ctx, node);
}
