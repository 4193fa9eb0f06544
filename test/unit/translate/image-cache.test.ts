import { ANNOTATION as A } from '../../../src/translate/annotations.js';
import { TranslationError } from '../../../src/translate/errors.js';
import { imageCacheFields } from '../../../src/translate/image-cache.js';

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
