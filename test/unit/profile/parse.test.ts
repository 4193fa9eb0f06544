import { parseEciProfile, reconcileEciProfile } from '../../../src/profile/parse.js';
import type { EciProfile } from '../../../src/profile/types.js';

const selectors = (value: unknown): Record<string, string> => ({ selectors: JSON.stringify(value) });

describe('parseEciProfile: selectors', () => {
  it('reads the guide template (demo selector with both selectors and an effect)', () => {
    const { profile, errors } = parseEciProfile(
      selectors([
        {
          name: 'demo',
          namespaceSelector: { matchLabels: { eci: 'true' } },
          objectSelector: { matchLabels: { eci: 'true' } },
          effect: {
            annotations: { 'k8s.aliyun.com/eci-image-cache': 'true' },
            labels: { 'created-by-eci': 'true' },
          },
        },
      ]),
    );
    expect(errors).toEqual([]);
    expect(profile.selectors).toEqual([
      {
        name: 'demo',
        namespaceSelector: { matchLabels: { eci: 'true' } },
        objectSelector: { matchLabels: { eci: 'true' } },
        effect: {
          annotations: { 'k8s.aliyun.com/eci-image-cache': 'true' },
          labels: { 'created-by-eci': 'true' },
        },
      },
    ]);
  });

  it('treats a missing or blank selectors key as no selectors, without error', () => {
    expect(parseEciProfile({})).toEqual({ profile: { selectors: [] }, errors: [] });
    expect(parseEciProfile({ selectors: '  \n' })).toEqual({ profile: { selectors: [] }, errors: [] });
  });

  it('reports invalid JSON and takes no selectors from it', () => {
    const { profile, errors } = parseEciProfile({ selectors: '[{"name": "a", "objectSelector": {' });
    expect(profile.selectors).toEqual([]);
    expect(errors).toHaveLength(1);
    expect(errors[0]).toMatchObject({ key: 'selectors', field: 'selectors' });
    expect(errors[0].message).toMatch(/selectors is not valid JSON/);
    expect(errors[0].message).toMatch(/JSON array/);
  });

  it('reports a selectors value that is not an array', () => {
    const { profile, errors } = parseEciProfile(
      selectors({ name: 'a', objectSelector: { matchLabels: { a: 'b' } } }),
    );
    expect(profile.selectors).toEqual([]);
    expect(errors[0].message).toMatch(/must be a JSON array.*wrap the selectors in \[ \]/);
  });

  const bad: [string, unknown, string, RegExp][] = [
    [
      'no name',
      { objectSelector: { matchLabels: { a: 'b' } } },
      'name',
      /selectors\[1\] \(no name\): name is required/,
    ],
    ['empty name', { name: ' ', objectSelector: { matchLabels: { a: 'b' } } }, 'name', /name is required/],
    ['name not a string', { name: 7, objectSelector: { matchLabels: { a: 'b' } } }, 'name', /got 7/],
    [
      'neither selector',
      { name: 'x', effect: { labels: { a: 'b' } } },
      'namespaceSelector/objectSelector',
      /"x": namespaceSelector\/objectSelector are both missing/,
    ],
    [
      'matchLabels value not a string',
      { name: 'x', namespaceSelector: { matchLabels: { gpu: true } } },
      'namespaceSelector.matchLabels["gpu"]',
      /must be a string, got true: quote it, e.g. "gpu": "true"/,
    ],
    [
      'matchLabels not an object',
      { name: 'x', objectSelector: { matchLabels: ['a'] } },
      'objectSelector.matchLabels',
      /must be an object of string values/,
    ],
    [
      'selector not an object',
      { name: 'x', objectSelector: 'app=web' },
      'objectSelector',
      /must be an object like \{"matchLabels"/,
    ],
    [
      'matchExpressions',
      { name: 'x', objectSelector: { matchExpressions: [] } },
      'objectSelector.matchExpressions',
      /not supported by eci-profile: express the selector with matchLabels/,
    ],
    [
      'effect annotations wrong type',
      { name: 'x', objectSelector: { matchLabels: { a: 'b' } }, effect: { annotations: 'k=v' } },
      'effect.annotations',
      /must be an object of string values/,
    ],
    [
      'effect label value invalid',
      { name: 'x', objectSelector: { matchLabels: { a: 'b' } }, effect: { labels: { team: 'a b' } } },
      'effect.labels["team"]',
      /not valid: a label value/,
    ],
    [
      'effect label key invalid',
      { name: 'x', objectSelector: { matchLabels: { a: 'b' } }, effect: { labels: { 'Bad_Prefix/x': 'y' } } },
      'effect.labels["Bad_Prefix/x"]',
      /prefix before "\/"/,
    ],
    [
      'unknown field',
      { name: 'x', objectSelector: { matchLabels: { a: 'b' } }, effects: {} },
      'effects',
      /is not a known field/,
    ],
    [
      'unknown effect field',
      { name: 'x', objectSelector: { matchLabels: { a: 'b' } }, effect: { annotation: {} } },
      'effect.annotation',
      /only "annotations" and "labels"/,
    ],
    [
      'no labels at all',
      { name: 'x', objectSelector: { matchLabels: {} } },
      'namespaceSelector/objectSelector',
      /would move every pod/,
    ],
    ['entry not an object', 'x', '(entry)', /selectors\[1\] \(no name\): \(entry\) must be an object/],
  ];

  it.each(bad)(
    'rejects a selector with %s, naming it and the field, and keeps its neighbours',
    (_case, entry, field, message) => {
      const good = { name: 'good', objectSelector: { matchLabels: { app: 'web' } } };
      const last = { name: 'last', namespaceSelector: { matchLabels: { team: 'a' } } };
      const { profile, errors } = parseEciProfile(selectors([good, entry, last]));
      expect(profile.selectors.map((s) => s.name)).toEqual(['good', 'last']);
      expect(errors.length).toBeGreaterThanOrEqual(1);
      expect(errors[0]).toMatchObject({ key: 'selectors', field, selector: { index: 1 } });
      expect(errors[0].message).toMatch(message);
      expect(errors[0].message).toMatch(/^eci-profile selectors\[1\]/);
    },
  );

  it('names the selector by its name when it has one', () => {
    const { errors } = parseEciProfile(
      selectors([{ name: 'gpu', namespaceSelector: { matchLabels: { gpu: 1 } } }]),
    );
    expect(errors[0].selector).toEqual({ index: 0, name: 'gpu' });
    expect(errors[0].message).toMatch(
      /^eci-profile selectors\[0\] "gpu": namespaceSelector\.matchLabels\["gpu"\]/,
    );
  });

  it('rejects a duplicate name, keeping the first', () => {
    const s = { name: 'dup', objectSelector: { matchLabels: { a: 'b' } } };
    const { profile, errors } = parseEciProfile(
      selectors([s, { ...s, objectSelector: { matchLabels: { c: 'd' } } }]),
    );
    expect(profile.selectors).toEqual([s].map((x) => ({ ...x })));
    expect(errors[0].message).toMatch(/selectors\[1\] "dup": name is already used by selectors\[0\]/);
  });

  it('allows an empty namespaceSelector next to a labelled objectSelector (any namespace)', () => {
    const { profile, errors } = parseEciProfile(
      selectors([{ name: 'x', namespaceSelector: {}, objectSelector: { matchLabels: { a: 'b' } } }]),
    );
    expect(errors).toEqual([]);
    expect(profile.selectors[0].namespaceSelector).toEqual({ matchLabels: {} });
  });
});

describe('parseEciProfile: network keys', () => {
  it('reads vSwitchIds, securityGroupId, vpcId, resourceGroupId, enableClusterIp and enableLinuxArm64Node', () => {
    const { profile, errors } = parseEciProfile({
      vSwitchIds: ' vsw-bp1a, vsw-bp1b ,',
      securityGroupId: 'sg-bp1abc',
      vpcId: 'vpc-bp1xyz',
      resourceGroupId: 'rg-acfmzvwytch',
      enableClusterIp: 'TRUE',
      enableLinuxArm64Node: 'true',
    });
    expect(errors).toEqual([]);
    expect(profile).toEqual({
      selectors: [],
      vSwitchIds: ['vsw-bp1a', 'vsw-bp1b'],
      securityGroupId: 'sg-bp1abc',
      vpcId: 'vpc-bp1xyz',
      resourceGroupId: 'rg-acfmzvwytch',
      enableClusterIp: true,
      enableLinuxArm64Node: true,
    });
  });

  const bad: [string, string, RegExp][] = [
    [
      'vSwitchIds',
      'vsw-a,subnet-1',
      /vSwitchIds: "vsw-a,subnet-1" has "subnet-1", which is not an ID starting with vsw-: use e.g. vsw-bp1a,vsw-bp1b/,
    ],
    ['vSwitchIds', 'vsw-a,vsw-a', /vsw-a appears twice/],
    ['securityGroupId', 'bp1abc', /securityGroupId: "bp1abc" is not an ID starting with sg-/],
    ['vpcId', 'VPC_1', /not an ID starting with vpc-/],
    ['enableClusterIp', 'yes', /enableClusterIp: "yes" is not a boolean: use "true" or "false"/],
  ];

  it.each(bad)('rejects %s=%s with the fix, and leaves the key unset', (key, value, message) => {
    const { profile, errors } = parseEciProfile({ [key]: value });
    expect(errors).toHaveLength(1);
    expect(errors[0]).toMatchObject({ key, field: key });
    expect(errors[0].message).toMatch(message);
    expect(profile).toEqual({ selectors: [] });
  });
});

describe('reconcileEciProfile: a bad ConfigMap keeps the last good configuration', () => {
  const lastGood: EciProfile = {
    selectors: [
      { name: 'a', objectSelector: { matchLabels: { app: 'a' } } },
      { name: 'gpu', namespaceSelector: { matchLabels: { gpu: 'true' } } },
    ],
    vSwitchIds: ['vsw-old'],
    securityGroupId: 'sg-old',
  };

  it('keeps all last good selectors when the JSON is broken', () => {
    const { profile, errors } = reconcileEciProfile({ selectors: '[{', vSwitchIds: 'vsw-new' }, lastGood);
    expect(errors).toHaveLength(1);
    expect(profile.selectors).toEqual(lastGood.selectors);
    expect(profile.vSwitchIds).toEqual(['vsw-new']);
  });

  it('keeps the last good version of a broken selector, in its place, and applies the good edits', () => {
    const next = selectors([
      { name: 'a', objectSelector: { matchLabels: { app: 'a2' } } },
      { name: 'gpu', namespaceSelector: { matchLabels: { gpu: true } } },
      { name: 'new', objectSelector: { matchLabels: { n: '1' } } },
    ]);
    const { profile, errors } = reconcileEciProfile(next, lastGood);
    expect(errors).toHaveLength(1);
    expect(profile.selectors).toEqual([
      { name: 'a', objectSelector: { matchLabels: { app: 'a2' } } },
      { name: 'gpu', namespaceSelector: { matchLabels: { gpu: 'true' } } },
      { name: 'new', objectSelector: { matchLabels: { n: '1' } } },
    ]);
  });

  it('drops a broken selector that has no last good version', () => {
    const { profile } = reconcileEciProfile(selectors([{ name: 'fresh', objectSelector: 'x' }]), lastGood);
    expect(profile.selectors).toEqual([]);
  });

  it('keeps the last good value of a bad scalar key', () => {
    const { profile, errors } = reconcileEciProfile(
      { vSwitchIds: 'oops', securityGroupId: 'sg-new' },
      lastGood,
    );
    expect(errors).toHaveLength(1);
    expect(profile.vSwitchIds).toEqual(['vsw-old']);
    expect(profile.securityGroupId).toBe('sg-new');
  });

  it('applies a fully valid ConfigMap as it is (removed keys are removed)', () => {
    const { profile, errors } = reconcileEciProfile(selectors([]), lastGood);
    expect(errors).toEqual([]);
    expect(profile).toEqual({ selectors: [] });
  });
});
