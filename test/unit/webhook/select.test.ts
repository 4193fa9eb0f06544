import type { Selector } from '../../../src/profile/types.js';
import {
  BUILT_IN_SELECTORS,
  effectsToAdd,
  matchingSelectors,
  namespaceWantsInjection,
  selectorMatches,
} from '../../../src/webhook/select.js';

describe('selectorMatches', () => {
  const ns: Selector = { name: 'ns', namespaceSelector: { matchLabels: { type: 'eci' } } };
  const obj: Selector = { name: 'obj', objectSelector: { matchLabels: { 'created-by-eci': 'true' } } };
  const both: Selector = { ...ns, ...obj, name: 'both' };
  const multi: Selector = { name: 'multi', objectSelector: { matchLabels: { app: 'web', tier: 'front' } } };

  const cases: [string, Selector, Record<string, string>, Record<string, string>, boolean][] = [
    ['namespace-only, namespace matches', ns, {}, { type: 'eci' }, true],
    ['namespace-only, other value', ns, {}, { type: 'ecs' }, false],
    ['namespace-only, pod has the label instead', ns, { type: 'eci' }, {}, false],
    ['object-only, pod matches', obj, { 'created-by-eci': 'true' }, {}, true],
    ['object-only, namespace has the label instead', obj, {}, { 'created-by-eci': 'true' }, false],
    ['both, both match', both, { 'created-by-eci': 'true' }, { type: 'eci' }, true],
    ['both, only namespace matches', both, {}, { type: 'eci' }, false],
    ['both, only pod matches', both, { 'created-by-eci': 'true' }, {}, false],
    ['multiple labels, all present', multi, { app: 'web', tier: 'front', x: 'y' }, {}, true],
    ['multiple labels, one missing', multi, { app: 'web' }, {}, false],
    ['multiple labels, one differs', multi, { app: 'web', tier: 'back' }, {}, false],
    ['neither selector set', { name: 'none' }, { a: 'b' }, { a: 'b' }, false],
    [
      'inherited property name is not a label',
      { name: 'p', objectSelector: { matchLabels: { constructor: 'x' } } },
      {},
      {},
      false,
    ],
  ];

  it.each(cases)('%s', (_case, selector, podLabels, namespaceLabels, expected) => {
    expect(selectorMatches(selector, podLabels, namespaceLabels)).toBe(expected);
  });
});

describe('built-in selectors', () => {
  it.each([
    [
      'pod labelled alibabacloud.com/eci=true',
      { 'alibabacloud.com/eci': 'true' },
      {},
      ['default-pod-selector'],
    ],
    [
      'namespace labelled alibabacloud.com/eci=true',
      {},
      { 'alibabacloud.com/eci': 'true' },
      ['default-namespace-selector'],
    ],
    [
      'both',
      { 'alibabacloud.com/eci': 'true' },
      { 'alibabacloud.com/eci': 'true' },
      ['default-pod-selector', 'default-namespace-selector'],
    ],
    ['label value "false"', { 'alibabacloud.com/eci': 'false' }, {}, []],
    ['no label', { app: 'web' }, { team: 'a' }, []],
  ])('%s', (_case, podLabels, namespaceLabels, expected) => {
    expect(matchingSelectors({ selectors: [] }, podLabels, namespaceLabels).map((s) => s.name)).toEqual(
      expected,
    );
  });

  it('apply next to the ConfigMap selectors, which come first', () => {
    const user: Selector = {
      name: 'user',
      objectSelector: { matchLabels: { 'alibabacloud.com/eci': 'true' } },
    };
    const names = matchingSelectors({ selectors: [user] }, { 'alibabacloud.com/eci': 'true' }, {}).map(
      (s) => s.name,
    );
    expect(names).toEqual(['user', 'default-pod-selector']);
    expect(BUILT_IN_SELECTORS).toHaveLength(2);
  });
});

describe('namespaceWantsInjection', () => {
  it.each([
    [{ 'virtual-node-affinity-injection': 'enabled' }, true],
    [{ 'virtual-node-affinity-injection': 'disabled' }, false],
    [{}, false],
  ])('%j → %s', (labels, expected) => {
    expect(namespaceWantsInjection(labels)).toBe(expected);
  });
});

describe('effectsToAdd', () => {
  const first: Selector = {
    name: 'first',
    objectSelector: { matchLabels: { a: '1' } },
    effect: { annotations: { spec: 'ecs.c6a.xlarge', cache: 'true' }, labels: { tier: 'one' } },
  };
  const second: Selector = {
    name: 'second',
    namespaceSelector: { matchLabels: { b: '2' } },
    effect: {
      annotations: { spec: 'ecs.gn6v-c8g1.2xlarge', extra: 'x' },
      labels: { tier: 'two', team: 'b' },
    },
  };

  it('lets the first selector win a key', () => {
    expect(effectsToAdd([first, second], {}, {})).toEqual({
      annotations: { spec: 'ecs.c6a.xlarge', cache: 'true', extra: 'x' },
      labels: { tier: 'one', team: 'b' },
    });
    expect(effectsToAdd([second, first], {}, {}).annotations.spec).toBe('ecs.gn6v-c8g1.2xlarge');
  });

  it("never overwrites the pod's own annotations and labels", () => {
    expect(effectsToAdd([first, second], { spec: 'mine', extra: '' }, { tier: 'mine' })).toEqual({
      annotations: { cache: 'true' },
      labels: { team: 'b' },
    });
  });

  it('adds nothing for selectors without effects', () => {
    expect(effectsToAdd(BUILT_IN_SELECTORS, {}, {})).toEqual({ annotations: {}, labels: {} });
  });
});
