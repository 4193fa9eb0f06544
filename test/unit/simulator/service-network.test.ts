import { connectionTo, type ProxiedService } from '../../../providers/simulator/service-network.js';

/** `db`: 5432 unnamed; `web`: http 80 and metrics 9090 named. */
const DB: ProxiedService = { clusterIps: ['10.0.0.30'], ports: [{ name: '', port: 5432, protocol: 'TCP' }] };
const WEB: ProxiedService = {
  clusterIps: ['10.0.0.40'],
  ports: [
    { name: 'http', port: 80, protocol: 'TCP' },
    { name: 'metrics', port: 9090, protocol: 'TCP' },
    { name: 'dns', port: 53, protocol: 'UDP' },
  ],
};

describe('connectionTo: what kube-proxy does with a connection to a ClusterIP port', () => {
  it('refuses a port the Service has while no slice has a ready endpoint for it, forwards once one has', () => {
    expect(connectionTo(DB, [], 5432)).toBe('refused');
    expect(connectionTo(DB, [{ ports: [{ name: '', protocol: 'TCP' }], readyEndpoints: 0 }], 5432)).toBe(
      'refused',
    );
    expect(connectionTo(DB, [{ ports: [{ name: '', protocol: 'TCP' }], readyEndpoints: 1 }], 5432)).toBe(
      'open',
    );
  });

  it('matches a slice to the Service port by name: a ready endpoint for another port does not serve it', () => {
    const metricsOnly = [{ ports: [{ name: 'metrics', protocol: 'TCP' }], readyEndpoints: 2 }];
    expect(connectionTo(WEB, metricsOnly, 80)).toBe('refused');
    expect(connectionTo(WEB, metricsOnly, 9090)).toBe('open');
  });

  it('has no rule for a port the Service does not have, nor for TCP to a UDP port', () => {
    const ready = [{ ports: [{ name: 'dns', protocol: 'UDP' }], readyEndpoints: 1 }];
    expect(connectionTo(DB, [], 6379)).toBe('unrouted');
    expect(connectionTo(WEB, ready, 53)).toBe('unrouted');
  });
});
