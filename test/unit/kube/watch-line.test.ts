import { modifiedVersion } from '../../../src/kube/watch-line.js';

const event = (type: string, metadata: Record<string, unknown>): string =>
  JSON.stringify({ type, object: { kind: 'Pod', apiVersion: 'v1', metadata, status: { phase: 'Running' } } });

describe('modifiedVersion', () => {
  it("reads a MODIFIED event's resourceVersion as the API server encodes it", () => {
    const line = event('MODIFIED', {
      name: 'web',
      namespace: 'default',
      uid: 'u-1',
      resourceVersion: '4711',
    });
    expect(modifiedVersion(line)).toBe('4711');
  });

  it("takes the object's own version, not a label or annotation that mimics it further on", () => {
    const line = event('MODIFIED', {
      name: 'web',
      namespace: 'default',
      uid: 'u-1',
      resourceVersion: '4711',
      labels: { resourceVersion: '1' },
      annotations: { note: '"resourceVersion":"2"' },
    });
    expect(modifiedVersion(line)).toBe('4711');
  });

  it('reads nothing from other events or from an object without a version', () => {
    const metadata = { name: 'web', namespace: 'default', resourceVersion: '4711' };
    for (const type of ['ADDED', 'DELETED', 'BOOKMARK', 'ERROR'])
      expect(modifiedVersion(event(type, metadata))).toBeUndefined();
    expect(modifiedVersion(event('MODIFIED', { name: 'web', namespace: 'default' }))).toBeUndefined();
    expect(modifiedVersion(event('MODIFIED', { name: 'web', resourceVersion: '' }))).toBeUndefined();
  });
});
