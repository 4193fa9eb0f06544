import { ManualClock } from '../../../providers/clock.js';
import type { PriceInfo } from '../../../providers/eci-api/index.js';
import { CostLedger } from '../../../src/cost/ledger.js';
import { PriceBook } from '../../../src/cost/price-book.js';
import { priceKeyOf } from '../../../src/cost/price-key.js';

const HOUR = 3_600_000;
/** 1 CNY an hour: easy sums. */
const ONE_AN_HOUR: PriceInfo = {
  Price: {
    Currency: 'CNY',
    OriginalPrice: 1 / 3600,
    DiscountPrice: 0,
    TradePrice: 1 / 3600,
    DetailInfos: [],
  },
  SpotPrices: [],
};
const KEY = priceKeyOf({ Cpu: 2, Memory: 4 })!;
const flush = () => new Promise((resolve) => setImmediate(resolve));

function ledger(describe: () => Promise<PriceInfo> = async () => ONE_AN_HOUR) {
  const totals: Record<string, number> = {};
  const book = new PriceBook(describe, new ManualClock());
  const l = new CostLedger(book, (ns, amount) => (totals[ns] = (totals[ns] ?? 0) + amount));
  return { l, totals };
}

test('accrues only while billed: Scheduling is free, Pending to Running cost, Succeeded stops', async () => {
  const { l, totals } = ledger();
  l.track('eci-1', 'shop', KEY);
  await flush();
  l.status('eci-1', 'Scheduling', 0);
  l.accrue(HOUR);
  expect(totals).toEqual({});
  l.status('eci-1', 'Pending', HOUR);
  l.status('eci-1', 'Running', HOUR + HOUR / 2);
  l.accrue(2 * HOUR);
  expect(totals.shop).toBeCloseTo(1);
  l.status('eci-1', 'Succeeded', 3 * HOUR);
  l.accrue(10 * HOUR);
  expect(totals.shop).toBeCloseTo(2);
});

test('namespaces add up apart; a deleted group stops at its delete', async () => {
  const { l, totals } = ledger();
  l.track('eci-a', 'a', KEY);
  l.track('eci-b', 'b', KEY);
  await flush();
  l.status('eci-a', 'Running', 0);
  l.status('eci-b', 'Running', 0);
  l.forget('eci-b', HOUR / 4);
  l.accrue(HOUR);
  expect(totals.a).toBeCloseTo(1);
  expect(totals.b).toBeCloseTo(0.25);
  expect(l.isTracked('eci-b')).toBe(false);
});

test('time billed before the price is known is kept and priced when it arrives', async () => {
  let answer: (info: PriceInfo) => void = () => undefined;
  const { l, totals } = ledger(() => new Promise((resolve) => (answer = resolve)));
  l.track('eci-1', 'late', KEY);
  l.status('eci-1', 'Running', 0);
  l.forget('eci-1', HOUR);
  l.accrue(HOUR);
  expect(totals).toEqual({});
  answer(ONE_AN_HOUR);
  await flush();
  l.accrue(2 * HOUR);
  expect(totals.late).toBeCloseTo(1);
});

test('an unknown group is ignored; tracking twice keeps the first state', async () => {
  const { l, totals } = ledger();
  l.status('eci-x', 'Running', 0);
  l.track('eci-1', 'ns', KEY);
  await flush();
  l.status('eci-1', 'Running', 0);
  l.track('eci-1', 'other', KEY);
  l.accrue(HOUR);
  expect(totals).toEqual({ ns: expect.closeTo(1) });
});
