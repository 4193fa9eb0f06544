import type { MetricRecord } from '../../../backend.js';
import { invalidParameter, missingParameter } from '../errors.js';
import { optBoolean, optJsonStringList, optNumber, optString, reqString } from '../params.js';
import type { ActionHandler, RegionInfo } from '../types.js';
import { checkRegion, settle } from './common.js';

export const describeContainerLog: ActionHandler = async (p, ctx) => {
  checkRegion(p, ctx);
  const ContainerName = reqString(p, 'ContainerName');
  const Content = await ctx.backend.describeContainerLog({
    ContainerGroupId: reqString(p, 'ContainerGroupId'),
    ContainerName,
    Tail: optNumber(p, 'Tail', { min: 0, max: 2000 }),
    SinceSeconds: optNumber(p, 'SinceSeconds', { min: 0 }),
    StartTime: optString(p, 'StartTime'),
    LimitBytes: optNumber(p, 'LimitBytes', { min: 1, max: 1024 * 1024 }),
    Timestamps: optBoolean(p, 'Timestamps'),
    LastTime: optBoolean(p, 'LastTime'),
  });
  return { ContainerName, Content };
};

export const execContainerCommand: ActionHandler = async (p, ctx) => {
  checkRegion(p, ctx);
  const command = optJsonStringList(p, 'Command', 1000);
  if (!command || command.length === 0) throw missingParameter('Command');
  if (optBoolean(p, 'Sync') !== true) {
    throw invalidParameter(
      'Sync',
      p.Sync ?? false,
      'the simulator runs commands with Sync=true only (interactive exec over WebSocketUri is not simulated)',
    );
  }
  if (optBoolean(p, 'TTY') === true) throw invalidParameter('TTY', true, 'Sync=true requires TTY=false');
  const SyncResponse = await ctx.backend.execContainerCommand({
    ContainerGroupId: reqString(p, 'ContainerGroupId'),
    ContainerName: reqString(p, 'ContainerName'),
    Command: command,
  });
  return { SyncResponse };
};

function timeParam(p: Parameters<ActionHandler>[0], name: string): number | undefined {
  const raw = optString(p, name);
  if (raw === undefined) return undefined;
  const t = Date.parse(raw);
  if (Number.isNaN(t))
    throw invalidParameter(name, raw, 'expected an RFC 3339 time, e.g. 2024-01-02T03:04:05Z');
  return t;
}

function within(records: MetricRecord[], start?: number, end?: number): MetricRecord[] {
  return records.filter((r) => {
    const t = Date.parse(r.Timestamp);
    return (start === undefined || t >= start) && (end === undefined || t <= end);
  });
}

export const describeContainerGroupMetric: ActionHandler = async (p, ctx) => {
  checkRegion(p, ctx);
  const id = reqString(p, 'ContainerGroupId');
  const start = timeParam(p, 'StartTime');
  const end = timeParam(p, 'EndTime');
  const [metrics] = await ctx.backend.describeMetrics([id]);
  return { ContainerGroupId: id, Records: within(metrics?.Records ?? [], start, end) };
};

export const describeMultiContainerGroupMetric: ActionHandler = async (p, ctx) => {
  checkRegion(p, ctx);
  const ids = optJsonStringList(p, 'ContainerGroupIds', 20);
  if (!ids || ids.length === 0) throw missingParameter('ContainerGroupIds');
  const metrics = await ctx.backend.describeMetrics(ids);
  return { MonitorDatas: metrics };
};

function isRegionInfo(v: unknown): v is RegionInfo {
  return typeof v === 'object' && v !== null && 'RegionId' in v && typeof v.RegionId === 'string';
}

export const describeRegions: ActionHandler = async (_p, ctx) => {
  const fromEngine: unknown = ctx.backend.describeRegions
    ? await settle(ctx.backend.describeRegions())
    : undefined;
  const regions = Array.isArray(fromEngine) ? fromEngine.filter(isRegionInfo) : [{ RegionId: ctx.regionId }];
  return {
    Regions: regions.map((r) => ({
      RegionId: r.RegionId,
      RegionEndpoint: r.RegionEndpoint ?? `eci.${r.RegionId}.aliyuncs.com`,
      Zones: r.Zones ?? [],
      RecommendZones: r.RecommendZones ?? r.Zones ?? [],
    })),
  };
};
