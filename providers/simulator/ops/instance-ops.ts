import { BackendError } from '../../backend.js';
import { rfc3339 } from '../clock.js';
import { invalidParameter } from '../errors.js';

/** The O&M task types CreateInstanceOpsTask documents. */
export const OPS_TYPES = ['coredump', 'tcpdump'] as const;
export type OpsType = (typeof OPS_TYPES)[number];

/** One record DescribeInstanceOpsRecords lists; what it shows at a time is computed (opsRecordView). */
export interface OpsRecord {
  type: OpsType;
  createdAt: number;
  /** Clock time the record's result is gone; undefined while a capture runs. */
  expiresAt?: number;
  /** tcpdump: clock time the capture file is uploaded (the capture was stopped). */
  readyAt?: number;
  resultContent?: string;
}

export interface OpsRecordView {
  CreateTime: string;
  ExpireTime?: string;
  OpsType: OpsType;
  OpsStatus: 'Running' | 'Ready';
  ResultType?: 'OSS';
  ResultContent?: string;
}

/** The tcpdump OpsValue fields the page lists; others are accepted and not acted on. */
export interface TcpdumpSettings {
  Enable: boolean;
  Protocol?: string;
  IfDeviceName?: string;
}

/** The page's coredump example record never expires (ExpireTime 2099-12-29T15:00:00Z): the setting stays until disabled. */
export const COREDUMP_NO_EXPIRY = Date.UTC(2099, 11, 29, 15);

export function opsTypeNotSupported(value: string): BackendError {
  return new BackendError(
    'InvalidParameter',
    'Ops.TypeNotSupport',
    `OpsType "${value}" is not supported: use coredump or tcpdump.`,
  );
}

export function parseOpsType(value: string): OpsType {
  const type = OPS_TYPES.find((t) => t === value);
  if (!type) throw opsTypeNotSupported(value);
  return type;
}

export function parseCoredumpValue(value: string): boolean {
  if (value === 'enable') return true;
  if (value === 'disable') return false;
  throw invalidParameter('OpsValue', `"${value}" is not a coredump setting: use enable or disable.`);
}

const IPV4 = /^(25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)(\.(25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)){3}$/;

function checkIp(field: string, v: unknown): void {
  if (typeof v !== 'string' || !IPV4.test(v))
    throw invalidParameter(
      `OpsValue.${field}`,
      `${JSON.stringify(v)} is not an IPv4 address, e.g. 192.168.0.1.`,
    );
}

function checkCidr(field: string, v: unknown): void {
  const [ip, bits, extra] = typeof v === 'string' ? v.split('/') : [];
  const n = Number(bits);
  if (extra !== undefined || ip === undefined || !IPV4.test(ip) || !/^\d{1,2}$/.test(bits ?? '') || n > 32)
    throw invalidParameter(
      `OpsValue.${field}`,
      `${JSON.stringify(v)} is not a CIDR block, e.g. 192.168.0.0/24.`,
    );
}

function checkPort(field: string, v: unknown): void {
  if (typeof v !== 'number' || !Number.isInteger(v) || v < 1 || v > 65535)
    throw invalidParameter(
      `OpsValue.${field}`,
      `${JSON.stringify(v)} is not a port: give a number from 1 to 65535.`,
    );
}

/** tcpdump's OpsValue: a JSON object such as {"Enable":true,"IfDeviceName":"eth0"} (Enable required). */
export function parseTcpdumpValue(value: string): TcpdumpSettings {
  let parsed: unknown;
  try {
    parsed = JSON.parse(value);
  } catch {
    parsed = undefined;
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
    throw invalidParameter(
      'OpsValue',
      `"${value}" is not a JSON object: give e.g. {"Enable":true,"IfDeviceName":"eth0"}.`,
    );
  }
  const o = parsed as Record<string, unknown>;
  if (typeof o.Enable !== 'boolean')
    throw invalidParameter(
      'OpsValue.Enable',
      `${JSON.stringify(o.Enable)}: it is required, true to start a capture or false to stop it.`,
    );
  if (o.Protocol !== undefined && !['tcp', 'udp', 'icmpv4'].includes(String(o.Protocol)))
    throw invalidParameter('OpsValue.Protocol', `${JSON.stringify(o.Protocol)} is not tcp, udp or icmpv4.`);
  for (const f of ['SourceIp', 'DestIp']) if (o[f] !== undefined) checkIp(f, o[f]);
  for (const f of ['SourceCidr', 'DestCidr']) if (o[f] !== undefined) checkCidr(f, o[f]);
  for (const f of ['SourcePort', 'DestPort']) if (o[f] !== undefined) checkPort(f, o[f]);
  if (o.IfDeviceName !== undefined && (typeof o.IfDeviceName !== 'string' || o.IfDeviceName === ''))
    throw invalidParameter(
      'OpsValue.IfDeviceName',
      `${JSON.stringify(o.IfDeviceName)} is not a network device name, e.g. eth0.`,
    );
  return {
    Enable: o.Enable,
    Protocol: typeof o.Protocol === 'string' ? o.Protocol : undefined,
    IfDeviceName: typeof o.IfDeviceName === 'string' ? o.IfDeviceName : undefined,
  };
}

/** A record's view at `now`; undefined once it has expired (it is no longer listed). */
export function opsRecordView(r: OpsRecord, now: number): OpsRecordView | undefined {
  if (r.expiresAt !== undefined && r.expiresAt <= now) return undefined;
  const ready = r.type === 'coredump' || (r.readyAt !== undefined && r.readyAt <= now);
  return {
    CreateTime: rfc3339(r.createdAt),
    ...(r.expiresAt !== undefined ? { ExpireTime: rfc3339(r.expiresAt) } : {}),
    OpsType: r.type,
    OpsStatus: ready ? 'Ready' : 'Running',
    ...(ready && r.resultContent ? { ResultType: 'OSS' as const, ResultContent: r.resultContent } : {}),
  };
}
