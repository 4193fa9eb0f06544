import { clusterRecord } from './controllers.js';

/** `name{k="v",...} value` lines of a Prometheus text exposition. */
const SAMPLE = /^([a-zA-Z_:][\w:]*)(?:\{(.*)\})?\s+(\S+)/;
const LABEL = /(\w+)="((?:[^"\\]|\\.)*)"/g;

/** The sum of the samples of `name` in a Prometheus text exposition whose labels include `labels`. */
export function sumSamples(text: string, name: string, labels: Record<string, string>): number {
  let sum = 0;
  for (const line of text.split('\n')) {
    const m = SAMPLE.exec(line);
    if (m?.[1] !== name) continue;
    const has = new Map([...(m[2] ?? '').matchAll(LABEL)].map((l) => [l[1], l[2]]));
    if (Object.entries(labels).every(([k, v]) => has.get(k) === v)) sum += Number(m[3]);
  }
  return sum;
}

/** `sumSamples` of what the cluster's controller exports now (0 before anything was counted). */
export async function controllerMetric(name: string, labels: Record<string, string>): Promise<number> {
  const res = await fetch(`http://127.0.0.1:${clusterRecord().ports.metrics}/metrics`);
  if (!res.ok) throw new Error(`GET /metrics: ${res.status}`);
  return sumSamples(await res.text(), name, labels);
}
