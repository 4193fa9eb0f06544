import { BackendError } from '../backend.js';
import { assignAddress, givenAddress, type GivenAddress } from './addresses.js';
import type { Container, CreateContainerGroupRequest } from '../eci-api/index.js';
import { armInstanceTypeFor } from './arm.js';
import { emptyLog } from './containers.js';
import { withNetworkDefaults, type CreateInput } from './defaults.js';
import type { SimContext } from './context.js';
import { invalidParameter } from './errors.js';
import { pickDataCaches, useDataCaches } from './data-caches/mount.js';
import { pickImageCache, useImageCache } from './image-caches/match.js';
import { GROUP_DELAYS } from './lifecycle.js';
import type { SimContainer, SimGroup } from './model.js';
import { newContainerGroupId } from './random.js';
import {
  askedSize,
  DEFAULT_SPEC,
  instanceTypeSize,
  specFor,
  specKey,
  specScope,
  vCpuMemoryType,
} from './spec.js';
import { internLeaf, internTags } from '../intern.js';
import { place, type Placement } from './stock.js';
import type { ClientTokens } from './tokens.js';
import { instanceTypeList, validateCreate, vSwitchList } from './validate.js';

const HOUR_MS = 3600_000;

/**
 * CreateContainerGroup: validate, honour ClientToken, place the group (spec order × vSwitch order,
 * skipping zones without stock), then start the lifecycle at Scheduling.
 */
export function createGroup(ctx: SimContext, tokens: ClientTokens, raw: CreateInput): string {
  const input = withNetworkDefaults(raw, ctx.topology);
  validateCreate(input, ctx.regionId);
  const now = ctx.now();
  const known = input.ClientToken ? tokens.get(input.ClientToken, now) : undefined;
  if (known) return known;
  const given = givenAddress(ctx, input, vSwitchList(input.VSwitchId));
  const cachePick = pickImageCache(ctx, input);
  const dataCaches = pickDataCaches(ctx, input);
  const placement = choosePlacement(ctx, input, given?.vSwitchId);
  if (input.DryRun) {
    throw new BackendError(
      'InvalidParameter',
      'DryRunOperation',
      'Request validation has been passed with DryRun flag set.',
    );
  }
  if (!placement.noStock) ctx.stock.take(placement.zoneId, placement.spec);
  const g = newGroup(ctx, sanitize(input), placement, given);
  ctx.store.add(g);
  useImageCache(ctx, g, cachePick);
  useDataCaches(ctx, dataCaches);
  if (input.ClientToken)
    tokens.remember(input.ClientToken, g.id, now + ctx.lifetime(ctx.settings.clientTokenMs));
  ctx.changed(g);
  ctx.schedule(ctx.delay(GROUP_DELAYS.scheduling), g, { type: 'scheduled' });
  if (g.request.SpotStrategy === 'SpotAsPriceGo' || g.request.SpotStrategy === 'SpotWithPriceLimit') {
    const hours = g.request.SpotDuration || 1;
    ctx.schedule(ctx.lifetime(hours * HOUR_MS), g, { type: 'expire' });
  }
  return g.id;
}

/** `pinned`: the vSwitch of the address the group must get (PrivateIpAddress, a kept fixed IP). */
function choosePlacement(
  ctx: SimContext,
  req: CreateContainerGroupRequest,
  pinned: string | undefined,
): Placement & { noStock?: string } {
  let candidates = vSwitchList(req.VSwitchId)
    .filter((vSwitchId) => pinned === undefined || vSwitchId === pinned)
    .map((vSwitchId) => ({ vSwitchId, zoneId: ctx.topology.zoneOf(vSwitchId) }));
  if (req.ZoneId) {
    candidates = candidates.filter((c) => c.zoneId === req.ZoneId);
    if (candidates.length === 0) {
      throw invalidParameter(
        'ZoneId',
        `"${req.ZoneId}" has none of the vSwitches ${req.VSwitchId}: omit ZoneId or add a vSwitch of that zone.`,
      );
    }
  }
  const specs = placementSpecs(req);
  const placement = place(ctx.stock, specs, candidates, req.ScheduleStrategy ?? 'VSwitchOrdered', ctx.random);
  if (placement) return placement;
  const zones = [...new Set(candidates.map((c) => c.zoneId))].join(', ');
  const message =
    `The requested resource is sold out in the specified zone; try other types of resources or other regions and zones. ` +
    `No stock for ${specs.join(', ')} in ${zones}.`;
  if (ctx.settings.noStock === 'error') throw new BackendError('NoStock', 'OperationDenied.NoStock', message);
  return { ...candidates[0], spec: specs[0], noStock: message };
}

/** Group vCPU/GiB: Cpu/Memory, else containers' sum (init: the largest, if bigger), rounded up to a spec. */
function groupSize(req: CreateContainerGroupRequest): [number, number] {
  const [cpu, memory] = askedSize(req);
  if (cpu === 0 && memory === 0) return [DEFAULT_SPEC.cpu, DEFAULT_SPEC.memory];
  const explicit = req.Cpu !== undefined && req.Memory !== undefined;
  const spec = specFor(cpu, memory, specScope(req), explicit ? 'Cpu/Memory' : 'Container.N.Cpu/Memory');
  return [spec.cpu, spec.memory];
}

/**
 * The specs to place, in order: the listed instance types; for ARM64 the ARM type ECI picks for the
 * ask (it sells ARM only as ECS types); else the group's vCPU/GiB spec.
 */
function placementSpecs(req: CreateContainerGroupRequest): string[] {
  if (req.InstanceType) return instanceTypeList(req.InstanceType);
  if (req.CpuArchitecture === 'ARM64') return [armInstanceTypeFor(req)];
  return [specKey(...groupSize(req))];
}

/**
 * A copy of a JSON value that shares its strings (immutable) with the original: structuredClone
 * copied every string too, 11 MiB of duplicates for 10,000 groups. Objects of primitives only are
 * shared between groups (frozen): 80,000 environment variables were another 5 MiB.
 */
function copyJson<T>(value: T): T {
  if (Array.isArray(value)) return value.map(copyJson) as T;
  if (value === null || typeof value !== 'object') return value;
  const copy: Record<string, unknown> = {};
  for (const [key, inner] of Object.entries(value)) copy[key] = copyJson(inner);
  return internLeaf(copy as T);
}

/**
 * Never keep registry passwords; ClientToken and DryRun are request-scoped. Left out by a copy, not
 * `delete`d: V8 keeps an object that lost properties as a hash table (twice the memory, 10,000 times).
 */
function sanitize(input: CreateContainerGroupRequest): CreateContainerGroupRequest {
  // Tags apart: an absent Value is the empty one (internTags).
  const { ImageRegistryCredential, ClientToken, DryRun, Tag, ...kept } = input;
  return {
    ...copyJson(kept),
    RestartPolicy: kept.RestartPolicy ?? 'Always',
    Tag: internTags(Tag ?? []),
  };
}

function newGroup(
  ctx: SimContext,
  req: CreateContainerGroupRequest,
  at: Placement & { noStock?: string },
  given: GivenAddress | undefined,
): SimGroup {
  // An instance type (listed, or picked for ARM64) sizes the group; DescribeContainerGroups shows it.
  const typed = Boolean(req.InstanceType) || req.CpuArchitecture === 'ARM64';
  const [cpu, memory] = typed ? ((s) => [s.cpu, s.memory])(instanceTypeSize(at.spec)) : groupSize(req);
  return {
    id: uniqueId(ctx),
    name: req.ContainerGroupName,
    request: req,
    regionId: ctx.regionId,
    zoneId: at.zoneId,
    vSwitchId: at.vSwitchId,
    securityGroupId: req.SecurityGroupId,
    // A `2-4Gi` entry sizes the group as Cpu/Memory would: no ECS type to show.
    instanceType: typed && vCpuMemoryType(at.spec) === undefined ? at.spec : undefined,
    cpu,
    memory,
    ip: assignAddress(ctx, req, at.vSwitchId, given),
    status: 'Scheduling',
    tags: req.Tag,
    createdAt: ctx.now(),
    epoch: 0,
    changedAt: -1,
    scheduleFailure: at.noStock,
    conditions: {},
    pulledImages: [],
    events: [],
    initContainers: (req.InitContainer ?? []).map((spec) => newContainer(spec, true)),
    containers: req.Container.map((spec) => newContainer(spec, false)),
  };
}

function newContainer(spec: Container, init: boolean): SimContainer {
  return {
    name: spec.Name,
    init,
    spec,
    state: { State: 'Waiting', Reason: init ? 'PodInitializing' : 'ContainerCreating' },
    ready: false,
    started: false,
    restartCount: 0,
    instance: 0,
    done: false,
    ran: false,
    pullFailures: 0,
    log: emptyLog(),
  };
}

function uniqueId(ctx: SimContext): string {
  let id = newContainerGroupId();
  while (ctx.store.get(id)) id = newContainerGroupId();
  return id;
}
