import { load } from 'js-yaml';
import { invalidParameter } from '../errors.js';

/** What the simulator learns from a KubeConfig; the text itself is never kept, logged or echoed. */
export interface KubeConfigFacts {
  /** Hosts of the API servers its clusters name. */
  serverHosts: string[];
}

const BASE64 = /^[A-Za-z0-9+/]*={0,2}$/;
/** Never repeat the value: a KubeConfig holds credentials (tokens, client keys). */
const NOT_ECHOED = '(value not repeated: it holds credentials)';

function refuse(problem: string): never {
  throw invalidParameter('KubeConfig', `${NOT_ECHOED} ${problem}`);
}

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function decode(value: string): string {
  const compact = value.replace(/\s+/g, '');
  if (compact.length % 4 !== 0 || !BASE64.test(compact))
    refuse('is not base64: pass the kubeconfig file base64-encoded (base64 -w0 ~/.kube/config).');
  return Buffer.from(compact, 'base64').toString('utf8');
}

function parse(text: string): unknown {
  try {
    return load(text);
  } catch (err) {
    // The parser's message quotes the offending line: give its number only.
    const line = isRecord(err) && isRecord(err.mark) ? Number(err.mark.line) + 1 : undefined;
    return refuse(
      `decodes to text that is neither YAML nor JSON${line ? ` (line ${line})` : ''}: ` +
        'base64-encode the kubeconfig file itself.',
    );
  }
}

function serverHost(cluster: unknown, i: number): string {
  const at = `clusters[${i}]`;
  if (!isRecord(cluster) || !isRecord(cluster.cluster))
    refuse(`has no ${at}.cluster: every entry of clusters needs a name and a cluster.server.`);
  const server = cluster.cluster.server;
  let url: URL | undefined;
  try {
    url = typeof server === 'string' ? new URL(server) : undefined;
  } catch {
    url = undefined;
  }
  if (!url || (url.protocol !== 'https:' && url.protocol !== 'http:'))
    refuse(`has no URL in ${at}.cluster.server: give the API server as https://host:port.`);
  return url.hostname;
}

/**
 * Checks what can honestly be checked without the cluster: base64 of a YAML or JSON kubeconfig
 * with an apiVersion and at least one cluster whose server is a URL.
 */
export function checkKubeConfig(value: string): KubeConfigFacts {
  const config = parse(decode(value));
  if (!isRecord(config) || typeof config.apiVersion !== 'string')
    refuse('does not decode to a kubeconfig (no apiVersion): base64-encode ~/.kube/config.');
  if (config.kind !== undefined && config.kind !== 'Config')
    refuse('decodes to a Kubernetes object that is not a kubeconfig (kind is not Config).');
  const clusters = config.clusters;
  if (!Array.isArray(clusters) || clusters.length === 0)
    refuse('names no cluster (clusters is empty or missing): use the kubeconfig of the cluster to join.');
  return { serverHosts: clusters.map(serverHost) };
}

/** The simulator's rule, as for images and data sources: a server naming `invalid` or `nonexistent` cannot be reached. */
export function reachable(facts: KubeConfigFacts | undefined): boolean {
  return !(facts?.serverHosts ?? []).some((h) => /invalid|nonexistent/i.test(h));
}
