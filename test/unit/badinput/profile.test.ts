/**
 * Broken kube-system/eci-profile ConfigMaps through parseEciProfile: each row is the data a user
 * wrote and the error naming the key (and selector), what is wrong and the fix. Nothing throws; the
 * good parts next to a bad one are kept.
 */
import { parseEciProfile } from '../../../src/profile/parse.js';
import { unsupportedProfileKeys } from '../../../src/profile/unsupported-keys.js';

const sel = (value: unknown): Record<string, string> => ({ selectors: JSON.stringify(value) });
const ok = { matchLabels: { app: 'web' } };

const rows: [string, Record<string, string>, { key: string; field: string; message: string | RegExp }][] = [
  [
    'selectors: not JSON',
    { selectors: '[{"name": "a",' },
    {
      key: 'selectors',
      field: 'selectors',
      message: /selectors is not valid JSON .*it must be a JSON array/,
    },
  ],
  [
    'selectors: an object',
    sel({ name: 'a', objectSelector: ok }),
    { key: 'selectors', field: 'selectors', message: 'must be a JSON array, got {"name":"a"' },
  ],
  [
    'selectors: a string',
    sel('all pods'),
    { key: 'selectors', field: 'selectors', message: 'wrap the selectors in [ ]' },
  ],
  [
    'selectors: null',
    { selectors: 'null' },
    { key: 'selectors', field: 'selectors', message: 'must be a JSON array, got null' },
  ],
  [
    'an entry that is a number',
    sel([5]),
    { key: 'selectors', field: '(entry)', message: 'selectors[0] (no name): (entry) must be an object' },
  ],
  [
    'an entry without a name',
    sel([{ objectSelector: ok }]),
    { key: 'selectors', field: 'name', message: 'add "name": "my-selector"' },
  ],
  [
    'a name that is a number',
    sel([{ name: 7, objectSelector: ok }]),
    { key: 'selectors', field: 'name', message: 'got 7' },
  ],
  [
    'two entries with one name',
    sel([
      { name: 'a', objectSelector: ok },
      { name: 'a', namespaceSelector: ok },
    ]),
    { key: 'selectors', field: 'name', message: 'is already used by selectors[0]' },
  ],
  [
    'an unknown field',
    sel([{ name: 'a', objectSelector: ok, podSelector: ok }]),
    {
      key: 'selectors',
      field: 'podSelector',
      message: 'a selector has only name, namespaceSelector, objectSelector, effect',
    },
  ],
  [
    'matchExpressions',
    sel([{ name: 'a', objectSelector: { matchExpressions: [{ key: 'a', operator: 'Exists' }] } }]),
    {
      key: 'selectors',
      field: 'objectSelector.matchExpressions',
      message: 'express the selector with matchLabels only',
    },
  ],
  [
    'matchLabels as a list',
    sel([{ name: 'a', objectSelector: { matchLabels: ['app=web'] } }]),
    { key: 'selectors', field: 'objectSelector.matchLabels', message: 'must be an object of string values' },
  ],
  [
    'a label value that is a number',
    sel([{ name: 'a', objectSelector: { matchLabels: { eci: 1 } } }]),
    { key: 'selectors', field: 'objectSelector.matchLabels["eci"]', message: 'quote it, e.g. "eci": "1"' },
  ],
  [
    'a label key with a space',
    sel([{ name: 'a', namespaceSelector: { matchLabels: { 'bad key': 'x' } } }]),
    { key: 'selectors', field: 'namespaceSelector.matchLabels["bad key"]', message: 'is not a valid key' },
  ],
  [
    'a 64-character label value',
    sel([{ name: 'a', objectSelector: { matchLabels: { app: 'v'.repeat(64) } } }]),
    { key: 'selectors', field: 'objectSelector.matchLabels["app"]', message: 'which is not valid' },
  ],
  [
    'neither namespaceSelector nor objectSelector',
    sel([{ name: 'a' }]),
    { key: 'selectors', field: 'namespaceSelector/objectSelector', message: 'are both missing' },
  ],
  [
    'empty matchLabels (would move every pod)',
    sel([{ name: 'a', objectSelector: { matchLabels: {} } }]),
    { key: 'selectors', field: 'namespaceSelector/objectSelector', message: 'would move every pod' },
  ],
  [
    'an effect with env',
    sel([{ name: 'a', objectSelector: ok, effect: { env: { A: 'b' } } }]),
    { key: 'selectors', field: 'effect.env', message: 'an effect has only "annotations" and "labels"' },
  ],
  [
    'an effect that is a string',
    sel([{ name: 'a', objectSelector: ok, effect: 'eci' }]),
    { key: 'selectors', field: 'effect', message: 'must be an object like' },
  ],
  [
    'an effect annotation that is a boolean',
    sel([
      { name: 'a', objectSelector: ok, effect: { annotations: { 'k8s.aliyun.com/eci-auto-imc': true } } },
    ]),
    {
      key: 'selectors',
      field: 'effect.annotations["k8s.aliyun.com/eci-auto-imc"]',
      message: 'must be a string, got true',
    },
  ],
  [
    'vSwitchIds: a subnet',
    { vSwitchIds: 'subnet-1' },
    {
      key: 'vSwitchIds',
      field: 'vSwitchIds',
      message:
        'eci-profile vSwitchIds: "subnet-1" is not an ID starting with vsw-: use e.g. vsw-bp1a,vsw-bp1b',
    },
  ],
  [
    'vSwitchIds: one twice',
    { vSwitchIds: 'vsw-a,vsw-a' },
    { key: 'vSwitchIds', field: 'vSwitchIds', message: 'vsw-a appears twice' },
  ],
  [
    'vSwitchIds: JSON list',
    { vSwitchIds: '["vsw-a"]' },
    { key: 'vSwitchIds', field: 'vSwitchIds', message: 'is not an ID starting with vsw-' },
  ],
  [
    'securityGroupId: default',
    { securityGroupId: 'default' },
    { key: 'securityGroupId', field: 'securityGroupId', message: 'use e.g. sg-bp1abc' },
  ],
  ['vpcId: net-1', { vpcId: 'net-1' }, { key: 'vpcId', field: 'vpcId', message: 'use e.g. vpc-bp1abc' }],
  [
    'resourceGroupId: a name',
    { resourceGroupId: 'prod' },
    { key: 'resourceGroupId', field: 'resourceGroupId', message: 'use e.g. rg-acfmzvwytch' },
  ],
  [
    'enableClusterIp: maybe',
    { enableClusterIp: 'maybe' },
    { key: 'enableClusterIp', field: 'enableClusterIp', message: 'is not a boolean: use "true" or "false"' },
  ],
];

describe('broken eci-profile ConfigMaps', () => {
  test.each(rows)('%s', (_name, data, want) => {
    const { errors } = parseEciProfile(data);
    expect(errors).toHaveLength(1);
    expect(errors[0]).toMatchObject({ key: want.key, field: want.field });
    if (typeof want.message === 'string') expect(errors[0].message).toContain(want.message);
    else expect(errors[0].message).toMatch(want.message);
    expect(errors[0].message.startsWith('eci-profile ')).toBe(true);
  });

  test('a bad selector is left out; the good one next to it is kept', () => {
    const { profile, errors } = parseEciProfile(sel([{ name: 'bad' }, { name: 'good', objectSelector: ok }]));
    expect(errors).toHaveLength(1);
    expect(profile.selectors.map((s) => s.name)).toEqual(['good']);
  });

  test.each([
    ['vpcId', 'vpc-bp1abc', 'CreateContainerGroup has no VPC parameter', 'make sure vSwitchIds'],
    ['enableLogController', 'true', 'no log controller', 'collect logs with a sidecar'],
    ['enablePVCController', 'true', 'no PVC controller', 'volumeBindingMode Immediate'],
    ['enablePrivateZone', 'true', 'no PrivateZone', 'dnsPolicy ClusterFirst'],
    ['featureGates', 'MetricsVpcNet=true', 'feature gates', 'remove the key'],
  ])('%s: %s is named as recognised and unsupported, with why and what to do', (key, value, why, instead) => {
    const [notice, ...rest] = unsupportedProfileKeys({ [key]: value });
    expect(rest).toEqual([]);
    expect(notice).toMatchObject({ key, field: key });
    expect(notice.message).toMatch(
      new RegExp(
        `^eci-profile ${key}: "${value}" is recognised but not supported by this version: .*${why}.*; instead, .*${instead}`,
      ),
    );
  });

  test('switches left off ask for nothing this version lacks: no notice', () => {
    expect(
      unsupportedProfileKeys({
        enableLogController: 'false',
        enablePVCController: 'false',
        enablePrivateZone: 'false',
        featureGates: '',
        enableLinuxArm64Node: 'false',
        enableClusterIp: 'true',
        resourceGroupId: '',
      }),
    ).toEqual([]);
  });

  test("ACK's other keys (feature switches) are not errors", () => {
    expect(
      parseEciProfile({ enableLinuxArm64Node: 'true', enablePVCVolume: 'yes', vSwitchIds: 'vsw-a' }).errors,
    ).toEqual([]);
  });

  test('enableLinuxArm64Node is acted on (no notice); a value that is not a boolean is an error with the fix', () => {
    expect(unsupportedProfileKeys({ enableLinuxArm64Node: 'true' })).toEqual([]);
    const { profile, errors } = parseEciProfile({ enableLinuxArm64Node: 'yes' });
    expect(profile).toEqual({ selectors: [] });
    expect(errors).toEqual([
      {
        key: 'enableLinuxArm64Node',
        field: 'enableLinuxArm64Node',
        message: 'eci-profile enableLinuxArm64Node: "yes" is not a boolean: use "true" or "false"',
      },
    ]);
  });
});
