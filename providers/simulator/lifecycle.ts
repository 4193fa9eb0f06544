import type {
  Container,
  CpuMemory,
  CreateContainerGroupRequest,
  UpdateContainerGroupPatch,
} from '../eci-api/index.js';
import { TERMINAL_STATUSES } from '../eci-api/index.js';
import { internTags } from '../intern.js';
import {
  emptyLog,
  onExited,
  onLivenessProbe,
  onPostStartFailed,
  onPullBackOff,
  onPulled,
  onReady,
  onRestart,
  prepare,
  startNext,
} from './containers.js';
import type { SimContext } from './context.js';
import { incorrectStatus, invalidParameter, oneOf } from './errors.js';
import { onPreStopFailed, startPreStop } from './hooks.js';
import type { Job, SimContainer, SimGroup } from './model.js';
import { allContainers, findContainer } from './model.js';
import { nextToStop } from './container-order.js';
import { finish, forget, kill, retire } from './phase.js';
import { onReadinessProbe } from './probes.js';
import { onLookup } from './lookups.js';
import { onFileChange, runProcess } from './process-run.js';
import { specFor, specScope } from './spec.js';
import { validateTags, validateVolumes } from './validate.js';
import { validateContainerRules } from './validate-rules.js';

/** Realistic durations (seconds) of group-level steps, before `speed` scaling. */
export const GROUP_DELAYS = { scheduling: 1, terminating: 2, restarting: 1 };

/** What UpdateContainerGroup may change. Containers are matched by Name and merged field by field. */
export type { UpdateContainerGroupPatch } from '../eci-api/index.js';

export function handleJob(ctx: SimContext, job: Job): void {
  const g = ctx.store.get(job.groupId);
  if (!g) return;
  if (job.type === 'expire') return expire(ctx, g);
  if (job.type === 'deadline') return deadline(ctx, g);
  if (job.epoch !== g.epoch) return;
  if (job.type === 'scheduled') return onScheduled(ctx, g);
  if (job.type === 'terminated') return forget(ctx, g);
  if (job.type === 'stopTier') return stopNextPriority(ctx, g);
  if (job.type === 'restarted') return onRestarted(ctx, g);
  if (job.type === 'retention') return retire(ctx, g);
  const c = findContainer(g, job.container);
  if (!c || c.instance !== job.instance) return;
  if (job.type === 'pulled') return onPulled(ctx, g, c);
  if (job.type === 'pullBackOff') return onPullBackOff(ctx, g, c);
  if (job.type === 'pullRetry') return prepare(ctx, g, c);
  if (job.type === 'exited') return onExited(ctx, g, c, job.code ?? 0);
  if (job.type === 'file' && job.file) return onFileChange(ctx, g, c, job.file);
  if (job.type === 'lookup') return onLookup(ctx, g, c, job.due, runProcess);
  if (job.type === 'restart') return onRestart(ctx, g, c);
  if (job.type === 'ready') return onReady(ctx, g, c);
  if (job.type === 'liveness') return onLivenessProbe(ctx, g, c);
  if (job.type === 'readiness') return onReadinessProbe(ctx, g, c);
  if (job.type === 'postStartFailed') return onPostStartFailed(ctx, g, c);
  if (job.type === 'preStopFailed') return onPreStopFailed(ctx, g, c);
  if (job.type === 'stopped') return onStopped(ctx, g, c);
}

function onScheduled(ctx: SimContext, g: SimGroup): void {
  if (g.scheduleFailure) {
    ctx.event(g, { Type: 'Warning', Reason: 'NoStock', Message: g.scheduleFailure });
    return finish(ctx, g, 'ScheduleFailed');
  }
  g.status = 'Pending';
  g.scheduledAt = ctx.now();
  waitAll(g);
  ctx.changed(g);
  const deadlineSeconds = g.request.ActiveDeadlineSeconds;
  if (deadlineSeconds && deadlineSeconds > 0)
    ctx.schedule(ctx.delay(deadlineSeconds, false), g, { type: 'deadline' });
  startNext(ctx, g);
}

function waitAll(g: SimGroup): void {
  const reason = g.initContainers.length ? 'PodInitializing' : 'ContainerCreating';
  for (const c of g.containers) c.state = { State: 'Waiting', Reason: reason };
  for (const c of g.initContainers) c.state = { State: 'Waiting', Reason: 'PodInitializing' };
}

/**
 * DeleteContainerGroup: a group with live containers goes through Terminating; others vanish at once.
 * Each running container's PreStop hook runs first and holds that container's stop (at most the
 * grace period); the group is gone once its last container has stopped. Containers of a higher exit
 * priority stop first, the next priority once they have (container-order.ts).
 */
export function deleteGroup(ctx: SimContext, g: SimGroup): void {
  if (g.status === 'Terminating') return;
  const live = allContainers(g).some((c) => c.state.State === 'Running');
  if (!live || TERMINAL_STATUSES.has(g.status)) return forget(ctx, g);
  g.epoch++;
  g.status = 'Terminating';
  stopNextPriority(ctx, g);
}

function stopNextPriority(ctx: SimContext, g: SimGroup): void {
  const { now, later } = nextToStop(allContainers(g));
  const stopMs = ctx.delay(GROUP_DELAYS.terminating);
  const stops = now.map((c) => {
    stopping(ctx, g, c);
    return { c, ms: startPreStop(ctx, g, c) + stopMs };
  });
  const goneMs = Math.max(stopMs, ...stops.map((s) => s.ms));
  // Containers that stop before the group goes show it; the last ones go with the group.
  for (const { c, ms } of stops) {
    if (ms < goneMs || later > 0)
      ctx.schedule(ms, g, { type: 'stopped', container: c.name, instance: c.instance });
  }
  ctx.changed(g);
  ctx.schedule(goneMs, g, { type: later > 0 ? 'stopTier' : 'terminated' });
}

/** It stops before the group goes (another container's PreStop hook holds the group): Terminated meanwhile. */
function onStopped(ctx: SimContext, g: SimGroup, c: SimContainer): void {
  kill(c, ctx.now(), 137);
  ctx.changed(g);
}

/** The kubelet's event as it starts stopping a running container. */
function stopping(ctx: SimContext, g: SimGroup, c: SimContainer): void {
  ctx.event(g, { Type: 'Normal', Reason: 'Killing', Message: `Stopping container ${c.name}`, Name: c.name });
}

/** RestartContainerGroup: Restarting, then every container starts again from scratch (init containers first). */
export function restartGroup(
  ctx: SimContext,
  g: SimGroup,
  status: 'Restarting' | 'Updating' = 'Restarting',
): void {
  if (g.status !== 'Pending' && g.status !== 'Running')
    throw incorrectStatus(g.id, g.status, 'Pending or Running');
  const now = ctx.now();
  g.epoch++;
  for (const c of allContainers(g)) {
    if (c.state.State !== 'Running') continue;
    stopping(ctx, g, c);
    kill(c, now, 137);
  }
  g.status = status;
  ctx.changed(g);
  ctx.schedule(ctx.delay(GROUP_DELAYS.restarting), g, { type: 'restarted' });
}

function onRestarted(ctx: SimContext, g: SimGroup): void {
  for (const c of allContainers(g)) {
    if (c.ran || c.done) {
      c.restartCount++;
      c.previous = c.state.State === 'Terminated' ? c.state : c.previous;
      c.previousLog = c.log;
      c.log = emptyLog();
    }
    Object.assign(c, {
      done: false,
      ran: false,
      ready: false,
      readyDelayPassed: false,
      started: false,
      launched: false,
      pullFailures: 0,
    });
    c.instance++;
  }
  g.status = 'Pending';
  waitAll(g);
  ctx.changed(g);
  startNext(ctx, g);
}

/** UpdateContainerGroup: tags alone change in place; anything else restarts the group as Updating. */
export function updateGroup(ctx: SimContext, g: SimGroup, patch: UpdateContainerGroupPatch): void {
  if (g.status !== 'Pending' && g.status !== 'Running')
    throw incorrectStatus(g.id, g.status, 'Pending or Running');
  if (patch.Tag) validateTags(patch.Tag);
  if (patch.Volume) validateVolumes(patch.Volume);
  const { request, size } = applyPatch(g, patch);
  request.Container.forEach((c, i) => validateContainerRules(c, `Container.${i + 1}`));
  request.InitContainer?.forEach((c, i) => validateContainerRules(c, `InitContainer.${i + 1}`));
  if (patch.Tag) ctx.store.setTags(g, internTags(patch.Tag));
  // Tags and the resource group change in place; anything the containers see restarts the group.
  const keys = [
    'RestartPolicy',
    'Cpu',
    'Memory',
    'Container',
    'InitContainer',
    'Volume',
    'DnsConfig',
  ] as const;
  if (keys.every((k) => patch[k] === undefined)) {
    if (patch.ResourceGroupId) g.request = { ...g.request, ResourceGroupId: patch.ResourceGroupId };
    return ctx.changed(g);
  }
  g.request = request;
  if (size !== undefined) [g.cpu, g.memory] = [size.cpu, size.memory];
  for (const c of allContainers(g)) {
    c.spec = (c.init ? request.InitContainer : request.Container)?.find((s) => s.Name === c.name) ?? c.spec;
  }
  restartGroup(ctx, g, 'Updating');
}

/** The group's request with the patch applied, and its new size (rounded up to a spec, as at create). */
function applyPatch(
  g: SimGroup,
  patch: UpdateContainerGroupPatch,
): { request: CreateContainerGroupRequest; size?: CpuMemory } {
  const size =
    patch.Cpu !== undefined || patch.Memory !== undefined
      ? specFor(patch.Cpu ?? g.cpu, patch.Memory ?? g.memory, specScope(g.request), 'Cpu/Memory')
      : undefined;
  const updateType = patch.UpdateType ?? 'RenewUpdate';
  oneOf('UpdateType', updateType, ['RenewUpdate', 'IncrementalUpdate']);
  const renew = updateType === 'RenewUpdate';
  // An empty RestartPolicy is "not given", as before.
  oneOf('RestartPolicy', patch.RestartPolicy || undefined, ['Always', 'OnFailure', 'Never']);
  const request = {
    ...g.request,
    RestartPolicy: patch.RestartPolicy ?? g.request.RestartPolicy,
    ResourceGroupId: patch.ResourceGroupId ?? g.request.ResourceGroupId,
    DnsConfig: patch.DnsConfig ?? g.request.DnsConfig,
    Volume: patch.Volume ?? g.request.Volume,
    Container: updatedContainers(g.request.Container, patch.Container, renew, 'Container'),
    InitContainer: updatedContainers(
      g.request.InitContainer ?? [],
      patch.InitContainer,
      renew,
      'InitContainer',
    ),
  };
  return { request, size };
}

/**
 * The containers after an update. RenewUpdate (ECI's default) takes the list as the whole new one,
 * each container in full ("for a parameter of the list type, you must specify all the items");
 * IncrementalUpdate overlays the fields given. The simulator neither adds nor removes containers.
 */
function updatedContainers(
  specs: Container[],
  patches: UpdateContainerGroupPatch['Container'],
  renew: boolean,
  label: string,
): Container[] {
  if (patches === undefined) return specs;
  for (const [i, p] of patches.entries()) {
    if (!specs.some((s) => s.Name === p.Name)) {
      throw invalidParameter(`${label}.${i + 1}.Name`, `"${p.Name}" is not a container of this group.`);
    }
    if (p.Image === '' || (renew && p.Image === undefined)) {
      throw invalidParameter(
        `${label}.${i + 1}.Image`,
        renew
          ? 'is required: UpdateType RenewUpdate (the default) replaces each container whole; give it in full, or set UpdateType IncrementalUpdate.'
          : 'must not be empty.',
      );
    }
  }
  const missing = specs.filter((s) => !patches.some((p) => p.Name === s.Name)).map((s) => s.Name);
  if (renew && missing.length > 0) {
    throw invalidParameter(
      label,
      `UpdateType RenewUpdate (the default) replaces the whole list, and it leaves out ${missing.join(', ')}: ` +
        'list every container in full, or set UpdateType IncrementalUpdate.',
    );
  }
  return specs.map((s) => {
    const given = patches.find((p) => p.Name === s.Name);
    if (given === undefined) return s;
    return renew ? (given as Container) : { ...s, ...given };
  });
}

/** Spot reclaim: the instance is released and the group ends as Expired. */
export function expire(ctx: SimContext, g: SimGroup): void {
  if (TERMINAL_STATUSES.has(g.status) || g.status === 'Terminating') return;
  const message =
    'Spot ECI will be released: the spot instance is reclaimed because of price or stock changes';
  ctx.event(g, { Type: 'Warning', Reason: 'SpotToBeReleased', Message: message });
  finish(ctx, g, 'Expired');
}

function deadline(ctx: SimContext, g: SimGroup): void {
  if (TERMINAL_STATUSES.has(g.status) || g.status === 'Terminating') return;
  const message = 'Pod was active on the node longer than the specified deadline';
  ctx.event(g, { Type: 'Warning', Reason: 'DeadlineExceeded', Message: message });
  finish(ctx, g, 'Failed');
}
