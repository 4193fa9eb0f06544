import { X509Certificate } from 'node:crypto';
import { existsSync } from 'node:fs';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { isIP } from 'node:net';
import { basename, join } from 'node:path';
import { logger } from '../log.js';
import { createCA, issueCert } from '../pki/index.js';

export interface WebhookCerts {
  certPem: string;
  keyPem: string;
  /** Goes into the MutatingWebhookConfiguration's caBundle. */
  caPem: string;
}

export interface SubjectAltNames {
  dnsNames: string[];
  ipAddresses: string[];
}

const FILES = { cert: 'tls.crt', key: 'tls.key', ca: 'ca.crt' } as const;

/** The names the API server may dial: the Service's DNS names, or the host of `--url` (plus loopback). */
export function webhookSans(service: { name: string; namespace: string }, url?: string): SubjectAltNames {
  const dnsNames = [
    service.name,
    `${service.name}.${service.namespace}`,
    `${service.name}.${service.namespace}.svc`,
    `${service.name}.${service.namespace}.svc.cluster.local`,
  ];
  const ipAddresses: string[] = [];
  if (url !== undefined) {
    const host = new URL(url).hostname.replace(/^\[(.*)\]$/, '$1');
    if (isIP(host) !== 0) ipAddresses.push(host);
    else dnsNames.push(host);
    dnsNames.push('localhost');
    ipAddresses.push('127.0.0.1');
  }
  return { dnsNames: [...new Set(dnsNames)], ipAddresses: [...new Set(ipAddresses)] };
}

async function generate(sans: SubjectAltNames): Promise<WebhookCerts> {
  const ca = await createCA('ack-virtual-node-webhook-ca');
  const leaf = await issueCert(ca, { commonName: sans.dnsNames[0], ...sans, usage: 'server' });
  return { certPem: leaf.certPem, keyPem: leaf.keyPem, caPem: ca.certPem };
}

/** Warn (do not fail) when a certificate from the directory will not satisfy the API server. */
function checkCertificate(certPem: string, sans: SubjectAltNames, path: string): void {
  const cert = new X509Certificate(certPem);
  if (new Date(cert.validTo).getTime() < Date.now()) {
    logger.warn('webhook certificate has expired: the API server will not call the webhook', {
      path,
      validTo: cert.validTo,
      fix: 'renew it, or delete tls.crt, tls.key and ca.crt to have new ones generated',
    });
  }
  const missing = [
    ...sans.dnsNames.filter((n) => cert.checkHost(n) === undefined),
    ...sans.ipAddresses.filter((ip) => cert.checkIP(ip) === undefined),
  ];
  if (missing.length > 0) {
    logger.warn('webhook certificate does not name every address the API server may use', { path, missing });
  }
}

/**
 * Certificates from `certDir` (tls.crt, tls.key, ca.crt) when present; otherwise new ones, written
 * there (or kept in memory without a directory) so a restart reuses the same CA.
 */
export async function loadOrCreateWebhookCerts(
  certDir: string | undefined,
  sans: SubjectAltNames,
): Promise<WebhookCerts> {
  if (certDir === undefined) return generate(sans);
  const paths = {
    cert: join(certDir, FILES.cert),
    key: join(certDir, FILES.key),
    ca: join(certDir, FILES.ca),
  };
  const present = Object.values(paths).filter((p) => existsSync(p));
  if (present.length === 3) {
    const [certPem, keyPem, caPem] = await Promise.all([
      readFile(paths.cert, 'utf8'),
      readFile(paths.key, 'utf8'),
      readFile(paths.ca, 'utf8'),
    ]);
    checkCertificate(certPem, sans, paths.cert);
    logger.info('webhook certificates loaded', { certDir });
    return { certPem, keyPem, caPem };
  }
  if (present.length > 0) {
    const missing = Object.values(FILES).filter((f) => !existsSync(join(certDir, f)));
    throw new Error(
      `--cert-dir ${certDir} has ${present.map((p) => basename(p)).join(', ')} but not ${missing.join(', ')}: ` +
        'provide all of tls.crt, tls.key and ca.crt, or none to have them generated',
    );
  }
  const certs = await generate(sans);
  await mkdir(certDir, { recursive: true, mode: 0o700 });
  await writeFile(paths.ca, certs.caPem, { mode: 0o644 });
  await writeFile(paths.cert, certs.certPem, { mode: 0o644 });
  await writeFile(paths.key, certs.keyPem, { mode: 0o600 });
  logger.info('webhook certificates generated', {
    certDir,
    dnsNames: sans.dnsNames,
    ipAddresses: sans.ipAddresses,
  });
  return certs;
}
