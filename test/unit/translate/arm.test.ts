import { translatePod, TranslationError } from '../../../src/translate/index.js';
import { makeCtx, makePod } from './fixtures.js';

const ARM_NODE = 'virtual-kubelet-cn-hangzhou-b-linux-arm64';
const onArm = makeCtx({ cpuArchitecture: 'ARM64', nodeName: ARM_NODE });
const app = (resources?: { limits: Record<string, string> }) => ({
  name: 'app',
  image: 'arm64v8/nginx',
  resources,
});

function refused(
  annotations: Record<string, string>,
  resources?: { limits: Record<string, string> },
): string {
  try {
    translatePod(makePod({ containers: [app(resources)] }, { annotations }), onArm);
  } catch (err) {
    expect(err).toBeInstanceOf(TranslationError);
    return (err as Error).message;
  }
  throw new Error('translated');
}

describe('a pod on an ARM virtual node', () => {
  it('asks ECI for ARM64 with the vCPU-memory spec (ECI picks the ARM type: 2-4 is ecs.c8y.large)', () => {
    const { request } = translatePod(makePod({ containers: [app()] }), onArm);
    expect(request).toMatchObject({ CpuArchitecture: 'ARM64', Cpu: 2, Memory: 4 });
    expect(request.InstanceType).toBeUndefined();
    const sized = translatePod(
      makePod({ containers: [app({ limits: { cpu: '3', memory: '12Gi' } })] }),
      onArm,
    );
    expect(sized.request).toMatchObject({ CpuArchitecture: 'ARM64', Cpu: 4, Memory: 12 }); // ECI: ecs.g8y.xlarge
  });

  it('takes ARM instance types from eci-use-specs', () => {
    const pod = makePod(
      { containers: [app()] },
      { annotations: { 'k8s.aliyun.com/eci-use-specs': 'ecs.c8y.large,ecs.g8y.large' } },
    );
    const { request, candidates } = translatePod(pod, onArm);
    expect(request).toMatchObject({ CpuArchitecture: 'ARM64', InstanceType: 'ecs.c8y.large' });
    expect(candidates).toHaveLength(2);
  });

  it('refuses an x86 instance type, naming the annotation, the type, the node and the fix', () => {
    expect(refused({ 'k8s.aliyun.com/eci-use-specs': 'ecs.c6.large' })).toBe(
      `metadata.annotations[k8s.aliyun.com/eci-use-specs]: "ecs.c6.large" is not an ARM instance type, but the pod runs on the ARM node ${ARM_NODE}; ` +
        'list ARM instance types (e.g. ecs.c8y.large,ecs.g8y.large) or vCPU-memory specs, or schedule the pod to an x86 node (nodeSelector kubernetes.io/arch: amd64)',
    );
  });

  it('refuses a GPU instance type: GPU types are x86', () => {
    expect(
      refused(
        { 'k8s.aliyun.com/eci-use-specs': 'ecs.gn6i-c4g1.xlarge' },
        { limits: { 'nvidia.com/gpu': '1' } },
      ),
    ).toMatch(
      /^metadata\.annotations\[k8s\.aliyun\.com\/eci-use-specs\]: "ecs\.gn6i-c4g1\.xlarge" is not an ARM instance type/,
    );
  });

  it('an x86 node sends no CpuArchitecture (ECI defaults to AMD64)', () => {
    const { request } = translatePod(makePod({ containers: [app()] }), makeCtx());
    expect(request).not.toHaveProperty('CpuArchitecture');
  });
});
