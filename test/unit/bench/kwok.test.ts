import { kwokArgs, kwokNodeManifest, KWOK_TOLERATIONS } from '../../../bench/kwok.js';
import { podManifest } from '../../../bench/load.js';
import { OUR_TOLERATIONS } from '../../../bench/ours.js';
import { kwokCacheDir, KWOK_VERSION, stagesDocument } from '../../cluster/kwok.js';

describe('KWOK install', () => {
  it('is cached per version next to the Kubernetes binaries', () => {
    expect(kwokCacheDir({ ACK_VN_CACHE_DIR: '/c' })).toBe(`/c/kwok-${KWOK_VERSION}`);
  });

  it('joins stage files into one multi-document config', () => {
    expect(stagesDocument(['kind: Stage\nmetadata: {name: a}\n\n', 'kind: Stage\nmetadata: {name: b}'])).toBe(
      'kind: Stage\nmetadata: {name: a}\n---\nkind: Stage\nmetadata: {name: b}\n',
    );
    expect(() => stagesDocument([])).toThrow(/no stage files/);
  });
});

describe('KWOK run', () => {
  it('manages only the annotated node, with the stage config and no server', () => {
    const args = kwokArgs(
      { version: KWOK_VERSION, binary: '/k/kwok', stagesFile: '/k/stages.yaml' },
      '/d/kubeconfig',
    );
    expect(args).toEqual([
      '--kubeconfig=/d/kubeconfig',
      '--config=/k/stages.yaml',
      '--manage-all-nodes=false',
      '--manage-nodes-with-annotation-selector=kwok.x-k8s.io/node=fake',
      '--server-address=',
      '--node-lease-duration-seconds=40',
    ]);
  });

  it('creates a node the selector matches, tainted so that only the benchmark pods tolerate it', () => {
    const node = kwokNodeManifest('n1');
    expect(node.metadata.annotations['kwok.x-k8s.io/node']).toBe('fake');
    expect(node.spec.taints).toEqual([{ key: 'kwok.x-k8s.io/node', value: 'fake', effect: 'NoSchedule' }]);
    expect(KWOK_TOLERATIONS.map((t) => t.key)).toEqual(node.spec.taints.map((t) => t.key));
  });
});

describe('benchmark pods', () => {
  it('are bound to the node (no scheduler) and tolerate its taint', () => {
    const pod = podManifest('ours-00001', {
      namespace: 'bench-ours',
      nodeName: 'vk',
      tolerations: OUR_TOLERATIONS,
    });
    expect(pod.metadata).toMatchObject({ name: 'ours-00001', namespace: 'bench-ours' });
    expect(pod.spec.nodeName).toBe('vk');
    expect(pod.spec.tolerations).toEqual([
      { key: 'virtual-kubelet.io/provider', operator: 'Exists', effect: 'NoSchedule' },
    ]);
    expect(pod.spec.containers).toHaveLength(1);
  });
});
