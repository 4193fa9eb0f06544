/**
 * Every annotation of ECI's "Pod annotations" page: implemented (the request field it fills) or
 * named as recognised and unsupported. The inventory below is the page's list, section by section.
 */
import {
  ANNOTATION,
  RECOGNISED_UNSUPPORTED,
  annotationWarnings,
  translatePod,
} from '../../../src/translate/index.js';
import { UNSUPPORTED_ANNOTATIONS } from '../../../src/translate/unsupported-annotations.js';
import { makeCtx, makePod } from './fixtures.js';

const A = ANNOTATION;
const translate = (annotations: Record<string, string>) =>
  translatePod(makePod({}, { annotations }), makeCtx()).request;

/** ECI "Pod annotations": set at creation (instances, images, data caches, network, storage, ...). */
const PAGE_SET_AT_CREATION = [
  'k8s.aliyun.com/eci-vswitch',
  'k8s.aliyun.com/eci-schedule-strategy',
  'k8s.aliyun.com/eci-use-specs',
  'k8s.aliyun.com/eci-gpu-driver-version',
  'k8s.aliyun.com/eci-instance-family',
  'k8s.aliyun.com/eci-instance-generation',
  'k8s.aliyun.com/eci-compute-category',
  'k8s.aliyun.com/eci-spot-strategy',
  'k8s.aliyun.com/eci-spot-price-limit',
  'k8s.aliyun.com/eci-spot-duration',
  'k8s.aliyun.com/eci-spot-fallback',
  'k8s.aliyun.com/eci-privatepool-matchcriteria',
  'k8s.aliyun.com/eci-privatepool-id',
  'k8s.aliyun.com/eci-fail-strategy',
  'k8s.aliyun.com/eci-max-pending-minute',
  'k8s.aliyun.com/eci-custom-hosts',
  'k8s.aliyun.com/eci-custom-tags',
  'k8s.aliyun.com/eci-ram-role-name',
  'k8s.aliyun.com/eci-auto-imc',
  'k8s.aliyun.com/imc-perfect-match',
  'k8s.aliyun.com/imc-match-count-request',
  'k8s.aliyun.com/eci-imc-id',
  'k8s.aliyun.com/acr-instance-ids',
  'k8s.aliyun.com/acr-service-arns',
  'k8s.aliyun.com/acr-user-arns',
  'k8s.aliyun.com/plain-http-registry',
  'k8s.aliyun.com/insecure-registry',
  'k8s.aliyun.com/eci-data-cache-bucket',
  'k8s.aliyun.com/eci-data-cache-pl',
  'k8s.aliyun.com/eci-data-cache-provisionedIops',
  'k8s.aliyun.com/eci-data-cache-burstingEnabled',
  'k8s.aliyun.com/eci-security-group',
  'k8s.aliyun.com/eci-eip-instanceid',
  'k8s.aliyun.com/eci-with-eip',
  'k8s.aliyun.com/eip-bandwidth',
  'k8s.aliyun.com/eip-common-bandwidth-package-id',
  'k8s.aliyun.com/eip-isp',
  'k8s.aliyun.com/eip-internet-charge-type',
  'k8s.aliyun.com/eip-public-ip-address-pool-id',
  'k8s.aliyun.com/eci-enable-ipv6',
  'k8s.aliyun.com/eci-ipv6-bandwidth-enable',
  'k8s.aliyun.com/eci-ipv6-bandwidth',
  'k8s.aliyun.com/eci-private-ip-address',
  'k8s.aliyun.com/eci-fixed-ip',
  'k8s.aliyun.com/eci-fixed-ip-retain-hour',
  'kubernetes.io/ingress-bandwidth',
  'kubernetes.io/egress-bandwidth',
  'k8s.aliyun.com/eci-custom-dnsconfig',
  'k8s.aliyun.com/eci-extra-ephemeral-storage',
  'k8s.aliyun.com/eci-ephemeral-storage-options',
  'k8s.aliyun.com/eci-eviction-enable',
  'k8s.aliyun.com/eci-ntp-server',
  'k8s.aliyun.com/eci-sls-enable',
  'k8s.aliyun.com/eci-core-pattern',
  // ACK's copy of the page, and older versions of ECI's:
  'k8s.aliyun.com/eci-cpu-option-core',
  'k8s.aliyun.com/eci-cpu-option-ht',
  'k8s.aliyun.com/eci-reschedule-enable',
  'k8s.aliyun.com/pod-fail-on-create-err',
  'k8s.aliyun.com/eci-image-snapshot-id',
  'k8s.aliyun.com/eci-image-cache',
  'k8s.aliyun.com/acr-instance-id',
  'k8s.aliyun.com/eci-resource-group-id',
  // ECI's page "start an ECI pod after its ClusterIPs are synchronised":
  'k8s.aliyun.com/eci-wait-clusterip-ready',
];

/** ECI "Pod annotations": added by the system after scheduling. */
const PAGE_WRITTEN_BACK = [
  'k8s.aliyun.com/eci-request-id',
  'k8s.aliyun.com/eci-instance-id',
  'k8s.aliyun.com/eci-instance-spec',
  'k8s.aliyun.com/eci-instance-compute-category',
  'k8s.aliyun.com/allocated-eipInstanceId',
  'k8s.aliyun.com/allocated-eipAddress',
  'k8s.aliyun.com/allocated-ipv6Address',
  'k8s.aliyun.com/eci-created-by-template',
  'k8s.aliyun.com/eni-instance-id',
  'k8s.aliyun.com/eci-vpc',
  'k8s.aliyun.com/eci-matched-image-cache',
  'k8s.aliyun.com/eci-schedule-result',
];

const IMPLEMENTED: readonly string[] = Object.values(A);

describe("every annotation of ECI's page is implemented or named as unsupported", () => {
  test.each(PAGE_SET_AT_CREATION)('%s', (key) => {
    expect(IMPLEMENTED.includes(key) !== RECOGNISED_UNSUPPORTED.includes(key)).toBe(true);
  });

  test.each(RECOGNISED_UNSUPPORTED)('%s: a warning saying recognised, why, and what to do instead', (key) => {
    // The value this version does anyway (honouredValue) gets no warning: ask for the other one.
    const value = UNSUPPORTED_ANNOTATIONS[key]?.honouredValue === 'true' ? 'false' : 'true';
    const warnings = annotationWarnings({ [key]: value });
    expect(warnings).toEqual([
      expect.stringMatching(
        new RegExp(
          `^annotation ${key} is recognised but not supported by this version and was ignored: .+; instead, .+`,
        ),
      ),
    ]);
  });

  test.each([...PAGE_SET_AT_CREATION, ...PAGE_WRITTEN_BACK])('%s: never "did you mean"', (key) => {
    expect(annotationWarnings({ [key]: 'x' }).join()).not.toContain('did you mean');
  });

  test('eci-sls-enable: "false" is what this version does anyway, so no warning; "true" is warned', () => {
    expect(annotationWarnings({ 'k8s.aliyun.com/eci-sls-enable': 'false' })).toEqual([]);
    expect(annotationWarnings({ 'k8s.aliyun.com/eci-sls-enable': 'true' })).toHaveLength(1);
  });

  test('eci-reschedule-enable: "true" is the default fail-back, so no warning; "false" is warned', () => {
    expect(annotationWarnings({ 'k8s.aliyun.com/eci-reschedule-enable': 'true' })).toEqual([]);
    expect(annotationWarnings({ 'k8s.aliyun.com/eci-reschedule-enable': 'false' })).toEqual([
      expect.stringContaining('set k8s.aliyun.com/eci-fail-strategy: fail-fast'),
    ]);
  });

  test('a typo in another documented family (eip-, acr-, imc-) gets "did you mean"', () => {
    expect(annotationWarnings({ 'k8s.aliyun.com/eip-ips': 'BGP' })).toEqual([
      expect.stringContaining('did you mean k8s.aliyun.com/eip-isp?'),
    ]);
    expect(annotationWarnings({ 'k8s.aliyun.com/acr-instance-idz': 'cri-1' })).toEqual([
      expect.stringContaining('did you mean k8s.aliyun.com/acr-instance-ids?'),
    ]);
  });
});

describe('network annotations → request fields', () => {
  test.each<[string, Record<string, string>, Record<string, unknown>]>([
    [
      'EIP line type and shared bandwidth',
      { [A.withEip]: 'true', [A.eipIsp]: 'BGP_PRO', [A.eipCommonBandwidthPackage]: 'cbwp-2zeukbj916' },
      { AutoCreateEip: true, EipISP: 'BGP_PRO', EipCommonBandwidthPackage: 'cbwp-2zeukbj916' },
    ],
    ['IPv6 address', { [A.enableIpv6]: 'true' }, { Ipv6AddressCount: 1 }],
    [
      'IPv6 Internet access and its bandwidth',
      { [A.enableIpv6]: 'true', [A.ipv6BandwidthEnable]: 'true', [A.ipv6Bandwidth]: '100M' },
      { Ipv6AddressCount: 1, Ipv6GatewayBandwidthEnable: true, Ipv6GatewayBandwidth: '100M' },
    ],
    ['private IP', { [A.privateIpAddress]: '172.16.0.1' }, { PrivateIpAddress: '172.16.0.1' }],
    ['fixed IP', { [A.fixedIp]: 'true' }, { FixedIp: 'true' }],
    [
      'fixed IP kept 24 h',
      { [A.fixedIp]: 'true', [A.fixedIpRetainHour]: '24' },
      { FixedIp: 'true', FixedIpRetainHour: 24 },
    ],
    [
      'pod bandwidth: 40M is 40 MBps, unitless is bytes',
      { [A.ingressBandwidth]: '40M', [A.egressBandwidth]: '2048' },
      { IngressBandwidth: 40_000_000, EgressBandwidth: 2048 },
    ],
    [
      'pod bandwidth units KB, G, TB',
      { [A.ingressBandwidth]: '10KB', [A.egressBandwidth]: '1G' },
      { IngressBandwidth: 10_000, EgressBandwidth: 1_000_000_000 },
    ],
  ])('%s', (_name, annotations, expected) => {
    expect(translate(annotations)).toMatchObject(expected);
  });

  test('IPv6 disabled and fixed IP false send nothing', () => {
    const request = translate({ [A.enableIpv6]: 'false', [A.fixedIp]: 'false' });
    expect(request.Ipv6AddressCount).toBeUndefined();
    expect(request.FixedIp).toBeUndefined();
  });
});

describe('image annotations → request fields', () => {
  test('ACR instances, the pod region or another one', () => {
    expect(translate({ [A.acrInstanceIds]: 'cri-abc, cn-beijing:cri-def' }).AcrRegistryInfo).toEqual([
      { InstanceId: 'cri-abc' },
      { InstanceId: 'cri-def', RegionId: 'cn-beijing' },
    ]);
  });

  test("the ACK page's singular acr-instance-id works too", () => {
    expect(translate({ [A.acrInstanceIdLegacy]: 'cri-abc' }).AcrRegistryInfo).toEqual([
      { InstanceId: 'cri-abc' },
    ]);
  });

  test('one role ARN goes to every instance; a list goes pairwise', () => {
    const service = 'acs:ram::1609982529:role/role-assume';
    const users = 'acs:ram::1298452580:role/role-a,acs:ram::1298452580:role/role-b';
    const info = translate({
      [A.acrInstanceIds]: 'cri-abc,cri-def',
      [A.acrServiceArns]: service,
      [A.acrUserArns]: users,
    }).AcrRegistryInfo;
    expect(info).toEqual([
      { InstanceId: 'cri-abc', ArnService: service, ArnUser: 'acs:ram::1298452580:role/role-a' },
      { InstanceId: 'cri-def', ArnService: service, ArnUser: 'acs:ram::1298452580:role/role-b' },
    ]);
  });

  test('plain-HTTP and self-signed registries, as one comma list each', () => {
    expect(
      translate({
        [A.plainHttpRegistry]: 'harbor.pre.com, 192.168.1.5:5000,reg.test.com:80',
        [A.insecureRegistry]: 'harbor***.pre.com',
      }),
    ).toMatchObject({
      PlainHttpRegistry: 'harbor.pre.com,192.168.1.5:5000,reg.test.com:80',
      InsecureRegistry: 'harbor***.pre.com',
    });
  });
});

describe('instance annotations → request fields', () => {
  test.each<[string, Record<string, string>, Record<string, unknown>]>([
    ['core dump path', { [A.corePattern]: '/pod/data/dump/core' }, { CorePattern: '/pod/data/dump/core' }],
    [
      'CPU options',
      { [A.cpuOptionCore]: '2', [A.cpuOptionThreadsPerCore]: '1' },
      { CpuOptionsCore: 2, CpuOptionsThreadsPerCore: 1 },
    ],
    ['resource group', { [A.resourceGroupId]: 'rg-acfmzvwytch' }, { ResourceGroupId: 'rg-acfmzvwytch' }],
  ])('%s', (_name, annotations, expected) => {
    expect(translate(annotations)).toMatchObject(expected);
  });
});

describe("eci-custom-dnsconfig in the page's format", () => {
  test('comma-separated strings, options as name:value', () => {
    expect(
      translate({
        [A.customDnsConfig]:
          '{"nameservers":"20.1.0.1,20.1.0.2","searches":"xx.com,xx.eee","options":"ndots:2,edns0"}',
      }).DnsConfig,
    ).toEqual({
      NameServer: ['20.1.0.1', '20.1.0.2'],
      Search: ['xx.com', 'xx.eee'],
      Option: [{ Name: 'ndots', Value: '2' }, { Name: 'edns0' }],
    });
  });

  test('lists of strings, as ACS documents them, also work', () => {
    expect(
      translate({ [A.customDnsConfig]: '{"nameservers":["20.1.0.1"],"options":["ndots:3","edns0"]}' })
        .DnsConfig,
    ).toEqual({ NameServer: ['20.1.0.1'], Option: [{ Name: 'ndots', Value: '3' }, { Name: 'edns0' }] });
  });

  test('ECI keeps two nameservers of the annotation: the third is dropped with a warning', () => {
    const { request, warnings } = translatePod(
      makePod({}, { annotations: { [A.customDnsConfig]: '{"nameservers":"1.1.1.1,2.2.2.2,3.3.3.3"}' } }),
      makeCtx(),
    );
    expect(request.DnsConfig?.NameServer).toEqual(['1.1.1.1', '2.2.2.2']);
    expect(warnings).toContainEqual(expect.stringContaining('kept 1.1.1.1, 2.2.2.2'));
  });
});
