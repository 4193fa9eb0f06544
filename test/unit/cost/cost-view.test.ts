import type * as k8s from '@kubernetes/client-node';
import { register } from 'prom-client';
import type { PriceQuery } from '../../../providers/eci-api/index.js';
import { EciSimulator, ManualClock } from '../../../providers/simulator/index.js';
import { CostView, PRICE_ANNOTATION, reportCostAccrual } from '../../../src/cost/index.js';
import type { PodsApi } from '../../../src/pods/pods-api.js';
import { ANNOTATION, TAG } from '../../../src/translate/index.js';
import { request } from '../simulator/helpers.js';

const HOUR = 3_600_000;
/** 2 vCPU + 4 GiB at the official rates: 0.00012252 CNY a second. */
const TWO_FOUR_HOURLY = 0.00012252 * 3600;
const flush = () => new Promise((resolve) => setImmediate(resolve));

function setUp(add?: (namespace: string, amount: number) => void) {
  const clock = new ManualClock();
  const sim = new EciSimulator({ speed: 1, jitter: 0, clock });
  const priceCalls: PriceQuery[] = [];
  const prices = {
    describeContainerGroupPrice: (q: PriceQuery) => (priceCalls.push(q), sim.describeContainerGroupPrice(q)),
  };
  const view = new CostView(prices, { clock, add });
  return { clock, sim, view, backend: view.observe(sim), priceCalls };
}

const group = (name: string, namespace: string) =>
  request({
    ContainerGroupName: name,
    Cpu: 2,
    Memory: 4,
    Tag: [
      { Key: TAG.cluster, Value: 'c1' },
      { Key: TAG.namespace, Value: namespace },
    ],
  });

test('one price call per distinct spec; cost accrues by namespace while groups are billed', async () => {
  const totals: Record<string, number> = {};
  const { clock, view, backend, priceCalls } = setUp(
    (ns, amount) => (totals[ns] = (totals[ns] ?? 0) + amount),
  );
  const web = await backend.createContainerGroup(group('web', 'shop'));
  const job = await backend.createContainerGroup(group('job', 'batch'));
  await backend.createContainerGroup({ ...group('big', 'shop'), Cpu: 4, Memory: 8 });
  await flush();
  expect(priceCalls).toEqual([
    { Cpu: 2, Memory: 4 },
    { Cpu: 4, Memory: 8 },
  ]);
  clock.advance(1_000); // scheduled: Pending, billed from here
  await backend.describeContainerGroupStatus({});
  clock.advance(HOUR);
  await backend.describeContainerGroupStatus({});
  view.accrue();
  expect(totals.batch).toBeCloseTo(TWO_FOUR_HOURLY, 6);
  expect(totals.shop).toBeCloseTo(3 * TWO_FOUR_HOURLY, 6); // 2-4Gi plus 4-8Gi, twice the price
  await backend.deleteContainerGroup(job.ContainerGroupId);
  clock.advance(HOUR);
  view.accrue();
  expect(totals.batch).toBeCloseTo(TWO_FOUR_HOURLY, 6);
  expect(web.ContainerGroupId).toMatch(/^eci-/);
});

test('a full listing adopts groups made before a restart and drops the ones that vanished', async () => {
  const totals: Record<string, number> = {};
  const add = (ns: string, amount: number) => (totals[ns] = (totals[ns] ?? 0) + amount);
  const first = setUp(add);
  const made = await first.sim.createContainerGroup(group('old', 'shop'));
  const restarted = new CostView(
    { describeContainerGroupPrice: (q) => first.sim.describeContainerGroupPrice(q) },
    {
      clock: first.clock,
      add,
    },
  );
  const backend = restarted.observe(first.sim);
  first.clock.advance(1_000);
  const scope = { Tags: [{ Key: TAG.cluster, Value: 'c1' }] };
  await backend.describeContainerGroups(scope);
  await flush();
  expect(restarted.ledger.isTracked(made.ContainerGroupId)).toBe(true);
  await first.sim.deleteContainerGroup(made.ContainerGroupId); // behind the controller's back
  first.clock.advance(HOUR);
  await backend.describeContainerGroups(scope);
  expect(restarted.ledger.isTracked(made.ContainerGroupId)).toBe(false);
  first.clock.advance(HOUR);
  restarted.accrue();
  expect(totals.shop).toBeCloseTo(TWO_FOUR_HOURLY, 4);
});

test('the price rides on the status write the controller makes anyway, once', async () => {
  const { backend, view } = setUp(() => undefined);
  const { ContainerGroupId } = await backend.createContainerGroup(group('web', 'shop'));
  const written: k8s.V1Pod[] = [];
  const inner: PodsApi = {
    patchStatus: async (_pod, patch) => (written.push(patch), patch.metadata),
    deleteWithUid: async () => true,
    references: async () => ({}) as Awaited<ReturnType<PodsApi['references']>>,
    resourceVersionOf: async () => undefined,
  };
  const pods = view.annotate(inner);
  const pod: k8s.V1Pod = { metadata: { name: 'web', namespace: 'shop', annotations: {} } };
  await pods.patchStatus(pod, { metadata: { annotations: { [ANNOTATION.instanceId]: ContainerGroupId } } });
  expect(written[0].metadata?.annotations).toEqual({
    [ANNOTATION.instanceId]: ContainerGroupId,
    [PRICE_ANNOTATION]: '0.4411 CNY',
  });
  const shown: k8s.V1Pod = {
    metadata: {
      annotations: { [ANNOTATION.instanceId]: ContainerGroupId, [PRICE_ANNOTATION]: '0.4411 CNY' },
    },
  };
  await pods.patchStatus(shown, { status: { phase: 'Running' } });
  expect(written[1]).toEqual({ status: { phase: 'Running' } });
  await pods.patchStatus({ metadata: {} }, { status: { phase: 'Pending' } });
  expect(written[2]).toEqual({ status: { phase: 'Pending' } });
});

test('vk_eci_cost_total{namespace} is brought up to date at each scrape', async () => {
  const { clock, view, backend } = setUp();
  reportCostAccrual(() => view.accrue());
  try {
    await backend.createContainerGroup(group('web', 'metrics-ns'));
    await flush();
    clock.advance(1_000);
    await backend.describeContainerGroupStatus({});
    clock.advance(HOUR);
    const text = await register.getSingleMetricAsString('vk_eci_cost_total');
    const line = text.split('\n').find((l) => l.startsWith('vk_eci_cost_total{namespace="metrics-ns"}'));
    expect(Number(line?.split(' ')[1])).toBeCloseTo(TWO_FOUR_HOURLY, 6);
  } finally {
    reportCostAccrual(undefined);
  }
});
