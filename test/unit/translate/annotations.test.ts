import {
  ANNOTATION,
  TAG,
  annotationWarnings,
  editDistance,
  translatePod,
} from '../../../src/translate/index.js';
import { makeCtx, makePod, translationError } from './fixtures.js';

const A = ANNOTATION;
const translate = (annotations: Record<string, string>, ctx = makeCtx()) =>
  translatePod(makePod({}, { annotations }), ctx);

describe('annotations map to request fields (annotation > controller config)', () => {
  test.each<[string, Record<string, string>, Record<string, unknown>]>([
    ['vSwitches override the config', { [A.vSwitch]: 'vsw-x,vsw-y' }, { VSwitchId: 'vsw-x,vsw-y' }],
    ['security group overrides the config', { [A.securityGroup]: 'sg-9' }, { SecurityGroupId: 'sg-9' }],
    ['schedule strategy', { [A.scheduleStrategy]: 'VSwitchRandom' }, { ScheduleStrategy: 'VSwitchRandom' }],
    ['spot as price go', { [A.spotStrategy]: 'SpotAsPriceGo' }, { SpotStrategy: 'SpotAsPriceGo' }],
    [
      'spot with a price limit',
      { [A.spotStrategy]: 'SpotWithPriceLimit', [A.spotPriceLimit]: '0.125' },
      { SpotStrategy: 'SpotWithPriceLimit', SpotPriceLimit: 0.125 },
    ],
    ['spot duration 0', { [A.spotStrategy]: 'SpotAsPriceGo', [A.spotDuration]: '0' }, { SpotDuration: 0 }],
    [
      'spot fallback → not strict',
      { [A.spotStrategy]: 'SpotAsPriceGo', [A.spotFallback]: 'true' },
      { StrictSpot: false },
    ],
    [
      'spot without fallback → strict',
      { [A.spotStrategy]: 'SpotAsPriceGo', [A.spotFallback]: 'false' },
      { StrictSpot: true },
    ],
    ['image cache', { [A.autoImageCache]: 'true' }, { AutoMatchImageCache: true }],
    ['legacy image cache', { [A.imageCacheLegacy]: 'true' }, { AutoMatchImageCache: true }],
    ['image cache id', { [A.imageCacheId]: 'imc-123' }, { ImageSnapshotId: 'imc-123' }],
    ['legacy snapshot id', { [A.imageSnapshotIdLegacy]: 'imc-456' }, { ImageSnapshotId: 'imc-456' }],
    [
      'new EIP with bandwidth',
      { [A.withEip]: 'true', [A.eipBandwidth]: '5' },
      { AutoCreateEip: true, EipBandwidth: 5 },
    ],
    ['existing EIP', { [A.eipInstanceId]: 'eip-abc' }, { EipInstanceId: 'eip-abc' }],
    ['RAM role', { [A.ramRoleName]: 'reader' }, { RamRoleName: 'reader' }],
    ['extra storage in GiB', { [A.extraEphemeralStorage]: '50Gi' }, { EphemeralStorage: 50 }],
    ['max pending minutes', { [A.maxPendingMinute]: '30' }, { MaxPendingMinute: 30 }],
    ['resource group', { [A.resourceGroupId]: 'rg-1' }, { ResourceGroupId: 'rg-1' }],
    [
      'NTP servers',
      { [A.ntpServer]: '100.100.5.1, 100.100.5.2' },
      { NtpServer: ['100.100.5.1', '100.100.5.2'] },
    ],
    [
      'custom hosts',
      { [A.customHosts]: '[{"host":"registry.local","ip":"10.1.2.3"}]' },
      { HostAliase: [{ Ip: '10.1.2.3', Hostname: ['registry.local'] }] },
    ],
  ])('%s', (_name, annotations, expected) => {
    expect(translate(annotations).request).toMatchObject(expected);
  });

  test('without annotations the controller config is used', () => {
    const { request } = translate({});
    expect(request).toMatchObject({
      RegionId: 'cn-hangzhou',
      VSwitchId: 'vsw-a,vsw-b',
      SecurityGroupId: 'sg-1',
    });
    expect(request.SpotStrategy).toBeUndefined();
  });

  test('custom tags are added after the system tags', () => {
    const tags = translate({ [A.customTags]: 'team:ml, env:prod' }).request.Tag;
    expect(tags.slice(-3)).toEqual([
      { Key: 'team', Value: 'ml' },
      { Key: 'env', Value: 'prod' },
      { Key: TAG.kubeProxy, Value: 'true' },
    ]);
  });

  test('kube-proxy follows ECI_KUBE_PROXY unless the pod overrides it', () => {
    const value = (annotations: Record<string, string>, kubeProxy: boolean) =>
      translate(annotations, makeCtx({ kubeProxy })).request.Tag.find((t) => t.Key === TAG.kubeProxy)?.Value;
    expect(value({}, true)).toBe('true');
    expect(value({}, false)).toBe('false');
    expect(value({ [A.kubeProxy]: 'false' }, true)).toBe('false');
    expect(value({ [A.kubeProxy]: 'true' }, false)).toBe('true');
  });

  test('custom DNS config is merged into the pod DNS', () => {
    const { request } = translate({
      [A.customDnsConfig]:
        '{"nameservers":["10.0.0.53"],"searches":["corp.local"],"options":[{"name":"ndots","value":"2"}]}',
    });
    expect(request.DnsConfig).toEqual({
      NameServer: ['10.0.0.53'],
      Search: ['corp.local'],
      Option: [{ Name: 'ndots', Value: '2' }],
    });
  });

  test('fail strategy is handed to the controller', () => {
    expect(translate({ [A.failStrategy]: 'fail-fast' }).failStrategy).toBe('fail-fast');
    expect(translate({}).failStrategy).toBeUndefined();
  });
});

describe('bad annotation values are rejected, naming the annotation, the value and the fix', () => {
  test.each<[string, Record<string, string>, string, string]>([
    [
      'price with 4 decimals',
      { [A.spotStrategy]: 'SpotWithPriceLimit', [A.spotPriceLimit]: '0.1234' },
      A.spotPriceLimit,
      '"0.1234" is not a positive price with at most 3 decimal places',
    ],
    [
      'price without SpotWithPriceLimit',
      { [A.spotPriceLimit]: '0.5' },
      A.spotPriceLimit,
      'only applies with k8s.aliyun.com/eci-spot-strategy: SpotWithPriceLimit',
    ],
    [
      'price with SpotAsPriceGo',
      { [A.spotStrategy]: 'SpotAsPriceGo', [A.spotPriceLimit]: '0.5' },
      A.spotPriceLimit,
      'only applies with',
    ],
    [
      'SpotWithPriceLimit without a price',
      { [A.spotStrategy]: 'SpotWithPriceLimit' },
      A.spotPriceLimit,
      'is required with',
    ],
    [
      'unknown spot strategy',
      { [A.spotStrategy]: 'Cheap' },
      A.spotStrategy,
      '"Cheap" is not a valid value; use one of SpotAsPriceGo, SpotWithPriceLimit, NoSpot',
    ],
    [
      'spot duration 2',
      { [A.spotStrategy]: 'SpotAsPriceGo', [A.spotDuration]: '2' },
      A.spotDuration,
      'is not a whole number from 0 to 1',
    ],
    ['bad hosts JSON', { [A.customHosts]: '[{host:"a"}]' }, A.customHosts, 'is not valid JSON'],
    [
      'hosts not a list',
      { [A.customHosts]: '{"host":"a","ip":"1.2.3.4"}' },
      A.customHosts,
      'is not a JSON list',
    ],
    [
      'hosts with a bad IP',
      { [A.customHosts]: '[{"host":"a","ip":"999.1.1.1"}]' },
      A.customHosts,
      '"999.1.1.1" is not an IP address',
    ],
    ['bad DNS JSON', { [A.customDnsConfig]: '{nameservers:[]}' }, A.customDnsConfig, 'is not valid JSON'],
    [
      'DNS nameserver not an IP',
      { [A.customDnsConfig]: '{"nameservers":["dns.local"]}' },
      A.customDnsConfig,
      'has nameserver "dns.local", which is not an IP address',
    ],
    [
      'max pending 5',
      { [A.maxPendingMinute]: '5' },
      A.maxPendingMinute,
      '"5" is not a whole number from 10 to 1440',
    ],
    [
      'max pending 1441',
      { [A.maxPendingMinute]: '1441' },
      A.maxPendingMinute,
      'is not a whole number from 10 to 1440',
    ],
    ['4 custom tags', { [A.customTags]: 'a:1,b:2,c:3,d:4' }, A.customTags, 'has 4 tags, more than 3'],
    [
      'custom tag without value separator',
      { [A.customTags]: 'team' },
      A.customTags,
      '"team" is not key:value',
    ],
    [
      'custom tag with a reserved prefix',
      { [A.customTags]: 'aliyun-x:1' },
      A.customTags,
      'starts with a prefix ECI reserves',
    ],
    [
      'custom tag key given twice',
      { [A.customTags]: 'team:a,team:b' },
      A.customTags,
      'gives the key "team" twice',
    ],
    [
      'custom tag value with a reserved prefix',
      { [A.customTags]: 'team:acs:x' },
      A.customTags,
      'has a value starting with acs:',
    ],
    [
      'custom tag with a URL',
      { [A.customTags]: 'docs:https://example.com' },
      A.customTags,
      'contains http:// or https://',
    ],
    [
      'custom tag overriding a system tag',
      { [A.customTags]: 'PodName:x' },
      A.customTags,
      'is a tag the virtual node sets itself',
    ],
    ['vSwitch that is not an ID', { [A.vSwitch]: 'subnet-1' }, A.vSwitch, '"subnet-1" is not a vsw- ID'],
    [
      '11 vSwitches',
      { [A.vSwitch]: Array.from({ length: 11 }, (_, i) => `vsw-${i}`).join(',') },
      A.vSwitch,
      'lists 11 IDs, more than 10',
    ],
    [
      '6 security groups',
      { [A.securityGroup]: 'sg-1,sg-2,sg-3,sg-4,sg-5,sg-6' },
      A.securityGroup,
      'more than 5',
    ],
    [
      'schedule strategy typo',
      { [A.scheduleStrategy]: 'Ordered' },
      A.scheduleStrategy,
      'use one of VSwitchOrdered, VSwitchRandom',
    ],
    [
      'non-boolean image cache',
      { [A.autoImageCache]: 'yes' },
      A.autoImageCache,
      '"yes" is not a boolean; use "true" or "false"',
    ],
    [
      'EIP both created and bound',
      { [A.withEip]: 'true', [A.eipInstanceId]: 'eip-1' },
      A.eipInstanceId,
      'conflicts with',
    ],
    [
      'EIP bandwidth without an EIP',
      { [A.eipBandwidth]: '5' },
      A.eipBandwidth,
      'only applies with k8s.aliyun.com/eci-with-eip: true',
    ],
    [
      'storage not a size',
      { [A.extraEphemeralStorage]: 'lots' },
      A.extraEphemeralStorage,
      '"lots" is not a positive size',
    ],
    [
      'NTP server not an IP',
      { [A.ntpServer]: 'ntp.aliyun.com' },
      A.ntpServer,
      'is not a list of IP addresses',
    ],
    [
      'fail strategy typo',
      { [A.failStrategy]: 'failover' },
      A.failStrategy,
      'use one of fail-back, fail-over, fail-fast',
    ],
    ['kube-proxy not a boolean', { [A.kubeProxy]: 'on' }, A.kubeProxy, 'is not a boolean'],
  ])('%s', (_name, annotations, key, text) => {
    const err = translationError(makePod({}, { annotations }));
    expect(err.field).toBe(`metadata.annotations[${key}]`);
    expect(err.message).toContain(text);
    expect(err.permanent).toBe(true);
  });

  test('no vSwitch anywhere is an error telling where to set one', () => {
    const err = translationError(makePod(), makeCtx({ vSwitchIds: [] }));
    expect(err.message).toContain('ECI_VSWITCH');
  });

  test('no security group anywhere is an error telling where to set one', () => {
    expect(translationError(makePod(), makeCtx({ securityGroupId: '' })).message).toContain(
      'ECI_SECURITY_GROUP',
    );
  });
});

describe('unknown k8s.aliyun.com/eci-* annotations', () => {
  test('a typo gets a warning naming the closest known annotation', () => {
    const { warnings } = translate({ 'k8s.aliyun.com/eci-use-spec': '2-4Gi' });
    expect(warnings).toContain(
      'annotation k8s.aliyun.com/eci-use-spec is not a known ECI annotation and was ignored; did you mean k8s.aliyun.com/eci-use-specs?',
    );
  });

  test.each([
    ['k8s.aliyun.com/eci-vswich', A.vSwitch],
    ['k8s.aliyun.com/eci-spot-stratgy', A.spotStrategy],
    ['k8s.aliyun.com/eci-imageCache', A.imageCacheLegacy],
    ['k8s.aliyun.com/eci-custom-tag', A.customTags],
  ])('%s → did you mean %s', (typo, known) => {
    expect(annotationWarnings({ [typo]: 'x' })).toEqual([expect.stringContaining(`did you mean ${known}?`)]);
  });

  test('documented annotations this provider does not implement are named as unsupported, with what to do instead', () => {
    expect(annotationWarnings({ 'k8s.aliyun.com/eci-instance-family': 'ecs.c6' })).toEqual([
      'annotation k8s.aliyun.com/eci-instance-family is recognised but not supported by this version and was ignored: ' +
        'CreateContainerGroup (ECI API 2018-08-08, official SDK 2.0.3) has no parameter for it; ' +
        'instead, list the ECS instance types you accept in k8s.aliyun.com/eci-use-specs, e.g. "ecs.c6.large,ecs.g6.large"',
    ]);
  });

  test('known and unrelated annotations give no warning', () => {
    expect(
      annotationWarnings({
        [A.useSpecs]: '2-4Gi',
        [A.eipBandwidth]: '5',
        'example.com/x': 'y',
        [A.instanceId]: 'eci-1',
      }),
    ).toEqual([]);
  });

  test('editDistance', () => {
    expect(editDistance('kitten', 'sitting')).toBe(3);
    expect(editDistance('', 'abc')).toBe(3);
    expect(editDistance('same', 'same')).toBe(0);
  });
});
