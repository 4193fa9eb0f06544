import type { MetricRecord } from '../backend.js';
import { invalidParameter } from './errors.js';
import { groupMetrics } from './metrics.js';
import type { SimGroup } from './model.js';

/** DescribeContainerGroupMetric's window, as asked (ms since epoch; Period in seconds). */
export interface MetricWindow {
  start?: number;
  end?: number;
  periodS?: number;
}

const PERIODS_S = [15, 30, 60, 600];
const MAX_RECORDS = 50;
const DEFAULT_SPAN_MS = 5 * 60_000;
const KEPT_MS = 30 * 86_400_000;

/**
 * The records DescribeContainerGroupMetric answers, as its reference says: one per Period (15, 30,
 * 60 or 600 s; 60 by default) from StartTime (default EndTime − 5 min, at most 30 days back) to
 * EndTime (default now); with neither time, the last 5 minutes every 15 s; more than 50 is an
 * error. Only while the group existed. Pure.
 */
export function metricSeries(g: SimGroup, w: MetricWindow, now: number): MetricRecord[] {
  const periodS = w.periodS ?? (w.start === undefined && w.end === undefined ? 15 : 60);
  if (!PERIODS_S.includes(periodS))
    throw invalidParameter('Period', `${periodS} is not one of ${PERIODS_S.join(', ')} (seconds).`);
  const end = Math.min(w.end ?? now, now);
  const start = w.start ?? end - DEFAULT_SPAN_MS;
  if (start < now - KEPT_MS)
    throw invalidParameter('StartTime', 'is more than 30 days ago: ECI keeps 30 days of metrics.');
  if (start > end) throw invalidParameter('StartTime', 'is after EndTime (or in the future).');
  const step = periodS * 1000;
  // Counted back from EndTime, so the newest record is at EndTime (a group started seconds ago has one).
  const count = Math.floor((end - start) / step) + 1;
  if (count > MAX_RECORDS) {
    throw invalidParameter(
      'Period',
      `${periodS} s from StartTime to EndTime gives ${count} records; ECI answers at most ${MAX_RECORDS}: ` +
        'use a longer Period or a shorter window.',
    );
  }
  const records: MetricRecord[] = [];
  for (let t = end - (count - 1) * step; t <= end; t += step) {
    if (t >= g.createdAt && t <= (g.finishedAt ?? now)) records.push(groupMetrics(g, t));
  }
  return records;
}
