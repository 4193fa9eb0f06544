// Random interleavings of what the pod loop must survive: pods created, deleted and force-deleted,
// names reused, the controller restarted, and ECI failing or timing out (the work done, the answer
// lost). Whatever the order, three things hold: never two container groups for one pod UID; once
// things calm down, no group without its pod, and every pod Running or gone as asked.
import { jest } from '@jest/globals';
import fc from 'fast-check';
import { PodLoop } from './harness.js';

jest.setTimeout(120_000);

const NAMES = ['a', 'b', 'c'];

type Step =
  | { kind: 'create' | 'delete' | 'forceDelete'; name: string }
  | { kind: 'restart' }
  | { kind: 'faults'; errorRate: number; timeoutRate: number }
  | { kind: 'wait'; ms: number };

const step: fc.Arbitrary<Step> = fc.oneof(
  fc.record({ kind: fc.constantFrom('create' as const), name: fc.constantFrom(...NAMES) }),
  fc.record({
    kind: fc.constantFrom('delete' as const, 'forceDelete' as const),
    name: fc.constantFrom(...NAMES),
  }),
  fc.constant({ kind: 'restart' as const }),
  fc.record({
    kind: fc.constant('faults' as const),
    errorRate: fc.constantFrom(0, 0.3),
    timeoutRate: fc.constantFrom(0, 0.3),
  }),
  fc.record({ kind: fc.constant('wait' as const), ms: fc.integer({ min: 0, max: 8_000 }) }),
);

function duplicateUids(loop: PodLoop): string[] {
  const seen = new Map<string, number>();
  for (const g of loop.liveGroups()) seen.set(g.uid, (seen.get(g.uid) ?? 0) + 1);
  return [...seen].filter(([, n]) => n > 1).map(([uid]) => uid);
}

async function play(steps: Step[]): Promise<void> {
  const loop = new PodLoop();
  let uid = 0;
  try {
    await loop.open();
    await loop.startController();
    for (const s of steps) {
      if (s.kind === 'create' && loop.pod(s.name) === undefined) loop.createPod(s.name, { uid: `u${++uid}` });
      if (s.kind === 'delete') loop.deletePod(s.name);
      if (s.kind === 'forceDelete') loop.forceDeletePod(s.name);
      if (s.kind === 'faults') loop.setFaults({ errorRate: s.errorRate, timeoutRate: s.timeoutRate });
      if (s.kind === 'restart') {
        await loop.stopController();
        await loop.startController();
      }
      await loop.advance(s.kind === 'wait' ? s.ms : 200);
      expect(duplicateUids(loop)).toEqual([]);
    }
    loop.setFaults({ errorRate: 0, timeoutRate: 0 });
    const settled = (): boolean => {
      const pods = loop.pods();
      const uids = new Set(pods.map((p) => p.metadata?.uid));
      return (
        pods.every((p) => p.status?.phase === 'Running' && !p.metadata?.deletionTimestamp) &&
        loop.liveGroups().every((g) => uids.has(g.uid)) &&
        loop.liveGroups().length === pods.length
      );
    };
    // Orphans wait out the listing grace (30 s) and a full listing (5 s here); back-off caps at 60 s.
    await loop.until('converged', settled, 300_000);
    expect(duplicateUids(loop)).toEqual([]);
  } finally {
    await loop.close();
  }
}

test('any interleaving of pod changes, restarts and ECI faults converges with one group per pod', async () => {
  await fc.assert(fc.asyncProperty(fc.array(step, { minLength: 3, maxLength: 12 }), play), {
    numRuns: 20,
    seed: 20261204,
  });
});
