import type { RequestHandler } from 'express';
import type { Backend, ContainerGroupMetrics } from '../../providers/backend.js';
import { errorMessage, logger } from '../log.js';
import { renderResourceMetrics } from './resource-metrics.js';
import { buildSummary, latestRecord, type PodSample, type Summary } from './summary.js';
import type { PodDirectory, PodEntry } from './types.js';
import { compareCodeUnits } from '../../providers/code-units.js';

/** DescribeMultiContainerGroupMetric takes at most 50 ids per call. */
export const METRICS_BATCH_SIZE = 50;
/** Batches in flight at once: enough for a few thousand pods within metrics-server's 10 s timeout. */
const METRICS_CONCURRENCY = 4;

export interface StatsDeps {
  nodeName: string;
  nodeStartTime: Date;
  backend: Backend;
  pods: PodDirectory;
}

export function batches<T>(items: T[], size: number): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}

/**
 * The newest metric record of every pod that has a container group, asked in batches of at most 50 ids.
 * A failed batch leaves its pods out and marks the scrape failed, so one slow batch costs its pods only.
 */
export async function collectSamples(
  backend: Backend,
  entries: PodEntry[],
): Promise<{ samples: PodSample[]; failedBatches: number; batches: number }> {
  const byGroup = new Map<string, PodEntry>();
  for (const e of entries) if (e.containerGroupId !== undefined) byGroup.set(e.containerGroupId, e);
  const work = batches([...byGroup.keys()], METRICS_BATCH_SIZE);
  const results: ContainerGroupMetrics[] = [];
  let failedBatches = 0;
  let next = 0;
  async function worker(): Promise<void> {
    while (next < work.length) {
      const ids = work[next++] as string[];
      try {
        results.push(...(await backend.describeMetrics(ids)));
      } catch (err) {
        failedBatches += 1;
        logger.warn('DescribeMultiContainerGroupMetric failed', {
          err: errorMessage(err),
          containerGroups: ids.length,
        });
      }
    }
  }
  await Promise.all(Array.from({ length: Math.min(METRICS_CONCURRENCY, work.length) }, worker));
  const samples: PodSample[] = [];
  for (const m of results) {
    const entry = byGroup.get(m.ContainerGroupId);
    const record = latestRecord(m.Records);
    if (entry !== undefined && record !== undefined) samples.push({ entry, record });
  }
  // Stable output: pods in namespace/name order, whatever order the batches finished in.
  const key = (s: PodSample): string =>
    `${s.entry.pod.metadata?.namespace ?? ''}/${s.entry.pod.metadata?.name ?? ''}`;
  samples.sort((a, b) => compareCodeUnits(key(a), key(b)));
  return { samples, failedBatches, batches: work.length };
}

async function summarize(deps: StatsDeps): Promise<{ summary: Summary | undefined; scrapeError: boolean }> {
  const { samples, failedBatches, batches: total } = await collectSamples(deps.backend, deps.pods.list());
  const allFailed = total > 0 && failedBatches === total;
  return {
    summary: allFailed ? undefined : buildSummary(deps.nodeName, deps.nodeStartTime, samples, new Date()),
    scrapeError: failedBatches > 0,
  };
}

/** GET /stats/summary (metrics-server before 0.6, `kubectl top` through it). `only_cpu_and_memory` is all there is. */
export function statsSummaryHandler(deps: StatsDeps): RequestHandler {
  return async (_req, res) => {
    const { summary, scrapeError } = await summarize(deps);
    if (summary === undefined) {
      res
        .status(503)
        .type('text/plain; charset=utf-8')
        .send(
          'failed to get node summary: every DescribeMultiContainerGroupMetric call failed (see the virtual node logs)',
        );
      return;
    }
    if (scrapeError)
      res.setHeader('Warning', '199 - "metrics of some pods are missing: ECI metric calls failed"');
    res.status(200).json(summary);
  };
}

/** GET /metrics/resource (metrics-server 0.6 and later). */
export function resourceMetricsHandler(deps: StatsDeps): RequestHandler {
  return async (_req, res) => {
    const { summary, scrapeError } = await summarize(deps);
    res
      .status(200)
      .type('text/plain; version=0.0.4; charset=utf-8')
      .send(renderResourceMetrics(summary, scrapeError));
  };
}
