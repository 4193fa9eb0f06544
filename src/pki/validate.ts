import { isIP } from 'node:net';
import type { IssueCertOptions } from './types.js';

const USAGES = ['server', 'client', 'both'];
// RFC 1123 labels, with a leading wildcard label allowed ("*.svc").
const DNS_NAME = /^(\*\.)?([a-z0-9]([-a-z0-9]*[a-z0-9])?)(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/i;

/** Rejects options that would produce a certificate no TLS peer accepts, naming the field and the fix. */
export function validateIssueOptions(opts: IssueCertOptions): void {
  if (opts.commonName.trim() === '') {
    throw new Error('issueCert: commonName is empty: set it to the identity, e.g. "kube-apiserver"');
  }
  if (!USAGES.includes(opts.usage)) {
    throw new Error(`issueCert: usage "${String(opts.usage)}" is not one of ${USAGES.join(', ')}`);
  }
  for (const ip of opts.ipAddresses ?? []) {
    if (isIP(ip) === 0) {
      throw new Error(
        `issueCert: ipAddresses contains "${ip}", which is not an IPv4/IPv6 address; use dnsNames for names`,
      );
    }
  }
  for (const name of opts.dnsNames ?? []) {
    if (!DNS_NAME.test(name)) {
      throw new Error(
        `issueCert: dnsNames contains "${name}", which is not a DNS name (letters, digits, '-', '.')`,
      );
    }
  }
  if (opts.days !== undefined && !(Number.isInteger(opts.days) && opts.days > 0)) {
    throw new Error(`issueCert: days is ${opts.days}: set a positive whole number of days, e.g. 365`);
  }
}
