import fc from 'fast-check';
import type { V1Container } from '@kubernetes/client-node';
import {
  ANNOTATION,
  applySpec,
  roundUpSpec,
  selectSpec,
  specLabel,
  translatePod,
  TranslationError,
  type SpecCandidate,
} from '../../../src/translate/index.js';
import { makeCtx, makePod, translationError } from './fixtures.js';

const cm = (cpu: number, memory: number): SpecCandidate => ({ kind: 'cpu-memory', cpu, memory });
const it_ = (instanceType: string): SpecCandidate => ({ kind: 'instance-type', instanceType });

function container(
  name: string,
  limits?: Record<string, string>,
  requests?: Record<string, string>,
): V1Container {
  return { name, image: 'busybox', resources: { limits, requests } };
}

describe('roundUpSpec', () => {
  test.each([
    [7, 13, 'cn-hangzhou', { cpu: 8, memory: 14 }],
    [7, 13, undefined, { cpu: 8, memory: 16 }],
    [7, 13, 'eu-central-1', { cpu: 8, memory: 16 }],
    [2, 4, undefined, { cpu: 2, memory: 4 }],
    [0.1, 0.1, undefined, { cpu: 0.25, memory: 0.5 }],
    [0.3, 0.5, undefined, { cpu: 0.5, memory: 1 }],
    [1, 10, undefined, { cpu: 2, memory: 16 }],
    [1, 10, 'cn-hangzhou', { cpu: 2, memory: 10 }],
    [3, 1, undefined, { cpu: 4, memory: 2 }],
    [64, 512, undefined, { cpu: 64, memory: 512 }],
  ])('%p vCPU / %p GiB in %p → %p', (cpu, mem, regionId, expected) => {
    expect(roundUpSpec(cpu, mem, { regionId })).toEqual(expected);
  });

  test('spot instances only get the all-regions specs', () => {
    expect(roundUpSpec(7, 13, { regionId: 'cn-hangzhou', spot: true })).toEqual({ cpu: 8, memory: 16 });
  });

  test('nothing is larger than 64 vCPU / 512 GiB', () => {
    expect(roundUpSpec(65, 1)).toBeUndefined();
    expect(roundUpSpec(1, 513)).toBeUndefined();
  });

  test('property: the result covers the request and more resources never give a smaller spec', () => {
    const req = fc.record({
      cpu: fc.double({ min: 0, max: 64, noNaN: true }),
      mem: fc.double({ min: 0, max: 512, noNaN: true }),
    });
    fc.assert(
      fc.property(req, req, fc.constantFrom(undefined, 'cn-hangzhou'), (a, b, regionId) => {
        const lo = { cpu: Math.min(a.cpu, b.cpu), mem: Math.min(a.mem, b.mem) };
        const hi = { cpu: Math.max(a.cpu, b.cpu), mem: Math.max(a.mem, b.mem) };
        const small = roundUpSpec(lo.cpu, lo.mem, { regionId });
        const big = roundUpSpec(hi.cpu, hi.mem, { regionId });
        if (big === undefined) return true;
        expect(small).toBeDefined();
        if (!small) return false;
        expect(big.cpu).toBeGreaterThanOrEqual(hi.cpu);
        expect(big.memory).toBeGreaterThanOrEqual(hi.mem);
        // Smallest first means by vCPU, then memory: the bigger request never sorts before the smaller.
        expect(big.cpu > small.cpu || (big.cpu === small.cpu && big.memory >= small.memory)).toBe(true);
        return true;
      }),
      { numRuns: 500 },
    );
  });
});

describe('selectSpec precedence: eci-use-specs > limits > requests > 2/4', () => {
  test.each<[string, ReturnType<typeof makePod>, SpecCandidate[]]>([
    ['no resources: the default', makePod(), [cm(2, 4)]],
    [
      'limits win over requests',
      makePod({ containers: [container('a', { cpu: '1', memory: '2Gi' }, { cpu: '500m', memory: '1Gi' })] }),
      [cm(1, 2)],
    ],
    [
      'requests when no limits',
      makePod({ containers: [container('a', undefined, { cpu: '500m', memory: '1Gi' })] }),
      [cm(0.5, 1)],
    ],
    [
      'summed over containers, rounded up',
      makePod({
        containers: [
          container('a', { cpu: '3', memory: '6Gi' }),
          container('b', { cpu: '4', memory: '7Gi' }),
        ],
      }),
      [cm(8, 14)],
    ],
    [
      'a container with only requests still counts next to one with limits',
      makePod({
        containers: [
          container('a', { cpu: '2', memory: '4Gi' }),
          container('b', undefined, { cpu: '1', memory: '2Gi' }),
        ],
      }),
      [cm(4, 6)],
    ],
    [
      'the largest init container when it exceeds the app containers',
      makePod({
        initContainers: [container('init', { cpu: '4', memory: '8Gi' })],
        containers: [container('a', { cpu: '1', memory: '2Gi' })],
      }),
      [cm(4, 8)],
    ],
    [
      'the app containers when they exceed every init container',
      makePod({
        initContainers: [
          container('i1', { cpu: '1', memory: '1Gi' }),
          container('i2', { cpu: '1', memory: '1Gi' }),
        ],
        containers: [
          container('a', { cpu: '1', memory: '2Gi' }),
          container('b', { cpu: '1', memory: '2Gi' }),
        ],
      }),
      [cm(2, 4)],
    ],
    [
      'only memory set: the smallest spec with that memory',
      makePod({ containers: [container('a', { memory: '8Gi' })] }),
      [cm(1, 8)],
    ],
    [
      'the annotation overrides limits',
      makePod(
        { containers: [container('a', { cpu: '1', memory: '1Gi' })] },
        { annotations: { [ANNOTATION.useSpecs]: '4-8Gi' } },
      ),
      [cm(4, 8)],
    ],
    [
      'a list of specs in order',
      makePod({}, { annotations: { [ANNOTATION.useSpecs]: '2-4Gi, 0.5-1Gi,ecs.c6.large' } }),
      [cm(2, 4), cm(0.5, 1), it_('ecs.c6.large')],
    ],
  ])('%s', (_name, pod, expected) => {
    expect(selectSpec(pod, { regionId: 'cn-hangzhou' }).candidates).toEqual(expected);
  });

  test('a cpu-memory pair that is not an ECI spec is rounded up, with a warning', () => {
    const pod = makePod({}, { annotations: { [ANNOTATION.useSpecs]: '3-5Gi' } });
    const { candidates, warnings } = selectSpec(pod, {});
    expect(candidates).toEqual([cm(4, 8)]);
    expect(warnings.join('\n')).toContain('3-5Gi is not an ECI spec; rounded up to 4-8Gi');
  });

  test('property: adding a container never gives a smaller spec', () => {
    const res = fc.record({
      cpu: fc.integer({ min: 1, max: 8000 }),
      mem: fc.integer({ min: 1, max: 32768 }),
    });
    fc.assert(
      fc.property(fc.array(res, { minLength: 1, maxLength: 5 }), res, (list, extra) => {
        const mk = (items: { cpu: number; mem: number }[]) =>
          makePod({
            containers: items.map((r, i) => container(`c${i}`, { cpu: `${r.cpu}m`, memory: `${r.mem}Mi` })),
          });
        const before = selectSpec(mk(list)).candidates[0];
        const after = selectSpec(mk([...list, extra])).candidates[0];
        if (before.kind !== 'cpu-memory' || after.kind !== 'cpu-memory') return false;
        return after.cpu > before.cpu || (after.cpu === before.cpu && after.memory >= before.memory);
      }),
      { numRuns: 300 },
    );
  });
});

describe('eci-use-specs validation', () => {
  test.each([
    ['2-4', 'is neither <vCPU>-<memory>Gi nor an ECS instance type'],
    ['2C4G', 'is neither'],
    ['2-4Gi,,4-8Gi', 'has an empty entry'],
    ['1-2Gi,2-4Gi,4-8Gi,8-16Gi,16-32Gi,32-64Gi', 'lists 6 specs, more than 5'],
    ['100-200Gi', 'is not an ECI spec'],
    ['ecs.gn6v-c8g1.2xlarge,2-4Gi', 'mixes gpu and x86 specs'],
    ['ecs.g6r.large,ecs.c6.large', 'mixes arm and x86 specs'],
  ])('%p is rejected: %s', (value, problem) => {
    const err = translationError(makePod({}, { annotations: { [ANNOTATION.useSpecs]: value } }));
    expect(err.field).toBe(`metadata.annotations[${ANNOTATION.useSpecs}]`);
    expect(err.message).toContain(problem);
    expect(err.message).toContain(ANNOTATION.useSpecs);
    expect(err.reason).toBe('ProviderFailed');
    expect(err.permanent).toBe(true);
  });

  test('GPU instance types may be listed together', () => {
    const pod = makePod(
      {},
      { annotations: { [ANNOTATION.useSpecs]: 'ecs.gn6v-c8g1.2xlarge,ecs.gn6i-c4g1.xlarge' } },
    );
    expect(selectSpec(pod).candidates).toHaveLength(2);
  });
});

describe('GPU pods', () => {
  const gpuPod = (annotations?: Record<string, string>) =>
    makePod({ containers: [container('train', { 'nvidia.com/gpu': '1' })] }, { annotations });

  test('need a GPU instance type', () => {
    const err = translationError(gpuPod());
    expect(err.field).toBe('spec.containers[*].resources.limits[nvidia.com/gpu]');
    expect(err.message).toContain('needs a GPU instance type, but the spec is 2.0-4.0Gi');
    expect(err.message).toContain('ecs.gn6v-c8g1.2xlarge');
  });

  test('a non-GPU instance type is rejected too', () => {
    expect(translationError(gpuPod({ [ANNOTATION.useSpecs]: 'ecs.c6.large' })).message).toContain(
      'but the spec is ecs.c6.large',
    );
  });

  test('with a GPU type, the request carries the type and the container its GPU count', () => {
    const { request } = translatePod(gpuPod({ [ANNOTATION.useSpecs]: 'ecs.gn6v-c8g1.2xlarge' }), makeCtx());
    expect(request.InstanceType).toBe('ecs.gn6v-c8g1.2xlarge');
    expect(request.Cpu).toBeUndefined();
    expect(request.Container[0].Gpu).toBe(1);
  });
});

test('over 64 vCPU is rejected with the totals and the fix', () => {
  const err = translationError(makePod({ containers: [container('big', { cpu: '80', memory: '100Gi' })] }));
  expect(err.message).toBe(
    `spec.containers[*].resources: 80 vCPU / 100 GiB is more than the largest ECI spec (64 vCPU / 512 GiB); lower the limits/requests, or set ${ANNOTATION.useSpecs} to a larger ECS instance type`,
  );
});

test('an explicit spec smaller than the containers is rejected', () => {
  const pod = makePod(
    { containers: [container('a', { cpu: '4', memory: '2Gi' })] },
    { annotations: { [ANNOTATION.useSpecs]: '2-4Gi' } },
  );
  const err = translationError(pod);
  expect(err.message).toContain("2.0-4.0Gi is smaller than the containers' resources (4 vCPU / 2 GiB)");
});

test('per-container rounding to 3 decimals never makes a derived spec too small', () => {
  const third = String(Math.floor(2 ** 32 / 3)); // bytes: 1.333… GiB each, 4 GiB together
  const pod = makePod({ containers: ['a', 'b', 'c'].map((n) => container(n, { memory: third })) });
  const { request } = translatePod(pod, makeCtx());
  expect([request.Cpu, request.Memory]).toEqual([1, 4]);
  expect(request.Container.map((c) => c.Memory)).toEqual([1.334, 1.334, 1.334]);
});

describe('specLabel and applySpec', () => {
  test.each([
    [cm(2, 4), '2.0-4.0Gi'],
    [cm(0.5, 1), '0.5-1.0Gi'],
    [cm(0.25, 0.5), '0.25-0.5Gi'],
    [it_('ecs.c6.large'), 'ecs.c6.large'],
  ])('%p → %s', (c, label) => expect(specLabel(c)).toBe(label));

  test('switching from cpu-memory to an instance type clears Cpu/Memory, and back', () => {
    const { request } = translatePod(
      makePod({}, { annotations: { [ANNOTATION.useSpecs]: '2-4Gi,ecs.c6.large' } }),
      makeCtx(),
    );
    expect([request.Cpu, request.Memory, request.InstanceType]).toEqual([2, 4, undefined]);
    const typed = applySpec(request, it_('ecs.c6.large'));
    expect([typed.Cpu, typed.Memory, typed.InstanceType]).toEqual([undefined, undefined, 'ecs.c6.large']);
    expect('Cpu' in typed).toBe(false);
    const back = applySpec(typed, cm(4, 8));
    expect([back.Cpu, back.Memory, back.InstanceType]).toEqual([4, 8, undefined]);
    expect(request.Cpu).toBe(2); // the input is not modified
  });
});

test('TranslationError is an Error with the documented fields', () => {
  const err = translationError(makePod({}, { annotations: { [ANNOTATION.useSpecs]: 'bogus' } }));
  expect(err).toBeInstanceOf(TranslationError);
  expect(err).toBeInstanceOf(Error);
  expect(err.value).toBe('"bogus"');
  expect(err.fix).toContain('2-4Gi');
});
