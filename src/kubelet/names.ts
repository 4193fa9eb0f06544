import { HttpError } from './http-error.js';

const DNS1123_LABEL = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;
const DNS1123_SUBDOMAIN = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;

/** The API server's wording for an RFC 1123 label, or undefined when `value` is one. */
export function dnsLabelError(value: string): string | undefined {
  if (value.length > 63) return 'must be no more than 63 characters';
  if (!DNS1123_LABEL.test(value)) {
    return (
      "a lowercase RFC 1123 label must consist of lower case alphanumeric characters or '-', " +
      "and must start and end with an alphanumeric character (e.g. 'my-name', or '123-abc')"
    );
  }
  return undefined;
}

/** The API server's wording for an RFC 1123 subdomain, or undefined when `value` is one. */
export function dnsSubdomainError(value: string): string | undefined {
  if (value.length > 253) return 'must be no more than 253 characters';
  if (!DNS1123_SUBDOMAIN.test(value)) {
    return (
      "a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', " +
      "and must start and end with an alphanumeric character (e.g. 'example.com')"
    );
  }
  return undefined;
}

export interface ContainerRef {
  namespace: string;
  pod: string;
  container?: string;
}

/**
 * Path parameters checked before they reach a lookup or a log line: a namespace and a container name are
 * RFC 1123 labels, a pod name an RFC 1123 subdomain, so `..`, `/` (from `%2F`) and control characters
 * are refused with 400.
 */
export function validateContainerRef(ref: ContainerRef): ContainerRef {
  const checks: [string, string | undefined, (v: string) => string | undefined][] = [
    ['namespace', ref.namespace, dnsLabelError],
    ['pod name', ref.pod, dnsSubdomainError],
    ['container name', ref.container, dnsLabelError],
  ];
  for (const [field, value, check] of checks) {
    if (value === undefined) continue;
    const problem = check(value);
    if (problem !== undefined)
      throw new HttpError(400, `invalid ${field} ${JSON.stringify(value)}: ${problem}`);
  }
  return ref;
}
