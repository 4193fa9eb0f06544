import 'reflect-metadata';
import * as x509 from '@peculiar/x509';
import { webcrypto } from 'node:crypto';
import type { IssueCertOptions, KeyPair } from './types.js';
import { validateIssueOptions } from './validate.js';

type CryptoKey = webcrypto.CryptoKey;
type CryptoKeyPair = webcrypto.CryptoKeyPair;

const crypto = webcrypto;
x509.cryptoProvider.set(crypto);

const EC_KEY: webcrypto.EcKeyGenParams = { name: 'ECDSA', namedCurve: 'P-256' };
const SIGNING: webcrypto.EcdsaParams = { name: 'ECDSA', hash: 'SHA-256' };
const DAY_MS = 24 * 60 * 60 * 1000;
// Back-date a little so a peer whose clock is slightly behind still accepts a fresh certificate.
const CLOCK_SKEW_MS = 60 * 60 * 1000;
const CA_DAYS = 3650;
const LEAF_DAYS = 365;

/** A positive serial (top bit clear) of 16 random bytes, as RFC 5280 asks. */
function randomSerial(): string {
  const bytes = crypto.getRandomValues(new Uint8Array(16));
  bytes[0] = (bytes[0] & 0x7f) | 0x01;
  return Buffer.from(bytes).toString('hex');
}

async function exportKeyPem(key: CryptoKey): Promise<string> {
  const der = await crypto.subtle.exportKey('pkcs8', key);
  return x509.PemConverter.encode(der, 'PRIVATE KEY');
}

function validity(days: number): { notBefore: Date; notAfter: Date } {
  const now = Date.now();
  return { notBefore: new Date(now - CLOCK_SKEW_MS), notAfter: new Date(now + days * DAY_MS) };
}

function subjectName(commonName: string, organizations: string[] = []): x509.JsonName {
  return [...organizations.map((o) => ({ O: [o] })), { CN: [commonName] }];
}

/** A new self-signed certificate authority (ECDSA P-256, SHA-256, valid 10 years). */
export async function createCA(commonName: string): Promise<KeyPair> {
  if (commonName.trim() === '') {
    throw new Error('createCA: commonName is empty: set it to the CA name, e.g. "kubernetes-ca"');
  }
  const keys = (await crypto.subtle.generateKey(EC_KEY, true, ['sign', 'verify'])) as CryptoKeyPair;
  const cert = await x509.X509CertificateGenerator.createSelfSigned({
    serialNumber: randomSerial(),
    name: subjectName(commonName),
    ...validity(CA_DAYS),
    signingAlgorithm: SIGNING,
    keys,
    extensions: [
      new x509.BasicConstraintsExtension(true, undefined, true),
      new x509.KeyUsagesExtension(
        x509.KeyUsageFlags.keyCertSign | x509.KeyUsageFlags.cRLSign | x509.KeyUsageFlags.digitalSignature,
        true,
      ),
      await x509.SubjectKeyIdentifierExtension.create(keys.publicKey),
    ],
  });
  return { certPem: cert.toString('pem'), keyPem: await exportKeyPem(keys.privateKey) };
}

async function importSigningKey(keyPem: string): Promise<CryptoKey> {
  try {
    return await crypto.subtle.importKey('pkcs8', x509.PemConverter.decodeFirst(keyPem), EC_KEY, false, [
      'sign',
    ]);
  } catch (err) {
    throw new Error(
      `issueCert: the CA key is not a PKCS#8 ECDSA P-256 key (${err instanceof Error ? err.message : String(err)}); ` +
        'use a KeyPair made by createCA',
      { cause: err },
    );
  }
}

function extendedUsages(usage: IssueCertOptions['usage']): x509.ExtendedKeyUsage[] {
  const server = x509.ExtendedKeyUsage.serverAuth;
  const client = x509.ExtendedKeyUsage.clientAuth;
  return usage === 'server' ? [server] : usage === 'client' ? [client] : [server, client];
}

/** A leaf certificate signed by `ca`, with its own new ECDSA P-256 key. */
export async function issueCert(ca: KeyPair, opts: IssueCertOptions): Promise<KeyPair> {
  validateIssueOptions(opts);
  const caCert = new x509.X509Certificate(ca.certPem);
  const caKey = await importSigningKey(ca.keyPem);
  const keys = (await crypto.subtle.generateKey(EC_KEY, true, ['sign', 'verify'])) as CryptoKeyPair;
  const altNames: x509.JsonGeneralName[] = [
    ...(opts.dnsNames ?? []).map((value) => ({ type: 'dns' as const, value })),
    ...(opts.ipAddresses ?? []).map((value) => ({ type: 'ip' as const, value })),
  ];
  const extensions: x509.Extension[] = [
    new x509.BasicConstraintsExtension(false, undefined, true),
    new x509.KeyUsagesExtension(
      x509.KeyUsageFlags.digitalSignature | x509.KeyUsageFlags.keyEncipherment,
      true,
    ),
    new x509.ExtendedKeyUsageExtension(extendedUsages(opts.usage)),
    await x509.SubjectKeyIdentifierExtension.create(keys.publicKey),
    await x509.AuthorityKeyIdentifierExtension.create(caCert.publicKey),
  ];
  if (altNames.length > 0) extensions.push(new x509.SubjectAlternativeNameExtension(altNames));
  const cert = await x509.X509CertificateGenerator.create({
    serialNumber: randomSerial(),
    subject: subjectName(opts.commonName, opts.organizations),
    issuer: caCert.subjectName,
    ...validity(opts.days ?? LEAF_DAYS),
    signingAlgorithm: SIGNING,
    publicKey: keys.publicKey,
    signingKey: caKey,
    extensions,
  });
  return { certPem: cert.toString('pem'), keyPem: await exportKeyPem(keys.privateKey) };
}
