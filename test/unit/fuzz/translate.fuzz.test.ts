/**
 * translatePod on arbitrary pod-ish objects: it either refuses with a TranslationError (never any
 * other exception), or returns a request the simulator's own validation accepts, for every spec
 * candidate (a DryRun create answers only DryRunOperation).
 */
import type { V1Pod } from '@kubernetes/client-node';
import fc from 'fast-check';
import { isBackendError } from '../../../providers/backend.js';
import { EciSimulator } from '../../../providers/simulator/index.js';
import {
  applySpec,
  TranslationError,
  translatePod,
  type TranslationContext,
} from '../../../src/translate/index.js';
import { podish } from './arbitraries.js';

const RUNS = Number(process.env.FUZZ_RUNS ?? 400);
// Reproducible by default; FUZZ_SEED=<n> explores other inputs (a failure prints its seed).
const SEED = Number(process.env.FUZZ_SEED ?? 20261123);

const ctx: TranslationContext = {
  regionId: 'cn-hangzhou',
  vSwitchIds: ['vsw-a', 'vsw-b'],
  securityGroupId: 'sg-1',
  kubeProxy: true,
  clusterId: 'c-fuzz',
  nodeName: 'virtual-kubelet-cn-hangzhou-b',
  refs: {
    configMaps: new Map(),
    secrets: new Map(),
    persistentVolumeClaims: new Map(),
    persistentVolumes: new Map(),
  },
  clusterDns: { nameservers: ['10.96.0.10'], clusterDomain: 'cluster.local' },
};

let sim: EciSimulator;
beforeAll(() => {
  sim = new EciSimulator({ speed: 0 });
});
afterAll(() => sim.close());

/** What the simulator says about a DryRun create: 'DryRunOperation' when it would accept it. */
async function dryRun(request: Parameters<EciSimulator['createContainerGroup']>[0]): Promise<string> {
  try {
    await sim.createContainerGroup({ ...request, DryRun: true });
    return 'created (DryRun ignored)';
  } catch (err) {
    if (isBackendError(err)) return err.code === 'DryRunOperation' ? err.code : `${err.code}: ${err.message}`;
    throw err;
  }
}

describe('translatePod on arbitrary pods', () => {
  it('throws only TranslationError, and what it returns is a valid ECI request', async () => {
    let translated = 0;
    const refusals = new Map<string, number>();
    await fc.assert(
      fc.asyncProperty(podish, async (pod) => {
        let translation;
        try {
          translation = translatePod(pod, ctx);
        } catch (err) {
          if (err instanceof TranslationError) {
            const key = err.field.replace(/\[\d+\]/g, '[]');
            refusals.set(key, (refusals.get(key) ?? 0) + 1);
            expect(err.message.startsWith(`${err.field}: `)).toBe(true);
            return;
          }
          throw err;
        }
        translated++;
        for (const candidate of translation.candidates) {
          const request = { ...applySpec(translation.request, candidate), ClientToken: pod.metadata?.uid };
          expect(await dryRun(request)).toBe('DryRunOperation');
        }
      }),
      { numRuns: RUNS, seed: SEED },
    );
    // The property is not vacuous: a fair share of the pods went all the way to ECI's validation,
    // and the refusals are spread over many fields.
    expect(translated).toBeGreaterThan(RUNS / 20);
    expect(refusals.size).toBeGreaterThan(20);
  }, 120_000);

  // Found by the property above: sizing rounds 2 vCPU / 4.125 GiB up to the regional spec 2-6Gi
  // (src/translate/specs.ts), which the simulator's spec table (providers/eci-api/facts.ts) refuses.
  it('a pod of 2 vCPU and 4.125 GiB gets a spec the simulator accepts', async () => {
    const pod: V1Pod = {
      metadata: { name: 'web', namespace: 'default', uid: 'uid-1' },
      spec: {
        containers: [
          { name: 'a', image: 'nginx', resources: { limits: { cpu: '2', memory: '4Gi' } } },
          { name: 'b', image: 'nginx', resources: { limits: { memory: '128Mi' } } },
        ],
      },
    };
    const { request } = translatePod(pod, ctx);
    expect(await dryRun({ ...request, ClientToken: 'uid-1' })).toBe('DryRunOperation');
  });
});
