import { fairShare, ownerLeaseName } from '../../../src/controller/ownership.js';
import { LEASE_SECONDS, Replicas, RETRY_MS, type Replica } from './ownership-harness.js';

describe('sharing nodes among replicas', () => {
  it('each replica serves at most its fair share, so every node has an owner', () => {
    expect(fairShare(3, 1)).toBe(3);
    expect(fairShare(3, 2)).toBe(2);
    expect(fairShare(3, 3)).toBe(1);
    expect(fairShare(3, 5)).toBe(1);
    expect(fairShare(0, 2)).toBe(0);
    expect(fairShare(4, 0)).toBe(4);
  });

  it('one Lease per node, named after it', () => {
    expect(ownerLeaseName('virtual-kubelet-cn-hangzhou-b')).toBe(
      'ack-virtual-node-virtual-kubelet-cn-hangzhou-b',
    );
  });
});

const NODES = ['b', 'c', 'd'].map((zone) => `virtual-kubelet-cn-hangzhou-${zone}`);

describe('replicas sharing three nodes by their Leases', () => {
  let world: Replicas;

  beforeEach(() => {
    world = new Replicas(NODES);
  });

  afterEach(() => {
    // Checked at every clock step: no node run by two replicas, none run by a replica not holding its Lease.
    expect(world.problems()).toEqual([]);
  });

  /** Replica b starts `gapMs` after a; both run until every node is served once, and a while more. */
  async function twoReplicas(gapMs = 0): Promise<{ a: Replica; b: Replica }> {
    const a = world.start('a');
    await world.advance(gapMs);
    const b = world.start('b');
    const started = { a: await a, b: await b };
    await world.until('every node is served once', () => world.allServedOnce());
    await world.advance(3 * RETRY_MS);
    return started;
  }

  /** The replica serving more nodes first. */
  function byLoad(a: Replica, b: Replica): [Replica, Replica] {
    return world.serving(a).length >= world.serving(b).length ? [a, b] : [b, a];
  }

  it('gives every node exactly one owner and no replica more than its fair share', async () => {
    const { a, b } = await twoReplicas();
    expect(world.allServedOnce()).toBe(true);
    for (const replica of [a, b]) {
      expect(replica.peak).toBeLessThanOrEqual(fairShare(3, 2));
      for (const node of world.serving(replica)) expect(world.holder(node)).toBe(replica.name);
    }
  });

  // The phases vary when the survivor last saw the dead replica's renewal, relative to its own rounds.
  it.each([
    [0, 0],
    [1_800, 200],
    [1_000, 1_500],
  ])(
    'takes over a killed replica’s nodes within a lease duration and a retry period (b started %d ms after a, killed %d ms later)',
    async (gapMs, killAfterMs) => {
      const { a, b } = await twoReplicas(gapMs);
      await world.advance(killAfterMs);
      const [victim, survivor] = byLoad(a, b);
      const orphans = world.serving(victim);
      const runsBefore = survivor.runs.length;
      const releasesBefore = survivor.releases.length;
      world.kill(victim);
      const took = await world.until(
        'the survivor serves every node',
        () => world.serving(survivor).length === 3,
      );
      expect(took).toBeLessThanOrEqual(LEASE_SECONDS * 1000 + RETRY_MS);
      await world.advance(LEASE_SECONDS * 1000);
      // Each taken node started once, and nothing else restarted.
      expect(survivor.runs.slice(runsBefore).sort()).toEqual([...orphans].sort());
      expect(survivor.releases.slice(releasesBefore)).toEqual([]);
      for (const node of NODES) expect(world.holder(node)).toBe(survivor.name);
    },
  );

  it('hands a stopped replica’s nodes over at the next retry, not after a lease duration', async () => {
    const { a, b } = await twoReplicas(700);
    const [leaving, staying] = byLoad(a, b);
    const handed = world.serving(leaving);
    const releasedBefore = leaving.releases.length;
    await world.stop(leaving);
    expect(leaving.releases.slice(releasedBefore).sort()).toEqual([...handed].sort());
    for (const node of handed) expect(world.holder(node)).toBeUndefined();
    // Nothing of it keeps running: no renewal is armed, its last round ends at its next wake-up.
    expect(leaving.clock.pendingTimers).toBe(1);
    await leaving.clock.advanceAsync(RETRY_MS);
    expect(leaving.clock.pendingTimers).toBe(0);
    const took = await world.until(
      'the other replica serves every node',
      () => world.serving(staying).length === 3,
    );
    expect(took).toBeLessThanOrEqual(RETRY_MS);
    for (const node of NODES) expect(world.holder(node)).toBe(staying.name);
  });

  it('spreads the nodes when a third replica joins: the surplus is released and taken', async () => {
    const { a, b } = await twoReplicas(500);
    const [busy, other] = byLoad(a, b);
    const before = { busy: busy.releases.length, other: other.releases.length };
    const c = await world.start('c');
    await world.until('each replica serves one node', () =>
      [a, b, c].every((r) => world.serving(r).length === fairShare(3, 3)),
    );
    await world.advance(LEASE_SECONDS * 1000);
    expect(world.allServedOnce()).toBe(true);
    const surplus = busy.releases.slice(before.busy);
    expect(surplus).toHaveLength(1);
    expect(other.releases.slice(before.other)).toEqual([]);
    expect(c.runs).toEqual(surplus);
    for (const replica of [a, b, c]) {
      expect(world.serving(replica)).toHaveLength(1);
      expect(world.holder(world.serving(replica)[0] ?? '')).toBe(replica.name);
    }
  });
});
