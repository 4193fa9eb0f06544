import { ANNOTATION as A } from '../../../src/translate/annotations.js';
import { TranslationError } from '../../../src/translate/errors.js';
import { imageCacheFields, imageCacheMatch } from '../../../src/translate/image-cache.js';

function fields(annotations: Record<string, string>) {
  const warnings: string[] = [];
  return { fields: imageCacheFields(annotations, warnings), warnings };
}

test.each([
  ['nothing asked', {}, {}],
  ['automatic match', { [A.autoImageCache]: 'true' }, { AutoMatchImageCache: true }],
  ['automatic match off', { [A.autoImageCache]: 'false' }, { AutoMatchImageCache: false }],
  ['older automatic key', { [A.imageCacheLegacy]: 'true' }, { AutoMatchImageCache: true }],
  [
    'the current key wins over the older',
    { [A.autoImageCache]: 'false', [A.imageCacheLegacy]: 'true' },
    { AutoMatchImageCache: false },
  ],
  [
    'a pinned cache',
    { [A.imageCacheId]: 'imc-2zebxkiifuyzzlhl1234' },
    { ImageSnapshotId: 'imc-2zebxkiifuyzzlhl1234' },
  ],
  [
    'older pin key, spaces trimmed',
    { [A.imageSnapshotIdLegacy]: ' imc-abc ' },
    { ImageSnapshotId: 'imc-abc' },
  ],
  [
    'a pin with automatic matching off',
    { [A.imageCacheId]: 'imc-abc', [A.autoImageCache]: 'false' },
    { ImageSnapshotId: 'imc-abc' },
  ],
])('%s', (_name, annotations, expected) => {
  expect(fields(annotations)).toEqual({ fields: expected, warnings: [] });
});

test('a pin beside automatic matching wins, and the ignored annotation is named in a warning', () => {
  expect(fields({ [A.imageCacheId]: 'imc-abc', [A.autoImageCache]: 'true' })).toEqual({
    fields: { ImageSnapshotId: 'imc-abc' },
    warnings: [
      `metadata.annotations[${A.autoImageCache}]: ignored: ${A.imageCacheId} pins image cache imc-abc`,
    ],
  });
});

test.each([
  [
    { [A.imageCacheId]: 'my-cache' },
    `metadata.annotations[${A.imageCacheId}]: "my-cache" is not an image cache ID; use an ImageCacheId`,
  ],
  [
    { [A.imageSnapshotIdLegacy]: '' },
    `metadata.annotations[${A.imageSnapshotIdLegacy}]: "" is not an image cache ID`,
  ],
  [
    { [A.autoImageCache]: 'yes' },
    `metadata.annotations[${A.autoImageCache}]: "yes" is not a boolean; use "true" or "false"`,
  ],
])('%j is refused for good, naming the annotation, the value and the fix', (annotations, message) => {
  let err: unknown;
  try {
    fields(annotations);
  } catch (e) {
    err = e;
  }
  expect(err).toBeInstanceOf(TranslationError);
  expect((err as TranslationError).permanent).toBe(true);
  expect((err as Error).message).toContain(message);
});

describe('imc-perfect-match and imc-match-count-request', () => {
  const request = {
    InitContainer: [{ Name: 'init', Image: 'busybox:1.36' }],
    Container: [
      { Name: 'app', Image: 'nginx:1.27' },
      { Name: 'sidecar', Image: 'busybox:1.36' },
    ],
  };
  function match(annotations: Record<string, string>, extra: object = {}) {
    const warnings: string[] = [];
    return { match: imageCacheMatch(annotations, { ...request, ...extra }, warnings), warnings };
  }

  test('perfect match asks for every distinct image of the pod, init containers first', () => {
    expect(match({ [A.imageCachePerfectMatch]: 'true' })).toEqual({
      match: { images: ['busybox:1.36', 'nginx:1.27'], atLeast: 2, askedBy: A.imageCachePerfectMatch },
      warnings: [],
    });
  });

  test('a match count asks for that many, also under eci-auto-imc "true"', () => {
    expect(
      match({ [A.imageCacheMatchCount]: '1', [A.autoImageCache]: 'true' }, { AutoMatchImageCache: true }),
    ).toEqual({
      match: { images: ['busybox:1.36', 'nginx:1.27'], atLeast: 1, askedBy: A.imageCacheMatchCount },
      warnings: [],
    });
  });

  test('nothing asked, or perfect match "false", asks nothing', () => {
    expect(match({})).toEqual({ match: undefined, warnings: [] });
    expect(match({ [A.imageCachePerfectMatch]: 'false' })).toEqual({ match: undefined, warnings: [] });
  });

  test('perfect match wins over a count, which is named as ignored', () => {
    const { match: m, warnings } = match({
      [A.imageCachePerfectMatch]: 'true',
      [A.imageCacheMatchCount]: '1',
    });
    expect(m?.atLeast).toBe(2);
    expect(warnings).toEqual([
      `metadata.annotations[${A.imageCacheMatchCount}]: ignored: ${A.imageCachePerfectMatch} asks for every image of the pod`,
    ]);
  });

  test('beside a pinned cache or with automatic matching off, it is ignored with a warning', () => {
    expect(match({ [A.imageCachePerfectMatch]: 'true' }, { ImageSnapshotId: 'imc-abc' })).toEqual({
      match: undefined,
      warnings: [
        `metadata.annotations[${A.imageCachePerfectMatch}]: ignored: a pinned image cache (imc-abc) is used as it is`,
      ],
    });
    expect(match({ [A.imageCacheMatchCount]: '2' }, { AutoMatchImageCache: false }).warnings).toEqual([
      `metadata.annotations[${A.imageCacheMatchCount}]: ignored: automatic matching is off (k8s.aliyun.com/eci-auto-imc: "false")`,
    ]);
  });

  test.each([
    [
      { [A.imageCachePerfectMatch]: 'yes' },
      `metadata.annotations[${A.imageCachePerfectMatch}]: "yes" is not a boolean`,
    ],
    [
      { [A.imageCacheMatchCount]: '0' },
      `metadata.annotations[${A.imageCacheMatchCount}]: "0" is not a whole number from 1 to 100`,
    ],
    [
      { [A.imageCacheMatchCount]: 'two' },
      `metadata.annotations[${A.imageCacheMatchCount}]: "two" is not a whole number`,
    ],
    [
      { [A.imageCacheMatchCount]: '3' },
      `metadata.annotations[${A.imageCacheMatchCount}]: "3" asks for 3 matched images, but the pod has 2; use 1 to 2, or ${A.imageCachePerfectMatch}: "true"`,
    ],
  ])('%j is refused for good, naming the annotation, the value and the fix', (annotations, message) => {
    expect(() => match(annotations)).toThrow(TranslationError);
    expect(() => match(annotations)).toThrow(message);
  });
});
