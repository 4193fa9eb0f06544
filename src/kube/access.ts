import { readFileSync } from 'node:fs';
import type https from 'node:https';
import { isIPv6 } from 'node:net';
import path from 'node:path';
import { load as parseYaml } from 'js-yaml';
import { proxyRefused } from './errors.js';

/**
 * How to reach and authenticate to the API server, without @kubernetes/client-node: importing it
 * costs the controller ~85 MiB of RSS (its generated API and model classes load as one graph).
 * Certificates, tokens, token files and the in-cluster service account are read here; kubeconfig
 * users that run an exec plugin or an auth provider go through client-node, loaded only for them.
 */
export interface ClusterAccess {
  /** The API server's base URL. */
  server: string;
  /** TLS material and auth headers as of now (files are re-read: tokens and certificates rotate). */
  credentials(): Promise<Credentials>;
}

export interface Credentials {
  tls: https.AgentOptions;
  /** Lower-case header names, e.g. `authorization`. */
  headers: Record<string, string>;
}

const SERVICE_ACCOUNT_DIR = '/var/run/secrets/kubernetes.io/serviceaccount';

/** The in-cluster service account, as client-go's rest.InClusterConfig reads it. */
export function inClusterAccess(dir = SERVICE_ACCOUNT_DIR): ClusterAccess {
  const host = process.env.KUBERNETES_SERVICE_HOST ?? '';
  const port = process.env.KUBERNETES_SERVICE_PORT ?? '443';
  return {
    server: `https://${isIPv6(host) ? `[${host}]` : host}:${port}`,
    credentials: () =>
      Promise.resolve({
        tls: { ca: readFileSync(path.join(dir, 'ca.crt')) },
        headers: bearer(readFileSync(path.join(dir, 'token'), 'utf8')),
      }),
  };
}

type Fields = Record<string, unknown>;

interface Named {
  name?: unknown;
}

function entry(list: unknown, kind: string, name: string, file: string): Fields {
  const found = Array.isArray(list) ? (list as Named[]).find((item) => item?.name === name) : undefined;
  const value = (found as Fields | undefined)?.[kind];
  if (value === undefined || value === null || typeof value !== 'object')
    throw new Error(`${file}: no ${kind} named "${name}": fix the kubeconfig or pick another context`);
  return value as Fields;
}

function text(fields: Fields, key: string, file: string): string | undefined {
  const value = fields[key];
  if (value === undefined || value === null) return undefined;
  if (typeof value !== 'string')
    throw new Error(`${file}: ${key} is ${JSON.stringify(value)}: it must be a string`);
  return value;
}

/** `<key>-data` (base64) or `<key>` (a file, relative to the kubeconfig's folder). */
function material(fields: Fields, key: string, file: string): () => Buffer | undefined {
  const data = text(fields, `${key}-data`, file);
  if (data !== undefined) {
    const decoded = Buffer.from(data, 'base64');
    return () => decoded;
  }
  const ref = text(fields, key, file);
  if (ref === undefined) return () => undefined;
  const resolved = path.resolve(path.dirname(file), ref);
  return () => readFileSync(resolved);
}

function bearer(token: string): Record<string, string> {
  return { authorization: `Bearer ${token.trim()}` };
}

/** The kubeconfig's current context, or undefined when its user needs client-node (exec, auth-provider). */
export function kubeconfigAccess(file: string): ClusterAccess | undefined {
  const doc = parseYaml(readFileSync(file, 'utf8')) as Fields | null;
  if (doc === null || typeof doc !== 'object')
    throw new Error(`${file} is not a kubeconfig (no YAML mapping)`);
  const contextName = text(doc, 'current-context', file);
  if (contextName === undefined || contextName === '')
    throw new Error(
      `${file} has no current-context: run kubectl config use-context NAME --kubeconfig ${file}`,
    );
  const context = entry(doc.contexts, 'context', contextName, file);
  const clusterName = text(context, 'cluster', file) ?? '';
  const cluster = entry(doc.clusters, 'cluster', clusterName, file);
  const user = context.user === undefined ? {} : entry(doc.users, 'user', String(context.user), file);
  if (user.exec !== undefined || user['auth-provider'] !== undefined) return undefined;
  const proxy = text(cluster, 'proxy-url', file);
  if (proxy !== undefined) throw proxyRefused(`${file}: cluster ${clusterName}`, proxy);
  const server = text(cluster, 'server', file);
  if (server === undefined) throw new Error(`${file}: cluster ${clusterName} has no server`);
  const ca = material(cluster, 'certificate-authority', file);
  const cert = material(user, 'client-certificate', file);
  const key = material(user, 'client-key', file);
  const servername = text(cluster, 'tls-server-name', file);
  const insecure = cluster['insecure-skip-tls-verify'] === true;
  const token = text(user, 'token', file);
  const tokenFile = text(user, 'tokenFile', file);
  const username = text(user, 'username', file);
  const password = text(user, 'password', file) ?? '';
  const headers = (): Record<string, string> => {
    if (token !== undefined) return bearer(token);
    if (tokenFile !== undefined)
      return bearer(readFileSync(path.resolve(path.dirname(file), tokenFile), 'utf8'));
    if (username !== undefined)
      return { authorization: `Basic ${Buffer.from(`${username}:${password}`).toString('base64')}` };
    return {};
  };
  return {
    server,
    credentials: () =>
      Promise.resolve({
        tls: {
          ca: ca(),
          cert: cert(),
          key: key(),
          ...(servername === undefined ? {} : { servername }),
          ...(insecure ? { rejectUnauthorized: false } : {}),
        },
        headers: headers(),
      }),
  };
}
