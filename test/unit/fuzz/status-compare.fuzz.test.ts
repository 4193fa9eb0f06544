import type { V1PodCondition, V1PodStatus } from '@kubernetes/client-node';
import fc from 'fast-check';
import { sameVisibleStatus } from '../../../src/translate/status-patch.js';

/**
 * The comparison statusPatch made before it walked both statuses in place (0d8a358): canonical JSON
 * text of each, Dates as ISO strings, keys sorted, undefined dropped, conditions by type without
 * probe times. The in-place walk must agree with it on every pair.
 */
function canonical(value: unknown): unknown {
  if (value instanceof Date) return value.toISOString();
  if (Array.isArray(value)) return value.map(canonical);
  if (value !== null && typeof value === 'object') {
    const out: Record<string, unknown> = {};
    for (const key of Object.keys(value).sort()) {
      const v = (value as Record<string, unknown>)[key];
      if (v !== undefined) out[key] = canonical(v);
    }
    return out;
  }
  return value;
}

function visible(s: V1PodStatus): string {
  const conditions = [...(s.conditions ?? [])]
    .map(({ lastProbeTime: _probe, ...rest }) => ({
      ...rest,
      lastTransitionTime: rest.lastTransitionTime
        ? new Date(rest.lastTransitionTime).toISOString()
        : undefined,
    }))
    .sort((a, b) => (a.type < b.type ? -1 : a.type > b.type ? 1 : 0));
  return JSON.stringify(canonical({ ...s, conditions }));
}

const instant = fc.constantFrom('2026-01-02T03:04:05.000Z', '2026-01-02T03:04:06.000Z');
// The same instant as a Date, as its ISO text, or as other text for it (which JSON tells apart).
const time = fc.oneof(
  instant.map((t) => new Date(t)),
  instant,
  instant.map((t) => t.replace('.000Z', 'Z')),
  fc.constant(undefined),
);
const word = fc.constantFrom('True', 'False', 'Ready', 'ContainersNotReady', '', null, undefined);
const condition: fc.Arbitrary<V1PodCondition> = fc.record(
  {
    type: fc.constantFrom('Ready', 'Initialized', 'PodScheduled', 'ContainersReady'),
    status: fc.constantFrom('True', 'False'),
    reason: word,
    message: word,
    lastProbeTime: time,
    lastTransitionTime: time,
  },
  { requiredKeys: ['type', 'status'] },
) as fc.Arbitrary<V1PodCondition>;
const status: fc.Arbitrary<V1PodStatus> = fc.record(
  {
    phase: fc.constantFrom('Pending', 'Running', undefined),
    hostIP: fc.constantFrom('10.0.0.1', '10.0.0.2', undefined),
    podIPs: fc.constantFrom([{ ip: '10.1.0.1' }], [{ ip: '10.1.0.1' }, { ip: 'fd00::1' }], [], undefined),
    startTime: time,
    conditions: fc.oneof(fc.array(condition, { maxLength: 4 }), fc.constant(undefined)),
    containerStatuses: fc.constantFrom(
      [{ name: 'app', ready: true, restartCount: 0, state: { running: { startedAt: new Date(0) } } }],
      [
        {
          name: 'app',
          ready: true,
          restartCount: 0,
          state: { running: { startedAt: '1970-01-01T00:00:00.000Z' } },
        },
      ],
      [{ ready: true, name: 'app', restartCount: 1, state: { running: {} } }],
      undefined,
    ),
  },
  { requiredKeys: [] },
) as fc.Arbitrary<V1PodStatus>;

/** A copy with its keys in another order and its conditions shuffled: the same status to a user. */
function reordered(s: V1PodStatus): V1PodStatus {
  const entries = Object.entries(s).reverse();
  const out = Object.fromEntries(entries) as V1PodStatus;
  if (s.conditions) out.conditions = [...s.conditions].reverse().map((c) => ({ ...c }));
  return out;
}

describe('sameVisibleStatus', () => {
  it('agrees with comparing canonical JSON texts on any two statuses', () => {
    fc.assert(
      fc.property(status, status, (a, b) => {
        expect(sameVisibleStatus(a, b)).toBe(visible(a) === visible(b));
      }),
      { numRuns: 5000 },
    );
  });

  it('agrees on a status and its reordered copy, with one field maybe changed', () => {
    fc.assert(
      fc.property(status, fc.constantFrom('phase', 'hostIP', 'startTime', 'none'), (a, field) => {
        const b = reordered(a) as Record<string, unknown>;
        if (field !== 'none') b[field] = field === 'startTime' ? new Date(1) : 'other';
        expect(sameVisibleStatus(a, b as V1PodStatus)).toBe(visible(a) === visible(b as V1PodStatus));
      }),
      { numRuns: 5000 },
    );
  });

  it('tells a changed reason, a nulled one and a moved transition time apart', () => {
    const ready: V1PodCondition = {
      type: 'Ready',
      status: 'True',
      reason: 'x',
      lastTransitionTime: new Date('2026-01-02T03:04:05Z'),
    };
    const base: V1PodStatus = { phase: 'Running', conditions: [ready] };
    expect(sameVisibleStatus(base, { phase: 'Running', conditions: [{ ...ready, reason: 'y' }] })).toBe(
      false,
    );
    expect(
      sameVisibleStatus(base, {
        phase: 'Running',
        conditions: [{ ...ready, reason: null as unknown as string }],
      }),
    ).toBe(false);
    const moved = { ...ready, lastTransitionTime: new Date('2026-01-02T03:04:06Z') };
    expect(sameVisibleStatus(base, { phase: 'Running', conditions: [moved] })).toBe(false);
    const probed = { ...ready, lastProbeTime: new Date('2030-01-01T00:00:00Z') };
    expect(sameVisibleStatus(base, { phase: 'Running', conditions: [probed] })).toBe(true);
  });
});
