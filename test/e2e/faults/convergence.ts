import type * as k8s from '@kubernetes/client-node';
import { podsIn } from '../lib/cluster.js';
import { clusterRecord, sleep } from '../lib/faults.js';
import { simGroups, tag, type SimGroup } from '../lib/simulator.js';

/** What the scenario expects: pods that must be Running, and names that were deleted and must be gone. */
export interface Expectation {
  namespaces: string[];
  running: Set<string>;
  deleted?: Set<string>;
}

export interface FaultReport {
  scenario: string;
  pods: number;
  duplicates: number;
  orphans: number;
  stuck: number;
  convergeS: number;
  /** What is wrong, for the assertion message. */
  problems: string[];
}

const keyOf = (p: k8s.V1Pod): string => `${p.metadata?.namespace}/${p.metadata?.name}`;

/**
 * The state as a user would check it, from the API (pods) and the backend (container groups tagged
 * with this cluster and one of the namespaces): duplicates = pods with more than one group, orphans
 * = groups whose pod UID no longer exists, stuck = pods not Running that should be, or not gone that
 * were deleted.
 */
export async function inspect(scenario: string, expected: Expectation, since: number): Promise<FaultReport> {
  const clusterId = clusterRecord().clusterId;
  const pods = (await Promise.all(expected.namespaces.map((ns) => podsIn(ns)))).flat();
  const groups = (await simGroups()).filter(
    (g) => tag(g, 'ClusterName') === clusterId && expected.namespaces.includes(tag(g, 'NameSpace') ?? ''),
  );
  const byUid = new Map<string, SimGroup[]>();
  for (const g of groups) {
    const uid = tag(g, 'UID') ?? '';
    byUid.set(uid, [...(byUid.get(uid) ?? []), g]);
  }
  const problems: string[] = [];
  const uids = new Set(pods.map((p) => p.metadata?.uid ?? ''));
  let duplicates = 0;
  for (const pod of pods) {
    const n = byUid.get(pod.metadata?.uid ?? '')?.length ?? 0;
    if (n > 1) {
      duplicates++;
      problems.push(`${keyOf(pod)} has ${n} container groups`);
    }
  }
  let orphans = 0;
  for (const [uid, list] of byUid) {
    if (uids.has(uid)) continue;
    orphans += list.length;
    for (const g of list)
      problems.push(
        `orphan ${g.ContainerGroupId} (${tag(g, 'NameSpace')}/${tag(g, 'PodName')}, ${g.Status})`,
      );
  }
  let stuck = 0;
  const present = new Map(pods.map((p) => [keyOf(p), p]));
  for (const key of expected.running) {
    const pod = present.get(key);
    const own = byUid.get(pod?.metadata?.uid ?? '') ?? [];
    const groupCount = own.length;
    if (pod?.status?.phase !== 'Running' || pod.metadata?.deletionTimestamp || groupCount !== 1) {
      stuck++;
      problems.push(
        `${key} is ${pod === undefined ? 'missing' : `${pod.status?.phase}${pod.metadata?.deletionTimestamp ? ' (terminating)' : ''}`} with ${groupCount} groups [${own.map((g) => g.Status).join(', ')}]`,
      );
    }
  }
  for (const key of expected.deleted ?? []) {
    if (present.has(key)) {
      stuck++;
      problems.push(`${key} was deleted but is still there (${present.get(key)?.status?.phase})`);
    }
  }
  return {
    scenario,
    pods: pods.length,
    duplicates,
    orphans,
    stuck,
    convergeS: Math.round((Date.now() - since) / 100) / 10,
    problems,
  };
}

function clean(r: FaultReport): boolean {
  return r.duplicates === 0 && r.orphans === 0 && r.stuck === 0;
}

/**
 * Polls until the scenario converges (or `timeoutMs` passes), prints the one summary line, and
 * returns the last state seen: the caller asserts duplicates, orphans and stuck are 0.
 */
export async function converge(
  scenario: string,
  expected: Expectation,
  since: number,
  timeoutMs = 180_000,
): Promise<FaultReport> {
  const deadline = Date.now() + timeoutMs;
  const verbose = process.env.E2E_FAULTS_VERBOSE === '1';
  let lastLog = Date.now();
  let report: FaultReport;
  for (;;) {
    try {
      report = await inspect(scenario, expected, since);
      if (clean(report) || Date.now() > deadline) break;
      if (verbose && Date.now() - lastLog > 10_000) {
        lastLog = Date.now();
        console.log(`${summaryLine(report)} (waiting)\n  ${report.problems.slice(0, 10).join('\n  ')}`);
      }
    } catch (err) {
      if (Date.now() > deadline) throw err;
    }
    await sleep(1000);
  }
  console.log(summaryLine(report));
  if (!clean(report))
    console.log(`FAULT ${scenario} problems:\n  ${report.problems.slice(0, 30).join('\n  ')}`);
  return report;
}

export function summaryLine(r: FaultReport): string {
  return `FAULT ${r.scenario} pods=${r.pods} duplicates=${r.duplicates} orphans=${r.orphans} stuck=${r.stuck} converge_s=${r.convergeS}`;
}

/** The three counts that must be zero, with the problems as context when they are not. */
export function expectClean(r: FaultReport): void {
  expect({
    duplicates: r.duplicates,
    orphans: r.orphans,
    stuck: r.stuck,
    problems: r.problems.slice(0, 20),
  }).toEqual({
    duplicates: 0,
    orphans: 0,
    stuck: 0,
    problems: [],
  });
}
