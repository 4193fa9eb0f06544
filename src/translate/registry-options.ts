import type { AcrRegistryInfo, CreateContainerGroupRequest } from '../../providers/eci-api/index.js';
import { ANNOTATION } from './annotations.js';
import { annotationField, list } from './annotation-values.js';
import { unsupported } from './errors.js';

export type RegistryFields = Partial<
  Pick<CreateContainerGroupRequest, 'AcrRegistryInfo' | 'PlainHttpRegistry' | 'InsecureRegistry'>
>;

const A = ANNOTATION;
const ACR_INSTANCE = /^(?:([a-z]+-[a-z0-9-]+):)?(cri-[a-z0-9]+)$/;
const RAM_ROLE_ARN = /^acs:ram::\d+:role\/[\w.@-]+$/;
const REGISTRY = /^[A-Za-z0-9*]([A-Za-z0-9*.-]*[A-Za-z0-9*])?(:\d{1,5})?$/;

function acrInstances(raw: string, key: string): AcrRegistryInfo[] {
  const items = list(raw);
  const fix =
    "use comma-separated Container Registry Enterprise Edition instance IDs, prefixed with the region when it is not the pod's, e.g. cri-j36zhodptmyq or cn-beijing:cri-j36zhodptmyq";
  if (items.length === 0) throw unsupported(annotationField(key), JSON.stringify(raw), 'is empty', fix);
  return items.map((item) => {
    const m = ACR_INSTANCE.exec(item);
    if (!m) throw unsupported(annotationField(key), JSON.stringify(item), 'is not an instance ID', fix);
    return m[1] ? { InstanceId: m[2], RegionId: m[1] } : { InstanceId: m[2] };
  });
}

/** One ARN for every instance, or one per instance in the same order. */
function arns(key: string, raw: string, count: number): string[] {
  const items = list(raw);
  const fix = `use one RAM role ARN such as acs:ram::1609982529:role/role-assume, or one per instance in ${A.acrInstanceIds}`;
  const bad = items.find((s) => !RAM_ROLE_ARN.test(s));
  if (items.length === 0 || bad !== undefined)
    throw unsupported(annotationField(key), JSON.stringify(bad ?? raw), 'is not a RAM role ARN', fix);
  if (items.length !== 1 && items.length !== count) {
    throw unsupported(
      annotationField(key),
      JSON.stringify(raw),
      `lists ${items.length} ARNs for ${count} instances`,
      fix,
    );
  }
  return Array.from({ length: count }, (_, i) => items[items.length === 1 ? 0 : i]);
}

/** `host[:port]` list, sent as ECI takes it: one comma-separated string. */
function registries(raw: string, key: string): string {
  const items = list(raw);
  const bad = items.find((s) => !REGISTRY.test(s));
  if (items.length === 0 || bad !== undefined) {
    throw unsupported(
      annotationField(key),
      JSON.stringify(bad ?? raw),
      'is not a registry address',
      'use comma-separated host[:port] addresses without a scheme, e.g. harbor.example.com,192.168.1.5:5000',
    );
  }
  return items.join(',');
}

/** Image-registry annotations: ACR instances pulled without a secret, plain-HTTP and self-signed registries. */
export function registryOptions(a: Record<string, string>): RegistryFields {
  const f: RegistryFields = {};
  const key = a[A.acrInstanceIds] !== undefined ? A.acrInstanceIds : A.acrInstanceIdLegacy;
  const instances = a[key] !== undefined ? acrInstances(a[key], key) : undefined;
  for (const [arnKey, field] of [
    [A.acrServiceArns, 'ArnService'],
    [A.acrUserArns, 'ArnUser'],
  ] as const) {
    const raw = a[arnKey];
    if (raw === undefined) continue;
    if (instances === undefined) {
      throw unsupported(
        annotationField(arnKey),
        JSON.stringify(raw),
        `only applies with ${A.acrInstanceIds}`,
        `list the instances the role pulls from in ${A.acrInstanceIds}`,
      );
    }
    arns(arnKey, raw, instances.length).forEach((arn, i) => (instances[i][field] = arn));
  }
  if (instances !== undefined) f.AcrRegistryInfo = instances;
  if (a[A.plainHttpRegistry] !== undefined)
    f.PlainHttpRegistry = registries(a[A.plainHttpRegistry], A.plainHttpRegistry);
  if (a[A.insecureRegistry] !== undefined)
    f.InsecureRegistry = registries(a[A.insecureRegistry], A.insecureRegistry);
  return f;
}
