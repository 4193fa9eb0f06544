import type { LogQuery } from '../../providers/backend.js';
import { HttpError } from './http-error.js';

/** The v1 PodLogOptions the kubelet decodes from the query of `/containerLogs/...`. */
export interface PodLogOptions {
  follow: boolean;
  previous: boolean;
  timestamps: boolean;
  tailLines?: number;
  limitBytes?: number;
  sinceSeconds?: number;
  /** RFC 3339, as given. */
  sinceTime?: string;
}

/** DescribeContainerLog's limits: Tail at most 2000 lines, LimitBytes at most 1 MiB. */
export const ECI_MAX_TAIL_LINES = 2000;
export const ECI_MAX_LIMIT_BYTES = 1024 * 1024;

const RFC3339 = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{1,9})?(Z|[+-]\d{2}:\d{2})$/;

function invalid(field: string, value: string | number, why: string): HttpError {
  return new HttpError(400, `${field}: Invalid value: ${JSON.stringify(value)}: ${why}`);
}

/** Like the API machinery's bool conversion: present means true unless it is `0` or `false`. */
function parseBool(value: string | null): boolean {
  if (value === null) return false;
  return value !== '0' && value.toLowerCase() !== 'false';
}

function parseInteger(field: string, value: string | null): number | undefined {
  if (value === null) return undefined;
  if (!/^[+-]?\d+$/.test(value)) throw invalid(field, value, 'must be an integer');
  const n = Number(value);
  if (!Number.isSafeInteger(n)) throw invalid(field, value, 'is out of range');
  return n;
}

/** Date.parse rolls 2024-02-30 over to March 1st; the kubelet refuses such a date. */
function isRealDate(value: string): boolean {
  const [year, month, day] = value.slice(0, 10).split('-').map(Number);
  const date = new Date(Date.UTC(year, month - 1, day));
  return date.getUTCFullYear() === year && date.getUTCMonth() === month - 1 && date.getUTCDate() === day;
}

function parseSinceTime(value: string | null): string | undefined {
  if (value === null || value === '' || value === 'null') return undefined;
  if (!RFC3339.test(value) || Number.isNaN(Date.parse(value)) || !isRealDate(value)) {
    throw invalid('sinceTime', value, 'must be an RFC 3339 time, e.g. 2024-05-01T10:00:00Z');
  }
  return value;
}

/**
 * Decodes and validates the query as the kubelet does (ParameterCodec, then ValidatePodLogOptions), with
 * one difference: every problem is a 400 naming the parameter and its value, where the kubelet answers a
 * bare "Unable to decode query." or a 422 "Invalid request.".
 */
export function parsePodLogOptions(query: URLSearchParams): PodLogOptions {
  // The kubelet still honours the pre-1.0 `tail` parameter; `tail=all` means no limit.
  const tail = query.get('tail');
  const tailLinesRaw = tail !== null && tail !== '' ? (tail === 'all' ? null : tail) : query.get('tailLines');
  const stream = query.get('stream');
  if (stream !== null && stream !== 'All') {
    throw new HttpError(
      400,
      `stream: Unsupported value: ${JSON.stringify(stream)}: ECI returns stdout and stderr as one log; ` +
        'supported values: "All"',
    );
  }

  const opts: PodLogOptions = {
    follow: parseBool(query.get('follow')),
    previous: parseBool(query.get('previous')),
    timestamps: parseBool(query.get('timestamps')),
    tailLines: parseInteger('tailLines', tailLinesRaw),
    limitBytes: parseInteger('limitBytes', query.get('limitBytes')),
    sinceSeconds: parseInteger('sinceSeconds', query.get('sinceSeconds')),
    sinceTime: parseSinceTime(query.get('sinceTime')),
  };

  if (opts.tailLines !== undefined && opts.tailLines < 0) {
    throw invalid('tailLines', opts.tailLines, 'must be greater than or equal to 0');
  }
  if (opts.limitBytes !== undefined && opts.limitBytes < 1) {
    throw invalid('limitBytes', opts.limitBytes, 'must be greater than 0');
  }
  if (opts.sinceSeconds !== undefined && opts.sinceTime !== undefined) {
    throw new HttpError(
      400,
      `sinceSeconds, sinceTime: Forbidden: at most one of \`sinceTime\` or \`sinceSeconds\` may be specified ` +
        `(got sinceSeconds=${opts.sinceSeconds} and sinceTime=${opts.sinceTime})`,
    );
  }
  if (opts.sinceSeconds !== undefined && opts.sinceSeconds < 1) {
    throw invalid('sinceSeconds', opts.sinceSeconds, 'must be greater than 0');
  }
  return opts;
}

/**
 * The DescribeContainerLog request for the options, within ECI's limits: without tailLines the most ECI
 * returns (2000 lines, where Kubernetes would return the whole log), and tailLines or limitBytes above
 * the limits are lowered to them.
 */
export function toLogQuery(containerGroupId: string, containerName: string, opts: PodLogOptions): LogQuery {
  const query: LogQuery = {
    ContainerGroupId: containerGroupId,
    ContainerName: containerName,
    Tail: Math.min(opts.tailLines ?? ECI_MAX_TAIL_LINES, ECI_MAX_TAIL_LINES),
    Timestamps: opts.timestamps,
    LastTime: opts.previous,
  };
  if (opts.limitBytes !== undefined) query.LimitBytes = Math.min(opts.limitBytes, ECI_MAX_LIMIT_BYTES);
  if (opts.sinceSeconds !== undefined) query.SinceSeconds = opts.sinceSeconds;
  if (opts.sinceTime !== undefined) query.StartTime = opts.sinceTime;
  return query;
}
