import type { CreateContainerGroupRequest } from '../../../eci-api/index.js';
import { optClientToken, reqString } from '../params.js';
import type { ActionHandler } from '../types.js';
import type { UpdateContainerGroupPatch } from '../../lifecycle.js';
import type { WireObject } from '../unflatten.js';
import { checkContainers, checkRegion, settle, unsupported } from './common.js';

export const createContainerGroup: ActionHandler = async (p, ctx) => {
  // Transport checks only (types were coerced by the schema): the engine validates the request as
  // ECI does, RegionId included, so direct and over-the-wire calls fail alike. It also answers
  // DryRun (DryRunOperation once everything, stock included, checks out).
  const result = await ctx.backend.createContainerGroup(p as unknown as CreateContainerGroupRequest);
  return {
    ...(result.RequestId ? { RequestId: result.RequestId } : {}),
    ContainerGroupId: result.ContainerGroupId,
  };
};

export const deleteContainerGroup: ActionHandler = async (p, ctx) => {
  checkRegion(p, ctx);
  const id = reqString(p, 'ContainerGroupId');
  optClientToken(p);
  await ctx.backend.deleteContainerGroup(id);
  return {};
};

export const restartContainerGroup: ActionHandler = async (p, ctx) => {
  checkRegion(p, ctx);
  const id = reqString(p, 'ContainerGroupId');
  optClientToken(p);
  if (!ctx.backend.restartContainerGroup) throw unsupported('RestartContainerGroup');
  await settle(ctx.backend.restartContainerGroup(id));
  return {};
};

export const updateContainerGroup: ActionHandler = async (p, ctx) => {
  checkRegion(p, ctx);
  const id = reqString(p, 'ContainerGroupId');
  optClientToken(p);
  // Image is required only where each container is given whole (RenewUpdate, the default); the
  // engine says so, naming the container.
  checkContainers(p, 'Container', false, false);
  checkContainers(p, 'InitContainer', false, false);
  const patch: WireObject = { ...p };
  for (const key of ['RegionId', 'ContainerGroupId', 'ClientToken']) delete patch[key];
  await settle(ctx.backend.updateContainerGroup(id, patch as unknown as UpdateContainerGroupPatch));
  return {};
};
