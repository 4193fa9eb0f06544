import type { MetricRecord } from '../../../backend.js';
import { EXEC_COMMAND_LIMITS } from '../../../eci-api/index.js';
import { multiActionIo, type GroupIo } from '../../io-metrics.js';
import { invalidParameter, missingParameter } from '../errors.js';
import { optBoolean, optJsonStringList, optInteger, optString, reqString } from '../params.js';
import type { ActionHandler, RegionInfo } from '../types.js';
import { checkRegion, settle } from './common.js';

export const describeContainerLog: ActionHandler = async (p, ctx) => {
  checkRegion(p, ctx);
  const ContainerName = reqString(p, 'ContainerName');
  const StartTime = optString(p, 'StartTime');
  timeParam(p, 'StartTime'); // RFC 3339, or InvalidParameter naming it
  const Content = await ctx.backend.describeContainerLog({
    ContainerGroupId: reqString(p, 'ContainerGroupId'),
    ContainerName,
    Tail: optInteger(p, 'Tail', { min: 0, max: 2000 }),
    SinceSeconds: optInteger(p, 'SinceSeconds', { min: 0 }),
    StartTime,
    LimitBytes: optInteger(p, 'LimitBytes', { min: 1, max: 1024 * 1024 }),
    Timestamps: optBoolean(p, 'Timestamps'),
    LastTime: optBoolean(p, 'LastTime'),
  });
  return { ContainerName, Content };
};

/**
 * Command: a JSON list ("执行多个命令时,字符串需按照 JSON 格式传入": several items must be JSON), or
 * one command as a plain string, taken as a single item.
 */
function execCommand(p: Parameters<ActionHandler>[0]): string[] | undefined {
  const raw = optString(p, 'Command');
  if (raw !== undefined && !raw.trimStart().startsWith('[')) return [raw];
  return optJsonStringList(p, 'Command', EXEC_COMMAND_LIMITS.items);
}

/**
 * ExecContainerCommand. Sync=true runs the command and answers its output (TTY must then be
 * false). Otherwise (Sync defaults to false; TTY and Stdin ask for an interactive session) the
 * container is checked and the answer is a WebSocketUri and an HttpUrl on this endpoint, valid
 * 30 s as on ECI, served by exec-route.ts. Command: at most 20 items of at most 256 characters.
 */
export const execContainerCommand: ActionHandler = async (p, ctx) => {
  checkRegion(p, ctx);
  const command = execCommand(p);
  if (!command || command.length === 0) throw missingParameter('Command');
  const tty = optBoolean(p, 'TTY') ?? false;
  const query = {
    ContainerGroupId: reqString(p, 'ContainerGroupId'),
    ContainerName: reqString(p, 'ContainerName'),
    Command: command,
  };
  if (optBoolean(p, 'Sync') === true) {
    if (tty) throw invalidParameter('TTY', true, 'Sync=true requires TTY=false');
    return { SyncResponse: await ctx.backend.execContainerCommand(query) };
  }
  if (!ctx.backend.execSessions) {
    throw invalidParameter('Sync', p.Sync ?? false, 'this backend runs commands with Sync=true only');
  }
  const session = await ctx.backend.execSessions.open({
    ...query,
    TTY: tty,
    Stdin: optBoolean(p, 'Stdin') ?? true,
  });
  const host = ctx.host ?? '127.0.0.1';
  return {
    WebSocketUri: `ws://${host}/exec/?s=${session.token}`,
    HttpUrl: `http://${host}/terminal?param=${session.token}`,
  };
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
  // A string in ECI's model: "60".
  const period = optString(p, 'Period');
  const periodS = period === undefined ? undefined : Number(period);
  if (periodS !== undefined && !Number.isInteger(periodS))
    throw invalidParameter('Period', period, 'expected 15, 30, 60 or 600 (seconds)');
  if (ctx.backend.metricSeries) {
    const Records = await settle(ctx.backend.metricSeries(id, { start, end, periodS }));
    return { ContainerGroupId: id, Records };
  }
  const [metrics] = await ctx.backend.describeMetrics([id]);
  return { ContainerGroupId: id, Records: within(metrics?.Records ?? [], start, end) };
};

export const describeMultiContainerGroupMetric: ActionHandler = async (p, ctx) => {
  checkRegion(p, ctx);
  const ids = optJsonStringList(p, 'ContainerGroupIds', 20);
  if (!ids || ids.length === 0) throw missingParameter('ContainerGroupIds');
  const metrics = await ctx.backend.describeMetrics(ids);
  return {
    MonitorDatas: metrics.map((m) => ({
      ...m,
      Records: m.Records.map((r) => multiActionIo(r as MetricRecord & Partial<GroupIo>)),
    })),
  };
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
