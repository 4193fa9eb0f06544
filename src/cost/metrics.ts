import { Counter } from 'prom-client';

let accrue: (() => void) | undefined;

/** The running cost view brings the counter up to date at each scrape; the last one started wins. */
export function reportCostAccrual(source: (() => void) | undefined): void {
  accrue = source;
}

/**
 * Accrued cost of the virtual node's container groups, in the currency DescribeContainerGroupPrice
 * answers (CNY on the China site and in the simulator, USD on the international site), by the
 * namespace of the group's pod. Grows while groups are in a billed status (Pending to Terminating).
 */
export const costTotal = new Counter({
  name: 'vk_eci_cost_total',
  help: 'Accrued ECI cost of the container groups, in the currency of DescribeContainerGroupPrice (CNY or USD), by pod namespace.',
  labelNames: ['namespace'] as const,
  collect() {
    accrue?.();
  },
});
