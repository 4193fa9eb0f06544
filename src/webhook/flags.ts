import { isIP } from 'node:net';
import { MUTATE_PATH } from './register.js';

export interface WebhookFlags {
  listen: { host: string; port: number };
  kubeconfig?: string;
  /** The URL the API server calls (local development); `/mutate` when it has no path. */
  url?: string;
  certDir?: string;
  service: { name: string; namespace: string; port: number };
  help: boolean;
}

export const WEBHOOK_USAGE = `Usage: ack-virtual-node webhook [flags]

The eci-profile mutating admission webhook: sends pods matched by the selectors in ConfigMap
kube-system/eci-profile (or labelled alibabacloud.com/eci=true, on the pod or its namespace) to the
virtual node, and registers itself as MutatingWebhookConfiguration vk-webhook.

Flags:
  --listen HOST:PORT         address to serve HTTPS on (default 0.0.0.0:9443)
  --kubeconfig PATH          kubeconfig file (default: $KUBECONFIG, else the in-cluster service account)
  --url URL                  register this https URL instead of the Service, e.g. https://127.0.0.1:9443
                             (local development: the API server must reach it)
  --cert-dir DIR             tls.crt, tls.key and ca.crt to serve with; generated there when absent
  --service-name NAME        Service in front of the webhook (default ack-virtual-node-webhook)
  --service-namespace NS     its namespace (default kube-system)
  --service-port PORT        its port (default 443)
  --help                     show this help
`;

export class WebhookFlagError extends Error {
  override readonly name = 'WebhookFlagError';
}

const DNS_LABEL = /^[a-z]([-a-z0-9]*[a-z0-9])?$/;
const VALUE_FLAGS = [
  '--listen',
  '--kubeconfig',
  '--url',
  '--cert-dir',
  '--service-name',
  '--service-namespace',
  '--service-port',
];

function parsePort(flag: string, raw: string, allowZero: boolean): number {
  const port = /^\d+$/.test(raw) ? Number(raw) : NaN;
  if (!(port >= (allowZero ? 0 : 1) && port <= 65535)) {
    throw new WebhookFlagError(
      `${flag}: "${raw}" is not a port: use a number from ${allowZero ? 0 : 1} to 65535`,
    );
  }
  return port;
}

function parseListen(raw: string): { host: string; port: number } {
  const colon = raw.lastIndexOf(':');
  const host = colon > 0 ? raw.slice(0, colon).replace(/^\[(.*)\]$/, '$1') : '';
  if (colon <= 0 || isIP(host) === 0) {
    throw new WebhookFlagError(`--listen: "${raw}" is not IP:PORT: use e.g. 0.0.0.0:9443 or 127.0.0.1:9443`);
  }
  return { host, port: parsePort('--listen', raw.slice(colon + 1), true) };
}

function parseUrl(raw: string): string {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw new WebhookFlagError(`--url: "${raw}" is not a URL: use e.g. https://127.0.0.1:9443`);
  }
  if (url.protocol !== 'https:') {
    throw new WebhookFlagError(
      `--url: "${raw}" is not https: the API server calls webhooks over TLS only, use https://...`,
    );
  }
  if (url.search !== '' || url.hash !== '' || url.username !== '' || url.password !== '') {
    throw new WebhookFlagError(
      `--url: "${raw}" has a query, fragment or user: the API server refuses those, drop them`,
    );
  }
  if (url.pathname === '/' || url.pathname === '') url.pathname = MUTATE_PATH;
  return url.toString();
}

function checkName(flag: string, raw: string): string {
  if (raw.length > 63 || !DNS_LABEL.test(raw)) {
    throw new WebhookFlagError(
      `${flag}: "${raw}" is not a valid name: use lowercase letters, digits and "-", e.g. ack-virtual-node-webhook`,
    );
  }
  return raw;
}

/** `--flag value` and `--flag=value`; every mistake names the flag, the value and the fix. */
export function parseWebhookFlags(argv: readonly string[]): WebhookFlags {
  const values = new Map<string, string>();
  let help = false;
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (arg === '--help' || arg === '-h') {
      help = true;
      continue;
    }
    const eq = arg.indexOf('=');
    const flag = eq > 0 ? arg.slice(0, eq) : arg;
    if (!VALUE_FLAGS.includes(flag)) {
      throw new WebhookFlagError(`unknown flag "${arg}": the flags are ${VALUE_FLAGS.join(', ')}, --help`);
    }
    const value = eq > 0 ? arg.slice(eq + 1) : argv[++i];
    if (value === undefined || value === '' || (eq < 0 && value.startsWith('--'))) {
      throw new WebhookFlagError(
        `${flag} needs a value, e.g. ${flag}=${flag === '--listen' ? '127.0.0.1:9443' : '...'}`,
      );
    }
    values.set(flag, value);
  }
  const get = (flag: string): string | undefined => values.get(flag);
  const url = get('--url');
  return {
    listen: parseListen(get('--listen') ?? '0.0.0.0:9443'),
    kubeconfig: get('--kubeconfig'),
    url: url === undefined ? undefined : parseUrl(url),
    certDir: get('--cert-dir'),
    service: {
      name: checkName('--service-name', get('--service-name') ?? 'ack-virtual-node-webhook'),
      namespace: checkName('--service-namespace', get('--service-namespace') ?? 'kube-system'),
      port: parsePort('--service-port', get('--service-port') ?? '443', false),
    },
    help,
  };
}
