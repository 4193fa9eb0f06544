import { Counter } from 'prom-client';

export const nodeMetrics = {
  leaseRenewals: new Counter({
    name: 'vk_node_lease_renewals_total',
    help: 'Lease renewals of the virtual node, by result (ok, created, error).',
    labelNames: ['result'],
  }),
  heartbeats: new Counter({
    name: 'vk_node_status_updates_total',
    help: 'Node status heartbeats, by result.',
    labelNames: ['result'],
  }),
};
