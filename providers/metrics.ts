import { Counter, Histogram } from 'prom-client';
import type { Backend } from './backend.js';
import { isBackendError } from './backend.js';

/**
 * Backend call metrics on the default prom-client registry, shared by every backend so dashboards
 * compare the simulator and the real cloud on the same series.
 */
export const backendRequests = new Counter({
  name: 'eci_backend_requests_total',
  help: 'ECI backend calls by backend, ECI action and result code (Success or the ECI error code).',
  labelNames: ['backend', 'action', 'code'] as const,
});

export const backendRequestDuration = new Histogram({
  name: 'eci_backend_request_duration_seconds',
  help: 'Latency of ECI backend calls, including retries and paging, by backend and ECI action.',
  labelNames: ['backend', 'action'] as const,
  buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30],
});

/** Retries inside a backend (one per extra attempt), by the error code that caused them. */
export const backendRetries = new Counter({
  name: 'eci_backend_retries_total',
  help: 'ECI backend request retries by backend, ECI action and the error code that caused the retry.',
  labelNames: ['backend', 'action', 'code'] as const,
});

/** The ECI action each Backend method stands for (the metric label, as on the wire). */
export const BACKEND_ACTIONS = {
  createContainerGroup: 'CreateContainerGroup',
  deleteContainerGroup: 'DeleteContainerGroup',
  updateContainerGroup: 'UpdateContainerGroup',
  describeContainerGroups: 'DescribeContainerGroups',
  describeContainerGroupStatus: 'DescribeContainerGroupStatus',
  describeContainerGroupEvents: 'DescribeContainerGroupEvents',
  describeContainerLog: 'DescribeContainerLog',
  execContainerCommand: 'ExecContainerCommand',
  openExec: 'ExecContainerCommand',
  describeMetrics: 'DescribeMultiContainerGroupMetric',
  describeVSwitches: 'DescribeVSwitches',
  describeContainerGroupPrice: 'DescribeContainerGroupPrice',
  createImageCache: 'CreateImageCache',
  describeImageCaches: 'DescribeImageCaches',
  matchImageCaches: 'DescribeImageCaches',
  deleteImageCache: 'DeleteImageCache',
} as const satisfies Record<Exclude<keyof Backend, 'name' | 'close'>, string>;

const INSTRUMENTED = Symbol('instrumentedBackend');

/** The code label of a failed call: the ECI code when known, so alerts can tell NoStock from throttling. */
export function errorCodeLabel(err: unknown): string {
  if (isBackendError(err)) return err.code;
  return 'UnknownError';
}

async function measure<T>(backend: string, action: string, call: () => Promise<T>): Promise<T> {
  const stop = backendRequestDuration.startTimer({ backend, action });
  try {
    const result = await call();
    backendRequests.inc({ backend, action, code: 'Success' });
    return result;
  } catch (err) {
    backendRequests.inc({ backend, action, code: errorCodeLabel(err) });
    throw err;
  } finally {
    stop();
  }
}

/**
 * Wraps any Backend so every call is counted and timed. Idempotent: wrapping an instrumented backend
 * returns it unchanged, so callers can wrap whatever they are handed without double counting.
 */
export function instrumentBackend(backend: Backend): Backend {
  if ((backend as Backend & { [INSTRUMENTED]?: true })[INSTRUMENTED]) return backend;
  const m = <T>(action: string, call: () => Promise<T>) => measure(backend.name, action, call);
  const a = BACKEND_ACTIONS;
  const instrumented: Backend & { [INSTRUMENTED]: true } = {
    [INSTRUMENTED]: true,
    name: backend.name,
    createContainerGroup: (r) => m(a.createContainerGroup, () => backend.createContainerGroup(r)),
    deleteContainerGroup: (id) => m(a.deleteContainerGroup, () => backend.deleteContainerGroup(id)),
    updateContainerGroup: (id, p) => m(a.updateContainerGroup, () => backend.updateContainerGroup(id, p)),
    describeContainerGroups: (f) => m(a.describeContainerGroups, () => backend.describeContainerGroups(f)),
    describeContainerGroupStatus: (q) =>
      m(a.describeContainerGroupStatus, () => backend.describeContainerGroupStatus(q)),
    describeContainerGroupEvents: (q) =>
      m(a.describeContainerGroupEvents, () => backend.describeContainerGroupEvents(q)),
    describeContainerLog: (q) => m(a.describeContainerLog, () => backend.describeContainerLog(q)),
    execContainerCommand: (q) => m(a.execContainerCommand, () => backend.execContainerCommand(q)),
    openExec: (q, sink) => m(a.openExec, () => backend.openExec(q, sink)),
    describeMetrics: (ids) => m(a.describeMetrics, () => backend.describeMetrics(ids)),
    describeVSwitches: (ids) => m(a.describeVSwitches, () => backend.describeVSwitches(ids)),
    describeContainerGroupPrice: (q) =>
      m(a.describeContainerGroupPrice, () => backend.describeContainerGroupPrice(q)),
    createImageCache: (r) => m(a.createImageCache, () => backend.createImageCache(r)),
    describeImageCaches: (ids) => m(a.describeImageCaches, () => backend.describeImageCaches(ids)),
    matchImageCaches: (q) => m(a.matchImageCaches, () => backend.matchImageCaches(q)),
    deleteImageCache: (id) => m(a.deleteImageCache, () => backend.deleteImageCache(id)),
    close: () => backend.close(),
  };
  return instrumented;
}
