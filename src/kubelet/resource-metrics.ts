import type { Summary } from './summary.js';

/**
 * `/metrics/resource` in the Prometheus text format, with the kubelet's names, help texts and label
 * order (pkg/kubelet/metrics/collectors/resource_metrics.go), derived from the Summary as the kubelet
 * does. Samples carry the measurement time in milliseconds, which metrics-server uses for rates.
 */

interface Family {
  name: string;
  help: string;
  type: 'counter' | 'gauge';
  samples: string[];
}

function escapeLabel(value: string): string {
  return value.replace(/\\/g, '\\\\').replace(/\n/g, '\\n').replace(/"/g, '\\"');
}

function formatValue(value: number): string {
  if (Number.isNaN(value)) return 'NaN';
  if (value === Infinity) return '+Inf';
  if (value === -Infinity) return '-Inf';
  return String(value);
}

function sample(name: string, labels: Record<string, string>, value: number, time?: string): string {
  const pairs = Object.keys(labels)
    .sort()
    .map((k) => `${k}="${escapeLabel(labels[k] ?? '')}"`);
  const labelText = pairs.length > 0 ? `{${pairs.join(',')}}` : '';
  const ts = time !== undefined ? ` ${Date.parse(time)}` : '';
  return `${name}${labelText} ${formatValue(value)}${ts}`;
}

const NANOS = 1e9;

/** Without a summary (the scrape failed) only the error gauges are written, as the kubelet does. */
export function renderResourceMetrics(summary: Summary | undefined, scrapeError: boolean): string {
  const fam = (name: string, help: string, type: Family['type']): Family => ({
    name,
    help,
    type,
    samples: [],
  });
  const containerStart = fam(
    'container_start_time_seconds',
    'Start time of the container since unix epoch in seconds',
    'gauge',
  );
  const containerCpu = fam(
    'container_cpu_usage_seconds_total',
    'Cumulative cpu time consumed by the container in core-seconds',
    'counter',
  );
  const containerMem = fam(
    'container_memory_working_set_bytes',
    'Current working set of the container in bytes',
    'gauge',
  );
  const nodeCpu = fam(
    'node_cpu_usage_seconds_total',
    'Cumulative cpu time consumed by the node in core-seconds',
    'counter',
  );
  const nodeMem = fam('node_memory_working_set_bytes', 'Current working set of the node in bytes', 'gauge');
  const podCpu = fam(
    'pod_cpu_usage_seconds_total',
    'Cumulative cpu time consumed by the pod in core-seconds',
    'counter',
  );
  const podMem = fam('pod_memory_working_set_bytes', 'Current working set of the pod in bytes', 'gauge');
  const errorHelp = '1 if there was an error while getting container metrics, 0 otherwise';
  const resourceScrapeError = fam('resource_scrape_error', errorHelp, 'gauge');
  const legacyScrapeError = fam('scrape_error', errorHelp, 'gauge');

  if (summary !== undefined) {
    const { node } = summary;
    nodeCpu.samples.push(sample(nodeCpu.name, {}, node.cpu.usageCoreNanoSeconds / NANOS, node.cpu.time));
    nodeMem.samples.push(sample(nodeMem.name, {}, node.memory.workingSetBytes, node.memory.time));
  }
  for (const pod of summary?.pods ?? []) {
    const podLabels = { pod: pod.podRef.name, namespace: pod.podRef.namespace };
    for (const c of pod.containers) {
      const labels = { container: c.name, ...podLabels };
      const start = Date.parse(c.startTime) / 1000;
      if (start > 0) containerStart.samples.push(sample(containerStart.name, labels, start));
      containerCpu.samples.push(
        sample(containerCpu.name, labels, c.cpu.usageCoreNanoSeconds / NANOS, c.cpu.time),
      );
      containerMem.samples.push(sample(containerMem.name, labels, c.memory.workingSetBytes, c.memory.time));
    }
    podCpu.samples.push(sample(podCpu.name, podLabels, pod.cpu.usageCoreNanoSeconds / NANOS, pod.cpu.time));
    podMem.samples.push(sample(podMem.name, podLabels, pod.memory.workingSetBytes, pod.memory.time));
  }
  resourceScrapeError.samples.push(sample(resourceScrapeError.name, {}, scrapeError ? 1 : 0));
  legacyScrapeError.samples.push(sample(legacyScrapeError.name, {}, scrapeError ? 1 : 0));

  // Sorted by name, as the Go client writes families; a family without samples is left out.
  const families = [
    containerCpu,
    containerMem,
    containerStart,
    nodeCpu,
    nodeMem,
    podCpu,
    podMem,
    resourceScrapeError,
    legacyScrapeError,
  ];
  return families
    .filter((f) => f.samples.length > 0)
    .sort((a, b) => (a.name < b.name ? -1 : 1))
    .map((f) => {
      const stability = f.name === 'scrape_error' ? 'ALPHA' : 'STABLE';
      return [`# HELP ${f.name} [${stability}] ${f.help}`, `# TYPE ${f.name} ${f.type}`, ...f.samples].join(
        '\n',
      );
    })
    .join('\n')
    .concat('\n');
}
