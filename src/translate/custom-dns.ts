import { ANNOTATION } from './annotations.js';
import { annotationField } from './annotation-values.js';
import type { DnsParts } from './dns.js';
import { unsupported } from './errors.js';
import { isIp } from './ip.js';

const FIELD = annotationField(ANNOTATION.customDnsConfig);
/** The format of ECI's page "Configure a custom DNS server for a pod": comma-separated strings. */
const FIX =
  'use JSON like {"nameservers":"10.0.0.10,10.0.0.11","searches":"corp.local,svc.corp.local","options":"ndots:2,edns0"} ' +
  '(each value a comma-separated string, or a JSON list of strings)';
/** ECI keeps the first two nameservers of the annotation and ignores the rest. */
const MAX_NAMESERVERS = 2;

type Option = DnsParts['options'][number];

/** `ndots:2` → {name: ndots, value: 2}; `edns0` → {name: edns0}. */
function option(text: string): Option {
  const colon = text.indexOf(':');
  return colon < 0 ? { name: text } : { name: text.slice(0, colon), value: text.slice(colon + 1) };
}

/**
 * The value of `k8s.aliyun.com/eci-custom-dnsconfig`. ECI documents comma-separated strings; the
 * Kubernetes dnsConfig shapes (lists of strings, options as {name, value}) are taken too, since
 * users copy them from pod specs.
 */
export function parseCustomDns(raw: string, warnings: string[]): Partial<DnsParts> {
  let parsed: unknown;
  try {
    parsed = JSON.parse(raw);
  } catch {
    throw unsupported(FIELD, JSON.stringify(raw), 'is not valid JSON', FIX);
  }
  const bad = (why: string): Error => unsupported(FIELD, JSON.stringify(raw), why, FIX);
  if (parsed === null || typeof parsed !== 'object' || Array.isArray(parsed))
    throw bad('is not a JSON object');
  const o = parsed as Record<string, unknown>;
  const unknown = Object.keys(o).find((k) => !['nameservers', 'searches', 'options'].includes(k));
  if (unknown !== undefined) throw bad(`has a field ${JSON.stringify(unknown)} ECI does not know`);

  const strings = (k: string): string[] | undefined => {
    const v = o[k];
    if (v === undefined) return undefined;
    if (typeof v === 'string')
      return v
        .split(',')
        .map((s) => s.trim())
        .filter((s) => s !== '');
    if (Array.isArray(v) && v.every((x) => typeof x === 'string')) return v.map((s) => s.trim());
    throw bad(`has a ${k} that is neither a comma-separated string nor a list of strings`);
  };

  let nameservers = strings('nameservers');
  const bogus = nameservers?.find((n) => !isIp(n));
  if (bogus !== undefined) throw bad(`has nameserver ${JSON.stringify(bogus)}, which is not an IP address`);
  if (nameservers !== undefined && nameservers.length > MAX_NAMESERVERS) {
    warnings.push(
      `${FIELD}: ${nameservers.length} nameservers; ECI takes at most ${MAX_NAMESERVERS} from this annotation, kept ${nameservers.slice(0, MAX_NAMESERVERS).join(', ')}`,
    );
    nameservers = nameservers.slice(0, MAX_NAMESERVERS);
  }

  let options: Option[] | undefined;
  if (Array.isArray(o.options) && o.options.some((x) => typeof x === 'object')) {
    options = o.options.map((x: unknown) => {
      const opt = x as Record<string, unknown> | null;
      if (!opt || typeof opt.name !== 'string' || (opt.value !== undefined && typeof opt.value !== 'string'))
        throw bad('has an option that is neither "name:value" nor {"name": ..., "value": ...}');
      return { name: opt.name, value: opt.value as string | undefined };
    });
  } else options = strings('options')?.map(option);
  if (options?.some((x) => x.name === '')) throw bad('has an option without a name');
  return { nameservers, searches: strings('searches'), options };
}
