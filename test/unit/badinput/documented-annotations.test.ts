/**
 * Malformed values of the documented annotations this version implements beyond the first set
 * (network, registries, instance settings, the page's DNS format): each error names the
 * annotation, the bad value and the documented format.
 */
import { ANNOTATION as A } from '../../../src/translate/index.js';
import { annotated, expectRejected, outcome, type Rejection } from './fixtures.js';

const f = (key: string): string => `metadata.annotations[${key}]`;
const withEip = { [A.withEip]: 'true' };
const ipv6 = { [A.enableIpv6]: 'true' };
const BANDWIDTH_FIX =
  'use a number of bytes per second with an optional unit B, K, KB, M, MB, G, GB, T or TB';
const ACR_FIX = 'use comma-separated Container Registry Enterprise Edition instance IDs';
const ARN_FIX = 'use one RAM role ARN such as acs:ram::1609982529:role/role-assume';
const REGISTRY_FIX = 'use comma-separated host[:port] addresses without a scheme';
const DNS_FIX = 'use JSON like {"nameservers":"10.0.0.10,10.0.0.11","searches":';

const rows: [string, Record<string, string>, Rejection][] = [
  [
    'eip-isp: an unknown line type',
    { ...withEip, [A.eipIsp]: 'ChinaTelecom' },
    { field: f(A.eipIsp), value: '"ChinaTelecom"', fix: 'use one of BGP, BGP_PRO' },
  ],
  [
    'eip-isp without an EIP to create',
    { [A.eipIsp]: 'BGP' },
    { field: f(A.eipIsp), value: '"BGP"', fix: `set ${A.withEip}: "true", or remove ${A.eipIsp}` },
  ],
  [
    'eip-common-bandwidth-package-id: not a cbwp- ID',
    { ...withEip, [A.eipCommonBandwidthPackage]: 'bwp-1' },
    {
      field: f(A.eipCommonBandwidthPackage),
      value: '"bwp-1"',
      fix: 'use the cbwp- ID of the bandwidth plan',
    },
  ],
  [
    'eci-enable-ipv6: yes',
    { [A.enableIpv6]: 'yes' },
    { field: f(A.enableIpv6), value: '"yes"', fix: 'use "true" or "false"' },
  ],
  [
    'eci-ipv6-bandwidth-enable without an IPv6 address',
    { [A.ipv6BandwidthEnable]: 'true' },
    { field: f(A.ipv6BandwidthEnable), value: '"true"', fix: `set ${A.enableIpv6}: "true" too` },
  ],
  [
    'eci-ipv6-bandwidth without Internet access',
    { ...ipv6, [A.ipv6Bandwidth]: '100M' },
    { field: f(A.ipv6Bandwidth), value: '"100M"', fix: `set ${A.ipv6BandwidthEnable}: "true" too` },
  ],
  [
    'eci-ipv6-bandwidth: 100 Mbps',
    { ...ipv6, [A.ipv6BandwidthEnable]: 'true', [A.ipv6Bandwidth]: '100 Mbps' },
    { field: f(A.ipv6Bandwidth), value: '"100 Mbps"', fix: 'e.g. 100M' },
  ],
  [
    'eci-private-ip-address: an IPv6 address',
    { [A.privateIpAddress]: 'fd00::1' },
    { field: f(A.privateIpAddress), value: '"fd00::1"', fix: 'ECI takes IPv4 only here' },
  ],
  [
    'eci-private-ip-address: 172.16.0.256',
    { [A.privateIpAddress]: '172.16.0.256' },
    { field: f(A.privateIpAddress), value: '"172.16.0.256"', fix: 'e.g. 172.16.0.1' },
  ],
  [
    'eci-fixed-ip: 1',
    { [A.fixedIp]: '1' },
    { field: f(A.fixedIp), value: '"1"', fix: 'use "true" or "false"' },
  ],
  [
    'eci-fixed-ip-retain-hour without a fixed IP',
    { [A.fixedIpRetainHour]: '24' },
    { field: f(A.fixedIpRetainHour), value: '"24"', fix: `set ${A.fixedIp}: "true" too` },
  ],
  [
    'eci-fixed-ip-retain-hour: 1.5',
    { [A.fixedIp]: 'true', [A.fixedIpRetainHour]: '1.5' },
    { field: f(A.fixedIpRetainHour), value: '"1.5"', fix: 'use a value in 1–8760' },
  ],
  [
    'ingress-bandwidth: 40Mbit',
    { [A.ingressBandwidth]: '40Mbit' },
    { field: f(A.ingressBandwidth), value: '"40Mbit"', fix: BANDWIDTH_FIX },
  ],
  [
    'egress-bandwidth: 0',
    { [A.egressBandwidth]: '0' },
    { field: f(A.egressBandwidth), value: '"0"', fix: BANDWIDTH_FIX },
  ],
  [
    'egress-bandwidth: 10Mi (a Kubernetes quantity, not an ECI unit)',
    { [A.egressBandwidth]: '10Mi' },
    { field: f(A.egressBandwidth), value: '"10Mi"', fix: BANDWIDTH_FIX },
  ],
  [
    'acr-instance-ids: a registry name',
    { [A.acrInstanceIds]: 'my-registry' },
    { field: f(A.acrInstanceIds), value: '"my-registry"', fix: ACR_FIX },
  ],
  [
    'acr-instance-ids: empty',
    { [A.acrInstanceIds]: ' ' },
    { field: f(A.acrInstanceIds), value: '" "', fix: ACR_FIX },
  ],
  [
    'acr-service-arns without instances',
    { [A.acrServiceArns]: 'acs:ram::1609982529:role/role-assume' },
    {
      field: f(A.acrServiceArns),
      value: '"acs:ram::1609982529:role/role-assume"',
      fix: `list the instances the role pulls from in ${A.acrInstanceIds}`,
    },
  ],
  [
    'acr-user-arns: not an ARN',
    { [A.acrInstanceIds]: 'cri-abc', [A.acrUserArns]: 'role-acr' },
    { field: f(A.acrUserArns), value: '"role-acr"', fix: ARN_FIX },
  ],
  [
    'acr-user-arns: 2 ARNs for 3 instances',
    {
      [A.acrInstanceIds]: 'cri-a,cri-b,cri-c',
      [A.acrUserArns]: 'acs:ram::1:role/a,acs:ram::1:role/b',
    },
    { field: f(A.acrUserArns), value: '"acs:ram::1:role/a,acs:ram::1:role/b"', fix: ARN_FIX },
  ],
  [
    'plain-http-registry: a URL',
    { [A.plainHttpRegistry]: 'http://harbor.example.com' },
    { field: f(A.plainHttpRegistry), value: '"http://harbor.example.com"', fix: REGISTRY_FIX },
  ],
  [
    'insecure-registry: a bad port',
    { [A.insecureRegistry]: 'harbor.example.com:port' },
    { field: f(A.insecureRegistry), value: '"harbor.example.com:port"', fix: REGISTRY_FIX },
  ],
  [
    'eci-core-pattern: a pipe to a program',
    { [A.corePattern]: '|/usr/bin/collect' },
    { field: f(A.corePattern), value: '"|/usr/bin/collect"', fix: 'e.g. /pod/data/dump/core' },
  ],
  [
    'eci-cpu-option-ht: 4',
    { [A.cpuOptionThreadsPerCore]: '4' },
    { field: f(A.cpuOptionThreadsPerCore), value: '"4"', fix: 'use a value in 1–2' },
  ],
  [
    'eci-cpu-option-core: 0',
    { [A.cpuOptionCore]: '0' },
    { field: f(A.cpuOptionCore), value: '"0"', fix: 'use a value in 1–256' },
  ],
  [
    'eci-resource-group-id: a name, not an ID',
    { [A.resourceGroupId]: 'production' },
    { field: f(A.resourceGroupId), value: '"production"', fix: 'use the rg- ID of the resource group' },
  ],
  [
    'eci-custom-dnsconfig: a field ECI does not know',
    { [A.customDnsConfig]: '{"servers":"1.1.1.1"}' },
    { field: f(A.customDnsConfig), value: JSON.stringify('{"servers":"1.1.1.1"}'), fix: DNS_FIX },
  ],
  [
    'eci-custom-dnsconfig: a hostname in the comma string',
    { [A.customDnsConfig]: '{"nameservers":"10.0.0.1,dns.local"}' },
    {
      field: f(A.customDnsConfig),
      value: JSON.stringify('{"nameservers":"10.0.0.1,dns.local"}'),
      fix: DNS_FIX,
    },
  ],
  [
    'eci-custom-dnsconfig: an option without a name',
    { [A.customDnsConfig]: '{"options":":2"}' },
    { field: f(A.customDnsConfig), value: JSON.stringify('{"options":":2"}'), fix: DNS_FIX },
  ],
];

describe('malformed documented annotations', () => {
  test.each(rows)('%s', (_name, annotations, want) => {
    expectRejected(outcome(annotated(annotations)), want);
  });
});
