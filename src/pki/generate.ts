// Certificates written as DER by hand and signed with node:crypto. @peculiar/x509 did this before,
// with reflect-metadata and tsyringe: some 200 modules that stayed loaded in every controller for
// the two certificates it makes at its start (4 MiB of its heap).
import {
  createHash,
  createPrivateKey,
  generateKeyPair,
  randomBytes,
  sign,
  X509Certificate,
  type KeyObject,
} from 'node:crypto';
import { promisify } from 'node:util';
import {
  bitString,
  boolean,
  children,
  encodingOf,
  explicit,
  implicit,
  ipBytes,
  namedBits,
  octetString,
  oid,
  readElement,
  sequence,
  set,
  time,
  unsignedInteger,
  utf8String,
} from './der.js';
import type { IssueCertOptions, KeyPair } from './types.js';
import { validateIssueOptions } from './validate.js';

const newKeyPair = promisify(generateKeyPair);

const OID = {
  ecdsaWithSha256: '1.2.840.10045.4.3.2',
  commonName: '2.5.4.3',
  organization: '2.5.4.10',
  subjectKeyIdentifier: '2.5.29.14',
  keyUsage: '2.5.29.15',
  subjectAltName: '2.5.29.17',
  basicConstraints: '2.5.29.19',
  authorityKeyIdentifier: '2.5.29.35',
  extKeyUsage: '2.5.29.37',
  serverAuth: '1.3.6.1.5.5.7.3.1',
  clientAuth: '1.3.6.1.5.5.7.3.2',
};
// KeyUsage's bits (RFC 5280 4.2.1.3).
const DIGITAL_SIGNATURE = 0;
const KEY_ENCIPHERMENT = 2;
const KEY_CERT_SIGN = 5;
const CRL_SIGN = 6;

const DAY_MS = 24 * 60 * 60 * 1000;
// Back-date a little so a peer whose clock is slightly behind still accepts a fresh certificate.
const CLOCK_SKEW_MS = 60 * 60 * 1000;
const CA_DAYS = 3650;
const LEAF_DAYS = 365;

/** A positive serial (top bit clear) of 16 random bytes, as RFC 5280 asks. */
function randomSerial(): Buffer {
  const bytes = randomBytes(16);
  bytes[0] = (bytes[0] & 0x7f) | 0x01;
  return bytes;
}

/** Subject O= values, then CN=, one attribute per RDN. */
function distinguishedName(commonName: string, organizations: string[] = []): Buffer {
  const rdn = (type: string, value: string): Buffer => set(sequence(oid(type), utf8String(value)));
  return sequence(...organizations.map((o) => rdn(OID.organization, o)), rdn(OID.commonName, commonName));
}

function extension(id: string, critical: boolean, value: Buffer): Buffer {
  return sequence(oid(id), ...(critical ? [boolean(true)] : []), octetString(value));
}

/** RFC 5280's key identifier: the SHA-1 of the subjectPublicKey bits of a SubjectPublicKeyInfo. */
function keyIdentifier(spki: Buffer): Buffer {
  const [, key] = children(spki, readElement(spki, 0));
  return createHash('sha1')
    .update(spki.subarray(key.start + 1, key.end))
    .digest();
}

interface Certificate {
  subject: Buffer;
  issuer: Buffer;
  days: number;
  spki: Buffer;
  extensions: Buffer[];
  signingKey: KeyObject;
}

function certificatePem(cert: Certificate): string {
  const now = Date.now();
  const algorithm = sequence(oid(OID.ecdsaWithSha256));
  const tbs = sequence(
    explicit(0, unsignedInteger(Buffer.from([2]))), // v3
    unsignedInteger(randomSerial()),
    algorithm,
    cert.issuer,
    sequence(time(new Date(now - CLOCK_SKEW_MS)), time(new Date(now + cert.days * DAY_MS))),
    cert.subject,
    cert.spki,
    explicit(3, sequence(...cert.extensions)),
  );
  const der = sequence(tbs, algorithm, bitString(sign('sha256', tbs, cert.signingKey)));
  const lines = der.toString('base64').match(/.{1,64}/g) ?? [];
  return `-----BEGIN CERTIFICATE-----\n${lines.join('\n')}\n-----END CERTIFICATE-----\n`;
}

async function newEcKey(): Promise<{ spki: Buffer; privateKey: KeyObject }> {
  const { publicKey, privateKey } = await newKeyPair('ec', { namedCurve: 'prime256v1' });
  return { spki: publicKey.export({ type: 'spki', format: 'der' }), privateKey };
}

const keyPem = (key: KeyObject): string => String(key.export({ type: 'pkcs8', format: 'pem' }));

/** A new self-signed certificate authority (ECDSA P-256, SHA-256, valid 10 years). */
export async function createCA(commonName: string): Promise<KeyPair> {
  if (commonName.trim() === '') {
    throw new Error('createCA: commonName is empty: set it to the CA name, e.g. "kubernetes-ca"');
  }
  const { spki, privateKey } = await newEcKey();
  const name = distinguishedName(commonName);
  const certPem = certificatePem({
    subject: name,
    issuer: name,
    days: CA_DAYS,
    spki,
    signingKey: privateKey,
    extensions: [
      extension(OID.basicConstraints, true, sequence(boolean(true))),
      extension(OID.keyUsage, true, namedBits([DIGITAL_SIGNATURE, KEY_CERT_SIGN, CRL_SIGN])),
      extension(OID.subjectKeyIdentifier, false, octetString(keyIdentifier(spki))),
    ],
  });
  return { certPem, keyPem: keyPem(privateKey) };
}

function signingKeyOf(keyPem: string): KeyObject {
  let key: KeyObject;
  try {
    key = createPrivateKey(keyPem);
  } catch (err) {
    throw new Error(
      `issueCert: the CA key is not a PEM private key (${err instanceof Error ? err.message : String(err)}); ` +
        'use a KeyPair made by createCA',
      { cause: err },
    );
  }
  if (key.asymmetricKeyType !== 'ec' || key.asymmetricKeyDetails?.namedCurve !== 'prime256v1') {
    throw new Error(
      `issueCert: the CA key is a ${key.asymmetricKeyType ?? 'unknown'} key, not ECDSA P-256; use a KeyPair made by createCA`,
    );
  }
  return key;
}

/** The CA's subject name, as its own DER encoding: the issuer of what it signs, byte for byte. */
function subjectOf(cert: X509Certificate): Buffer {
  const der = cert.raw;
  const [tbs] = children(der, readElement(der, 0));
  const fields = children(der, tbs);
  // version [0], serialNumber, signature, issuer, validity, subject
  return encodingOf(der, fields[fields[0].tag === 0xa0 ? 5 : 4]);
}

function extendedUsages(usage: IssueCertOptions['usage']): string[] {
  if (usage === 'server') return [OID.serverAuth];
  return usage === 'client' ? [OID.clientAuth] : [OID.serverAuth, OID.clientAuth];
}

/** A leaf certificate signed by `ca`, with its own new ECDSA P-256 key. */
export async function issueCert(ca: KeyPair, opts: IssueCertOptions): Promise<KeyPair> {
  validateIssueOptions(opts);
  const caCert = new X509Certificate(ca.certPem);
  const signingKey = signingKeyOf(ca.keyPem);
  const { spki, privateKey } = await newEcKey();
  const caSpki = caCert.publicKey.export({ type: 'spki', format: 'der' });
  const altNames = [
    ...(opts.dnsNames ?? []).map((name) => implicit(2, Buffer.from(name, 'ascii'))),
    ...(opts.ipAddresses ?? []).map((ip) => implicit(7, ipBytes(ip))),
  ];
  const certPem = certificatePem({
    subject: distinguishedName(opts.commonName, opts.organizations),
    issuer: subjectOf(caCert),
    days: opts.days ?? LEAF_DAYS,
    spki,
    signingKey,
    extensions: [
      extension(OID.basicConstraints, true, sequence()),
      extension(OID.keyUsage, true, namedBits([DIGITAL_SIGNATURE, KEY_ENCIPHERMENT])),
      extension(OID.extKeyUsage, false, sequence(...extendedUsages(opts.usage).map(oid))),
      extension(OID.subjectKeyIdentifier, false, octetString(keyIdentifier(spki))),
      extension(OID.authorityKeyIdentifier, false, sequence(implicit(0, keyIdentifier(caSpki)))),
      ...(altNames.length > 0 ? [extension(OID.subjectAltName, false, sequence(...altNames))] : []),
    ],
  });
  return { certPem, keyPem: keyPem(privateKey) };
}
