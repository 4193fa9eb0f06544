import { mountedObjects, WaitingPods, type ObjectRef } from '../../../src/pods/waiting.js';

const cm = (name: string): ObjectRef => ({ namespace: 'default', kind: 'configmaps', name });

describe('WaitingPods', () => {
  test('wakes every pod waiting on an object when it appears or changes, not when it stays the same', () => {
    const waiting = new WaitingPods();
    waiting.wait('default/a', [{ ref: cm('settings'), seen: undefined }]);
    waiting.wait('default/b', [{ ref: cm('settings'), seen: undefined }]);
    expect(waiting.observed(cm('settings'), undefined)).toEqual([]);
    expect(waiting.observed(cm('settings'), '12').sort()).toEqual(['default/a', 'default/b']);
    expect(waiting.observed(cm('settings'), '12')).toEqual([]);
    expect(waiting.observed(cm('settings'), '13').sort()).toEqual(['default/a', 'default/b']);
  });

  test('forgets an object once no pod waits on it: memory follows the waiting pods', () => {
    const waiting = new WaitingPods();
    waiting.wait('default/a', [
      { ref: cm('x'), seen: undefined },
      { ref: cm('y'), seen: '1' },
    ]);
    expect(waiting.due(10)).toHaveLength(2);
    waiting.wait('default/a', [{ ref: cm('y'), seen: '1' }]);
    expect(waiting.due(10)).toEqual([cm('y')]);
    waiting.release('default/a');
    expect(waiting.due(10)).toEqual([]);
    expect(waiting.size).toBe(0);
  });

  test('reads take turns: with more objects than a check reads, each is read within a few checks', () => {
    const waiting = new WaitingPods();
    for (let i = 0; i < 5; i++) waiting.wait(`default/p${i}`, [{ ref: cm(`c${i}`), seen: undefined }]);
    const read = [...waiting.due(2), ...waiting.due(2), ...waiting.due(2)].map((r) => r.name);
    expect(new Set(read)).toEqual(new Set(['c0', 'c1', 'c2', 'c3', 'c4']));
  });
});

describe('mountedObjects', () => {
  test('the ConfigMaps and Secrets volumes mount, once each; env and pull secrets are not refreshed', () => {
    const refs = mountedObjects({
      metadata: { namespace: 'shop' },
      spec: {
        imagePullSecrets: [{ name: 'pull' }],
        containers: [
          {
            name: 'app',
            env: [{ name: 'A', valueFrom: { configMapKeyRef: { name: 'env-only', key: 'a' } } }],
          },
        ],
        volumes: [
          { name: 'a', configMap: { name: 'settings' } },
          { name: 'b', secret: { secretName: 'creds' } },
          {
            name: 'c',
            projected: { sources: [{ configMap: { name: 'settings' } }, { secret: { name: 'tls' } }] },
          },
          { name: 'd', emptyDir: {} },
        ],
      },
    });
    expect(refs).toEqual([
      { namespace: 'shop', kind: 'configmaps', name: 'settings' },
      { namespace: 'shop', kind: 'secrets', name: 'creds' },
      { namespace: 'shop', kind: 'secrets', name: 'tls' },
    ]);
  });
});
