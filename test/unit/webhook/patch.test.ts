import { parseEciProfile } from '../../../src/profile/parse.js';
import type { EciProfile } from '../../../src/profile/types.js';
import { escapePointer, mutatePod } from '../../../src/webhook/patch.js';
import { toleratesVirtualNode } from '../../../src/webhook/schedule.js';
import type { PodLike, Toleration } from '../../../src/webhook/types.js';
import { applyPatch } from './json-patch.js';

const NONE: EciProfile = { selectors: [] };
const ECI = { 'alibabacloud.com/eci': 'true' };
const REQ = { key: 'type', operator: 'In', values: ['virtual-kubelet'] };
const TOLERATION = { key: 'virtual-kubelet.io/provider', operator: 'Exists', effect: 'NoSchedule' };

function pod(
  namespace: string,
  labels?: Record<string, string>,
  spec: PodLike['spec'] = {},
  extra: Partial<NonNullable<PodLike['metadata']>> = {},
): PodLike {
  return {
    metadata: { name: 'p', namespace, ...(labels ? { labels } : {}), ...extra },
    spec: { containers: [{ name: 'app', image: 'nginx' }], ...spec } as PodLike['spec'],
  };
}

/** The pod as the API server stores it after the webhook; the same call again must change nothing. */
function mutated(
  p: PodLike,
  namespaceLabels: Record<string, string> = {},
  profile: EciProfile = NONE,
): PodLike {
  const { patch } = mutatePod(p, namespaceLabels, profile);
  const result = applyPatch(p, patch);
  expect(mutatePod(result, namespaceLabels, profile).patch).toEqual([]);
  return result;
}

describe('mutatePod: who is sent to the virtual node', () => {
  it('leaves a pod nothing matches alone', () => {
    expect(mutatePod(pod('default', { app: 'web' }), { team: 'a' }, NONE)).toEqual({
      patch: [],
      matched: [],
    });
  });

  it('scenario 04: the pod label alone adds the toleration and the node affinity', () => {
    const { matched } = mutatePod(pod('default', ECI), {}, NONE);
    expect(matched).toEqual(['default-pod-selector']);
    const result = mutated(pod('default', ECI));
    expect(result.spec?.tolerations).toEqual([TOLERATION]);
    expect(result.spec?.affinity).toEqual({
      nodeAffinity: {
        requiredDuringSchedulingIgnoredDuringExecution: { nodeSelectorTerms: [{ matchExpressions: [REQ] }] },
      },
    });
    expect(result.metadata?.labels).toEqual(ECI);
  });

  it('scenario 05: the namespace label alone, with no change to the pod itself otherwise', () => {
    const { matched } = mutatePod(pod('vk-ns'), ECI, NONE);
    expect(matched).toEqual(['default-namespace-selector']);
    const result = mutated(pod('vk-ns'), ECI);
    expect(result.metadata).toEqual({ name: 'p', namespace: 'vk-ns' });
    expect(result.spec?.tolerations).toEqual([TOLERATION]);
  });

  it('scenario 02: an injection namespace gets affinity and toleration; the spec annotation stays', () => {
    const injected = { 'virtual-node-affinity-injection': 'enabled' };
    const p = pod(
      'vk-injected',
      { app: 'helloworld-go' },
      {},
      { annotations: { 'k8s.aliyun.com/eci-use-specs': '2-4Gi' } },
    );
    expect(mutatePod(p, injected, NONE).matched).toEqual(['virtual-node-affinity-injection']);
    const result = mutated(p, injected);
    expect(result.metadata?.annotations).toEqual({ 'k8s.aliyun.com/eci-use-specs': '2-4Gi' });
    expect(result.spec?.tolerations).toEqual([TOLERATION]);
    expect(result.spec?.affinity?.nodeAffinity?.requiredDuringSchedulingIgnoredDuringExecution).toEqual({
      nodeSelectorTerms: [{ matchExpressions: [REQ] }],
    });
  });

  it('never mutates a pod in kube-system', () => {
    expect(mutatePod(pod('kube-system', ECI), ECI, NONE)).toEqual({ patch: [], matched: [] });
    const noNamespace: PodLike = { metadata: { labels: ECI }, spec: {} };
    expect(mutatePod(noNamespace, { 'kubernetes.io/metadata.name': 'kube-system' }, NONE).patch).toEqual([]);
  });

  it('leaves DaemonSet pods alone (the virtual node runs none)', () => {
    const p = pod('vk-ns', undefined, {}, { ownerReferences: [{ kind: 'DaemonSet' }] });
    expect(mutatePod(p, ECI, NONE)).toEqual({ patch: [], matched: [] });
  });
});

describe('mutatePod: node selection merged into what the pod has', () => {
  const preferred = [
    { weight: 20, preference: { matchExpressions: [{ key: 'disk', operator: 'In', values: ['ssd'] }] } },
  ];

  it('creates the whole affinity when the pod has none', () => {
    expect(mutatePod(pod('d', ECI), {}, NONE).patch).toContainEqual({
      op: 'add',
      path: '/spec/affinity',
      value: {
        nodeAffinity: {
          requiredDuringSchedulingIgnoredDuringExecution: {
            nodeSelectorTerms: [{ matchExpressions: [REQ] }],
          },
        },
      },
    });
  });

  it('adds nodeAffinity next to an existing podAntiAffinity', () => {
    const anti = {
      requiredDuringSchedulingIgnoredDuringExecution: [{ topologyKey: 'kubernetes.io/hostname' }],
    };
    const result = mutated(pod('d', ECI, { affinity: { podAntiAffinity: anti } }));
    expect(result.spec?.affinity).toEqual({
      podAntiAffinity: anti,
      nodeAffinity: {
        requiredDuringSchedulingIgnoredDuringExecution: { nodeSelectorTerms: [{ matchExpressions: [REQ] }] },
      },
    });
  });

  it('ANDs the requirement into every existing required term (terms are ORed)', () => {
    const terms = [
      { matchExpressions: [{ key: 'mykey4pod', operator: 'In', values: ['asmgateway'] }] },
      { matchFields: [{ key: 'metadata.name', operator: 'In', values: ['n1'] }] },
    ];
    const result = mutated(
      pod('d', ECI, {
        affinity: {
          nodeAffinity: { requiredDuringSchedulingIgnoredDuringExecution: { nodeSelectorTerms: terms } },
        },
      }),
    );
    expect(
      result.spec?.affinity?.nodeAffinity?.requiredDuringSchedulingIgnoredDuringExecution?.nodeSelectorTerms,
    ).toEqual([
      { matchExpressions: [{ key: 'mykey4pod', operator: 'In', values: ['asmgateway'] }, REQ] },
      { matchFields: [{ key: 'metadata.name', operator: 'In', values: ['n1'] }], matchExpressions: [REQ] },
    ]);
  });

  it('adds a required term next to preferred-only affinity, keeping the preferences', () => {
    const result = mutated(
      pod('d', ECI, {
        affinity: { nodeAffinity: { preferredDuringSchedulingIgnoredDuringExecution: preferred } },
      }),
    );
    expect(result.spec?.affinity?.nodeAffinity).toEqual({
      preferredDuringSchedulingIgnoredDuringExecution: preferred,
      requiredDuringSchedulingIgnoredDuringExecution: { nodeSelectorTerms: [{ matchExpressions: [REQ] }] },
    });
  });

  it('fills an empty nodeSelectorTerms list', () => {
    const result = mutated(
      pod('d', ECI, {
        affinity: {
          nodeAffinity: { requiredDuringSchedulingIgnoredDuringExecution: { nodeSelectorTerms: [] } },
        },
      }),
    );
    expect(result.spec?.affinity?.nodeAffinity?.requiredDuringSchedulingIgnoredDuringExecution).toEqual({
      nodeSelectorTerms: [{ matchExpressions: [REQ] }],
    });
  });

  it('keeps an unrelated nodeSelector and adds the affinity', () => {
    const result = mutated(pod('d', ECI, { nodeSelector: { disktype: 'ssd' } }));
    expect(result.spec?.nodeSelector).toEqual({ disktype: 'ssd' });
    expect(
      result.spec?.affinity?.nodeAffinity?.requiredDuringSchedulingIgnoredDuringExecution?.nodeSelectorTerms,
    ).toEqual([{ matchExpressions: [REQ] }]);
  });

  it('takes nodeSelector type=virtual-kubelet as already selecting the virtual node', () => {
    const { patch } = mutatePod(pod('d', ECI, { nodeSelector: { type: 'virtual-kubelet' } }), {}, NONE);
    expect(patch).toEqual([{ op: 'add', path: '/spec/tolerations', value: [TOLERATION] }]);
  });

  it('adds nothing to a pod that already tolerates and selects the virtual node', () => {
    const p = pod('d', ECI, {
      tolerations: [
        {
          key: 'virtual-kubelet.io/provider',
          operator: 'Equal',
          value: 'alibabacloud',
          effect: 'NoSchedule',
        },
      ],
      affinity: {
        nodeAffinity: {
          requiredDuringSchedulingIgnoredDuringExecution: {
            nodeSelectorTerms: [{ matchExpressions: [REQ] }],
          },
        },
      },
    });
    expect(mutatePod(p, {}, NONE)).toEqual({ patch: [], matched: ['default-pod-selector'] });
  });

  it('appends the toleration to the pod’s own tolerations', () => {
    const own: Toleration = { key: 'mykey', operator: 'Equal', value: 'myvalue', effect: 'NoSchedule' };
    expect(mutated(pod('d', ECI, { tolerations: [own] })).spec?.tolerations).toEqual([own, TOLERATION]);
  });

  it('respects an explicit choice: a pod bound to a node, or selecting another type', () => {
    expect(mutatePod(pod('d', ECI, { nodeName: 'node1' }), {}, NONE).patch).toEqual([]);
    expect(mutatePod(pod('d', ECI, { nodeSelector: { type: 'ecs' } }), {}, NONE).patch).toEqual([]);
  });

  it('scenario 07: the gateway pods match no selector and are left exactly as written', () => {
    const gateway = pod(
      'istio-system',
      { app: 'istio-ingressgateway' },
      {
        affinity: {
          nodeAffinity: {
            preferredDuringSchedulingIgnoredDuringExecution: preferred,
            requiredDuringSchedulingIgnoredDuringExecution: {
              nodeSelectorTerms: [
                { matchExpressions: [{ key: 'mykey4pod', operator: 'In', values: ['asmgateway'] }] },
                { matchExpressions: [REQ] },
              ],
            },
          },
        },
        tolerations: [
          {
            effect: 'NoSchedule',
            key: 'virtual-kubelet.io/provider',
            operator: 'Equal',
            value: 'alibabacloud',
          },
        ],
      },
    );
    expect(mutatePod(gateway, { 'kubernetes.io/metadata.name': 'istio-system' }, NONE)).toEqual({
      patch: [],
      matched: [],
    });
  });
});

describe('toleratesVirtualNode', () => {
  it.each<[Toleration, boolean]>([
    [{ key: 'virtual-kubelet.io/provider', operator: 'Exists' }, true],
    [{ key: 'virtual-kubelet.io/provider', operator: 'Exists', effect: 'NoSchedule' }, true],
    [{ key: 'virtual-kubelet.io/provider', operator: 'Equal', value: 'alibabacloud' }, true],
    [{ key: 'virtual-kubelet.io/provider', value: 'alibabacloud' }, true],
    [{ key: 'virtual-kubelet.io/provider', operator: 'Equal', value: 'other' }, false],
    [{ key: 'virtual-kubelet.io/provider', operator: 'Exists', effect: 'NoExecute' }, false],
    [{ operator: 'Exists' }, true],
    [{ key: 'other', operator: 'Exists' }, false],
  ])('%j → %s', (t, expected) => {
    expect(toleratesVirtualNode([t])).toBe(expected);
  });
});

describe('JSON Patch paths', () => {
  it('escapes ~ and / in keys (RFC 6901)', () => {
    expect(escapePointer('k8s.aliyun.com/eci-use-specs')).toBe('k8s.aliyun.com~1eci-use-specs');
    expect(escapePointer('a~b/c')).toBe('a~0b~1c');
    expect(escapePointer('a~1')).toBe('a~01');
  });

  it('adds effect keys one by one to existing maps, escaped, and the whole map when there is none', () => {
    const profile: EciProfile = {
      selectors: [
        {
          name: 's',
          objectSelector: { matchLabels: { amd: 'true' } },
          effect: {
            annotations: { 'k8s.aliyun.com/eci-use-specs': 'ecs.c6a.xlarge' },
            labels: { 'example.com/x': 'y' },
          },
        },
      ],
    };
    const { patch } = mutatePod(pod('d', { amd: 'true' }), {}, profile);
    expect(patch).toContainEqual({
      op: 'add',
      path: '/metadata/annotations',
      value: { 'k8s.aliyun.com/eci-use-specs': 'ecs.c6a.xlarge' },
    });
    expect(patch).toContainEqual({ op: 'add', path: '/metadata/labels/example.com~1x', value: 'y' });
    const result = mutated(pod('d', { amd: 'true' }), {}, profile);
    expect(result.metadata?.labels).toEqual({ amd: 'true', 'example.com/x': 'y' });
  });
});

describe("mutatePod: a pod asking for ARM (ACK's ARM virtual nodes)", () => {
  const ARM_TOLERATION = {
    key: 'kubernetes.io/arch',
    operator: 'Equal',
    value: 'arm64',
    effect: 'NoSchedule',
  };
  const archTerm = (values: string[]) => ({
    nodeAffinity: {
      requiredDuringSchedulingIgnoredDuringExecution: {
        nodeSelectorTerms: [{ matchExpressions: [{ key: 'kubernetes.io/arch', operator: 'In', values }] }],
      },
    },
  });

  it("nodeSelector kubernetes.io/arch: arm64 gets the ARM taint's toleration too, as on ACK 1.24+ and GKE", () => {
    const result = mutated(pod('default', ECI, { nodeSelector: { 'kubernetes.io/arch': 'arm64' } }));
    expect(result.spec?.tolerations).toEqual([TOLERATION, ARM_TOLERATION]);
  });

  it('a required affinity allowing arm64 (multi-arch too) gets it; its own tolerations are kept', () => {
    const own: Toleration = { key: 'team', operator: 'Exists' };
    const result = mutated(
      pod('default', ECI, { affinity: archTerm(['amd64', 'arm64']), tolerations: [own] }),
    );
    expect(result.spec?.tolerations).toEqual([own, TOLERATION, ARM_TOLERATION]);
  });

  it('an x86 pod, or one already tolerating the taint, gets no ARM toleration', () => {
    expect(mutated(pod('default', ECI, { affinity: archTerm(['amd64']) })).spec?.tolerations).toEqual([
      TOLERATION,
    ]);
    const tolerant = mutated(
      pod('default', ECI, {
        nodeSelector: { 'kubernetes.io/arch': 'arm64' },
        tolerations: [{ operator: 'Exists' }],
      }),
    );
    expect(tolerant.spec?.tolerations).toEqual([{ operator: 'Exists' }]);
  });
});

describe('scenario 06: the eci-profile selectors ConfigMap', () => {
  // Verbatim from scenarios/06-eci-profile-selectors.yaml.
  const selectors = `[
      {"name": "eci-selector-1",
       "namespaceSelector": {"matchLabels": {"type": "eci"}},
       "objectSelector": {"matchLabels": {"created-by-eci": "true"}}},
      {"name": "gpu-namespace-selector-1",
       "namespaceSelector": {"matchLabels": {"gpu": "true"}},
       "effect": {"annotations": {"k8s.aliyun.com/eci-use-specs": "ecs.gn6v-c8g1.2xlarge"}}},
      {"name": "amd-object-selector-1",
       "objectSelector": {"matchLabels": {"amd": "true"}},
       "effect": {"annotations": {"k8s.aliyun.com/eci-use-specs": "ecs.c6a.xlarge"},
                  "labels": {"created-by-eci": "true"}}}
    ]`;
  const { profile, errors } = parseEciProfile({ selectors });
  const onVirtualNode = (p: PodLike): boolean =>
    toleratesVirtualNode(p.spec?.tolerations ?? []) &&
    JSON.stringify(p.spec?.affinity?.nodeAffinity?.requiredDuringSchedulingIgnoredDuringExecution) ===
      JSON.stringify({ nodeSelectorTerms: [{ matchExpressions: [REQ] }] });

  it('parses without errors', () => {
    expect(errors).toEqual([]);
    expect(profile.selectors.map((s) => s.name)).toEqual([
      'eci-selector-1',
      'gpu-namespace-selector-1',
      'amd-object-selector-1',
    ]);
  });

  it('sends pod `tagged` in namespace eci-typed to the virtual node, with no effect', () => {
    const tagged = pod('eci-typed', { 'created-by-eci': 'true' });
    expect(mutatePod(tagged, { type: 'eci' }, profile).matched).toEqual(['eci-selector-1']);
    const result = mutated(tagged, { type: 'eci' }, profile);
    expect(onVirtualNode(result)).toBe(true);
    expect(result.metadata?.annotations).toBeUndefined();
  });

  it('does not move a created-by-eci pod in a namespace without type=eci', () => {
    expect(mutatePod(pod('default', { 'created-by-eci': 'true' }), {}, profile)).toEqual({
      patch: [],
      matched: [],
    });
  });

  it('sends pod `trainer` in gpu-team to the virtual node as ecs.gn6v-c8g1.2xlarge', () => {
    const result = mutated(pod('gpu-team'), { gpu: 'true' }, profile);
    expect(onVirtualNode(result)).toBe(true);
    expect(result.metadata?.annotations).toEqual({ 'k8s.aliyun.com/eci-use-specs': 'ecs.gn6v-c8g1.2xlarge' });
  });

  it('gives `amd-job` the c6a spec and the created-by-eci label', () => {
    const result = mutated(pod('default', { amd: 'true' }), {}, profile);
    expect(onVirtualNode(result)).toBe(true);
    expect(result.metadata?.annotations).toEqual({ 'k8s.aliyun.com/eci-use-specs': 'ecs.c6a.xlarge' });
    expect(result.metadata?.labels).toEqual({ amd: 'true', 'created-by-eci': 'true' });
  });

  it('keeps the spec annotation `amd-job` set itself (effects never overwrite)', () => {
    const own = pod(
      'default',
      { amd: 'true' },
      {},
      { annotations: { 'k8s.aliyun.com/eci-use-specs': '4-8Gi' } },
    );
    const result = mutated(own, {}, profile);
    expect(result.metadata?.annotations).toEqual({ 'k8s.aliyun.com/eci-use-specs': '4-8Gi' });
    expect(result.metadata?.labels).toEqual({ amd: 'true', 'created-by-eci': 'true' });
  });
});
