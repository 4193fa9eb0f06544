/**
 * Bad k8s.aliyun.com/eci-* annotations through translatePod: each row is the annotation a user wrote
 * and the error they get (field, value, fix). Unknown keys are not errors: a warning names the key
 * the user probably meant.
 */
import { ANNOTATION as A } from '../../../src/translate/index.js';
import { annotated, expectRejected, outcome, withContainer, type Rejection } from './fixtures.js';

const f = (key: string): string => `metadata.annotations[${key}]`;
const escape = (text: string): string => text.replace(/[[\]./]/g, '\\$&');
const SPECS_FIX = 'use up to 5 comma-separated specs such as 2-4Gi';
const HOSTS_FIX = 'use JSON like [{"host":"example.com","ip":"100.100.1.1"}]';
const DNS_FIX = 'use JSON like {"nameservers":"10.0.0.10,10.0.0.11"';
const TAGS_FIX = 'use up to 3 comma-separated key:value pairs';
const withLimit = { [A.spotStrategy]: 'SpotWithPriceLimit' };

const rows: [string, Record<string, string>, Rejection][] = [
  [
    'eci-use-specs: banana',
    { [A.useSpecs]: 'banana' },
    { field: f(A.useSpecs), value: '"banana"', fix: SPECS_FIX },
  ],
  ['eci-use-specs: empty', { [A.useSpecs]: '' }, { field: f(A.useSpecs), value: '""', fix: SPECS_FIX }],
  [
    'eci-use-specs: an empty entry',
    { [A.useSpecs]: '2-4Gi,,4-8Gi' },
    { field: f(A.useSpecs), value: '"2-4Gi,,4-8Gi"', fix: SPECS_FIX },
  ],
  [
    'eci-use-specs: six specs',
    { [A.useSpecs]: '1-2Gi,2-4Gi,4-8Gi,8-16Gi,16-32Gi,32-64Gi' },
    { field: f(A.useSpecs), value: '"1-2Gi,2-4Gi,4-8Gi,8-16Gi,16-32Gi,32-64Gi"', fix: SPECS_FIX },
  ],
  [
    'eci-use-specs: 128 vCPU',
    { [A.useSpecs]: '128-1024Gi' },
    { field: f(A.useSpecs), value: '"128-1024Gi"', fix: SPECS_FIX },
  ],
  [
    'eci-use-specs: 0 vCPU',
    { [A.useSpecs]: '0-0Gi' },
    { field: f(A.useSpecs), value: '"0-0Gi"', fix: SPECS_FIX },
  ],
  [
    'eci-use-specs: a GPU type mixed with x86',
    { [A.useSpecs]: 'ecs.gn6i-c4g1.xlarge,2-4Gi' },
    { field: f(A.useSpecs), value: '"ecs.gn6i-c4g1.xlarge,2-4Gi"', fix: 'list only GPU instance types' },
  ],
  [
    'eci-spot-price-limit without SpotWithPriceLimit',
    { [A.spotPriceLimit]: '0.5' },
    {
      field: f(A.spotPriceLimit),
      value: '"0.5"',
      fix: 'set k8s.aliyun.com/eci-spot-strategy to SpotWithPriceLimit',
    },
  ],
  [
    'eci-spot-price-limit: cheap',
    { ...withLimit, [A.spotPriceLimit]: 'cheap' },
    { field: f(A.spotPriceLimit), value: '"cheap"', fix: 'use e.g. 0.5' },
  ],
  [
    'eci-spot-price-limit: negative',
    { ...withLimit, [A.spotPriceLimit]: '-1' },
    { field: f(A.spotPriceLimit), value: '"-1"', fix: 'use e.g. 0.5' },
  ],
  [
    'eci-spot-price-limit: zero',
    { ...withLimit, [A.spotPriceLimit]: '0' },
    { field: f(A.spotPriceLimit), value: '"0"', fix: 'use e.g. 0.5' },
  ],
  [
    'eci-spot-price-limit: 4 decimals',
    { ...withLimit, [A.spotPriceLimit]: '0.1234' },
    { field: f(A.spotPriceLimit), value: '"0.1234"', fix: 'use e.g. 0.5' },
  ],
  [
    'SpotWithPriceLimit without a price',
    withLimit,
    { field: f(A.spotPriceLimit), value: '""', fix: 'set the hourly price limit' },
  ],
  [
    'eci-spot-strategy: Cheap',
    { [A.spotStrategy]: 'Cheap' },
    {
      field: f(A.spotStrategy),
      value: '"Cheap"',
      fix: 'use one of SpotAsPriceGo, SpotWithPriceLimit, NoSpot',
    },
  ],
  [
    'eci-spot-duration: 2',
    { [A.spotDuration]: '2' },
    { field: f(A.spotDuration), value: '"2"', fix: 'use a value in 0–1' },
  ],
  [
    'eci-spot-fallback: yes',
    { [A.spotFallback]: 'yes' },
    { field: f(A.spotFallback), value: '"yes"', fix: 'use "true" or "false"' },
  ],
  [
    'eci-custom-hosts: not JSON',
    { [A.customHosts]: '[{"host": "db"' },
    { field: f(A.customHosts), value: '"[{\\"host\\": \\"db\\""', fix: HOSTS_FIX },
  ],
  [
    'eci-custom-hosts: an object, not a list',
    { [A.customHosts]: '{"host":"db","ip":"10.0.0.1"}' },
    { field: f(A.customHosts), value: JSON.stringify('{"host":"db","ip":"10.0.0.1"}'), fix: HOSTS_FIX },
  ],
  [
    'eci-custom-hosts: an entry without ip',
    { [A.customHosts]: '[{"host":"db"}]' },
    { field: f(A.customHosts), value: '{"host":"db"}', fix: HOSTS_FIX },
  ],
  [
    'eci-custom-hosts: ip as a number',
    { [A.customHosts]: '[{"host":"db","ip":10}]' },
    { field: f(A.customHosts), value: '{"host":"db","ip":10}', fix: HOSTS_FIX },
  ],
  [
    'eci-custom-hosts: ip 999.1.1.1',
    { [A.customHosts]: '[{"host":"db","ip":"999.1.1.1"}]' },
    { field: f(A.customHosts), value: '"999.1.1.1"', fix: HOSTS_FIX },
  ],
  [
    'eci-custom-hosts: null entry',
    { [A.customHosts]: '[null]' },
    { field: f(A.customHosts), value: 'null', fix: HOSTS_FIX },
  ],
  [
    'eci-custom-dnsconfig: not JSON',
    { [A.customDnsConfig]: '{nameservers: [1.1.1.1]}' },
    { field: f(A.customDnsConfig), value: '"{nameservers: [1.1.1.1]}"', fix: DNS_FIX },
  ],
  [
    'eci-custom-dnsconfig: a list',
    { [A.customDnsConfig]: '[]' },
    { field: f(A.customDnsConfig), value: '"[]"', fix: DNS_FIX },
  ],
  [
    'eci-custom-dnsconfig: a hostname as nameserver',
    { [A.customDnsConfig]: '{"nameservers":["dns.local"]}' },
    { field: f(A.customDnsConfig), value: JSON.stringify('{"nameservers":["dns.local"]}'), fix: DNS_FIX },
  ],
  [
    'eci-custom-dnsconfig: nameservers as a number',
    { [A.customDnsConfig]: '{"nameservers":8}' },
    { field: f(A.customDnsConfig), value: JSON.stringify('{"nameservers":8}'), fix: DNS_FIX },
  ],
  [
    'eci-custom-dnsconfig: options not a list',
    { [A.customDnsConfig]: '{"options":{"ndots":"2"}}' },
    { field: f(A.customDnsConfig), value: JSON.stringify('{"options":{"ndots":"2"}}'), fix: DNS_FIX },
  ],
  [
    'eci-max-pending-minute: 5 (below 10)',
    { [A.maxPendingMinute]: '5' },
    { field: f(A.maxPendingMinute), value: '"5"', fix: 'use a value in 10–1440' },
  ],
  [
    'eci-max-pending-minute: 1441',
    { [A.maxPendingMinute]: '1441' },
    { field: f(A.maxPendingMinute), value: '"1441"', fix: 'use a value in 10–1440' },
  ],
  [
    'eci-max-pending-minute: ten',
    { [A.maxPendingMinute]: 'ten' },
    { field: f(A.maxPendingMinute), value: '"ten"', fix: 'use a value in 10–1440' },
  ],
  [
    'eci-max-pending-minute: 1e2',
    { [A.maxPendingMinute]: '1e2' },
    { field: f(A.maxPendingMinute), value: '"1e2"', fix: 'use a value in 10–1440' },
  ],
  [
    'eci-vswitch: a subnet ID',
    { [A.vSwitch]: 'subnet-1' },
    { field: f(A.vSwitch), value: '"subnet-1"', fix: 'e.g. vsw-a,vsw-b' },
  ],
  [
    'eci-vswitch: empty',
    { [A.vSwitch]: ' , ' },
    { field: f(A.vSwitch), value: '" , "', fix: 'use up to 10 comma-separated IDs' },
  ],
  [
    'eci-vswitch: eleven IDs',
    { [A.vSwitch]: Array.from({ length: 11 }, (_, i) => `vsw-${i}`).join(',') },
    {
      field: f(A.vSwitch),
      value: JSON.stringify(Array.from({ length: 11 }, (_, i) => `vsw-${i}`).join(',')),
      fix: 'use up to 10',
    },
  ],
  [
    'eci-security-group: default',
    { [A.securityGroup]: 'default' },
    { field: f(A.securityGroup), value: '"default"', fix: 'e.g. sg-a,sg-b' },
  ],
  [
    'eci-with-eip: maybe',
    { [A.withEip]: 'maybe' },
    { field: f(A.withEip), value: '"maybe"', fix: 'use "true" or "false"' },
  ],
  [
    'eip-bandwidth without eci-with-eip',
    { [A.eipBandwidth]: '5' },
    { field: f(A.eipBandwidth), value: '"5"', fix: 'set k8s.aliyun.com/eci-with-eip: "true"' },
  ],
  [
    'eip-bandwidth: 0',
    { [A.withEip]: 'true', [A.eipBandwidth]: '0' },
    { field: f(A.eipBandwidth), value: '"0"', fix: 'use a value in 1–10000' },
  ],
  [
    'an EIP both bound and created',
    { [A.withEip]: 'true', [A.eipInstanceId]: 'eip-1' },
    { field: f(A.eipInstanceId), value: '"eip-1"', fix: 'either bind an existing EIP or create one' },
  ],
  [
    'eci-extra-ephemeral-storage: big',
    { [A.extraEphemeralStorage]: 'big' },
    { field: f(A.extraEphemeralStorage), value: '"big"', fix: 'use e.g. 50Gi' },
  ],
  [
    'eci-extra-ephemeral-storage: 0',
    { [A.extraEphemeralStorage]: '0' },
    { field: f(A.extraEphemeralStorage), value: '"0"', fix: 'use e.g. 50Gi' },
  ],
  [
    'eci-ntp-server: a hostname',
    { [A.ntpServer]: 'time.example.com' },
    { field: f(A.ntpServer), value: '"time.example.com"', fix: 'use comma-separated IPs' },
  ],
  [
    'eci-custom-tags: four tags',
    { [A.customTags]: 'a:1,b:2,c:3,d:4' },
    { field: f(A.customTags), value: '"a:1,b:2,c:3,d:4"', fix: TAGS_FIX },
  ],
  [
    'eci-custom-tags: a key with the reserved aliyun prefix',
    { [A.customTags]: 'aliyun-team:ml' },
    { field: f(A.customTags), value: '"aliyun-team"', fix: TAGS_FIX },
  ],
  [
    'eci-custom-tags: the UID tag',
    { [A.customTags]: 'UID:someone-else' },
    { field: f(A.customTags), value: '"UID"', fix: 'choose another key' },
  ],
  [
    'eci-custom-tags: no value separator',
    { [A.customTags]: 'novalue' },
    { field: f(A.customTags), value: '"novalue"', fix: TAGS_FIX },
  ],
  [
    'eci-custom-tags: a 65-character key',
    { [A.customTags]: `${'k'.repeat(65)}:v` },
    { field: f(A.customTags), value: JSON.stringify(`${'k'.repeat(65)}:v`), fix: TAGS_FIX },
  ],
  [
    'eci-fail-strategy: fail-slow',
    { [A.failStrategy]: 'fail-slow' },
    { field: f(A.failStrategy), value: '"fail-slow"', fix: 'use one of fail-back, fail-over, fail-fast' },
  ],
  [
    'eci-kube-proxy-enabled: sometimes',
    { [A.kubeProxy]: 'sometimes' },
    { field: f(A.kubeProxy), value: '"sometimes"', fix: 'use "true" or "false"' },
  ],
  [
    'eci-schedule-strategy: Random',
    { [A.scheduleStrategy]: 'Random' },
    { field: f(A.scheduleStrategy), value: '"Random"', fix: 'use one of VSwitchOrdered, VSwitchRandom' },
  ],
  [
    'eci-image-cache (legacy key): yes',
    { [A.imageCacheLegacy]: 'yes' },
    { field: f(A.imageCacheLegacy), value: '"yes"', fix: 'use "true" or "false"' },
  ],
];

describe('hostile and malformed ECI annotations', () => {
  test.each(rows)('%s', (_name, annotations, want) => {
    expectRejected(outcome(annotated(annotations)), want);
  });

  test('several bad annotations at once: one error names each, so one edit fixes them all', () => {
    const o = outcome(
      annotated({
        [A.useSpecs]: '2-4Gi,4C8G',
        [A.spotStrategy]: 'SpotWithPriceLimit',
        [A.spotPriceLimit]: 'cheap',
        [A.withEip]: 'yes',
      }),
    );
    expect(o.error?.message.split('. Also ')).toEqual([
      expect.stringMatching(new RegExp(`^${escape(f(A.spotPriceLimit))}: "cheap" is not a positive price`)),
      expect.stringMatching(new RegExp(`^${escape(f(A.withEip))}: "yes" is not a boolean`)),
      expect.stringMatching(new RegExp(`^${escape(f(A.useSpecs))}: "4C8G" is neither`)),
    ]);
  });

  test('eci-use-specs smaller than the containers ask for', () => {
    const pod = withContainer({ resources: { limits: { cpu: '4', memory: '8Gi' } } });
    pod.metadata = { ...pod.metadata, annotations: { [A.useSpecs]: '1-2Gi' } };
    expectRejected(outcome(pod), {
      field: f(A.useSpecs),
      value: '1.0-2.0Gi',
      fix: 'choose a spec at least that large',
    });
  });

  test.each([
    [
      'k8s.aliyun.com/eci-use-spec',
      'is not a known ECI annotation and was ignored; did you mean k8s.aliyun.com/eci-use-specs?',
    ],
    [
      'k8s.aliyun.com/eci-vswitches',
      'is not a known ECI annotation and was ignored; did you mean k8s.aliyun.com/eci-vswitch?',
    ],
    [
      'k8s.aliyun.com/eci-eviction-enable',
      'is recognised but not supported by this version and was ignored: CreateContainerGroup',
    ],
  ])('unknown key %s: translated, with a warning naming it', (key, warning) => {
    const o = outcome(annotated({ [key]: 'true' }));
    expect(o.error).toBeUndefined();
    expect(o.warnings?.filter((w) => w.startsWith('annotation '))).toEqual([
      expect.stringContaining(`annotation ${key} ${warning}`),
    ]);
  });

  test('keys outside k8s.aliyun.com/eci- are not ours: no warning', () => {
    const o = outcome(annotated({ 'example.com/eci-use-specs': 'banana', 'k8s.aliyun.com/other': 'x' }));
    expect(o.warnings?.filter((w) => w.startsWith('annotation '))).toEqual([]);
  });
});
