import {
  apiReads,
  apiWrites,
  backendCalls,
  closedPodWatches,
  parseProcStat,
  parseProcStatus,
  parsePrometheus,
} from '../../../bench/metrics.js';

const BEFORE = `# HELP apiserver_request_total Counter of apiserver requests
# TYPE apiserver_request_total counter
apiserver_request_total{code="201",component="apiserver",group="",resource="pods",scope="resource",subresource="",verb="POST",version="v1"} 10
apiserver_request_total{code="200",component="apiserver",group="",resource="pods",scope="resource",subresource="status",verb="PATCH",version="v1"} 4
apiserver_request_total{code="200",component="apiserver",group="",resource="pods",scope="namespace",subresource="",verb="LIST",version="v1"} 7
apiserver_request_total{code="200",component="apiserver",group="coordination.k8s.io",resource="leases",scope="resource",subresource="",verb="PUT",version="v1"} 50
apiserver_request_total{code="200",component="apiserver",group="",resource="pods",scope="namespace",subresource="",verb="WATCH",version="v1"} 3
apiserver_request_total{code="200",component="apiserver",group="coordination.k8s.io",resource="leases",scope="resource",subresource="",verb="GET",version="v1"} 6
`;

const AFTER = `apiserver_request_total{code="201",component="apiserver",group="",resource="pods",scope="resource",subresource="",verb="POST",version="v1"} 110
apiserver_request_total{code="200",component="apiserver",group="",resource="pods",scope="resource",subresource="status",verb="PATCH",version="v1"} 204
apiserver_request_total{code="409",component="apiserver",group="",resource="pods",scope="resource",subresource="status",verb="PATCH",version="v1"} 3
apiserver_request_total{code="200",component="apiserver",group="",resource="pods",scope="namespace",subresource="",verb="LIST",version="v1"} 900
apiserver_request_total{code="201",component="apiserver",group="",resource="events",scope="resource",subresource="",verb="POST",version="v1"} 100
apiserver_request_total{code="200",component="apiserver",group="coordination.k8s.io",resource="leases",scope="resource",subresource="",verb="PUT",version="v1"} 60
apiserver_request_total{code="200",component="apiserver",group="",resource="pods",scope="namespace",subresource="",verb="WATCH",version="v1"} 8
apiserver_request_total{code="200",component="apiserver",group="coordination.k8s.io",resource="leases",scope="resource",subresource="",verb="GET",version="v1"} 16
`;

describe('Prometheus text', () => {
  it('reads names, labels (with escapes) and values, skipping comments', () => {
    const samples = parsePrometheus(
      '# HELP x y\nx_total{a="1",b="say \\"hi\\""} 3\nplain 2.5e3\nbad line here\n',
    );
    expect(samples).toEqual([
      { name: 'x_total', labels: { a: '1', b: 'say "hi"' }, value: 3 },
      { name: 'plain', labels: {}, value: 2500 },
    ]);
  });
});

describe('API writes between two scrapes', () => {
  it('counts only mutating verbs on pods, their subresources and events, failures apart by code', () => {
    const writes = apiWrites(parsePrometheus(BEFORE), parsePrometheus(AFTER));
    expect(Object.fromEntries(writes)).toEqual({
      'POST pods': 100,
      'PATCH pods/status': 200,
      'PATCH pods/status [409]': 3,
      'POST events': 100,
    });
  });
});

describe('API reads between two scrapes', () => {
  it('counts GET and LIST of any resource, not the writes or the watches', () => {
    const reads = apiReads(parsePrometheus(BEFORE), parsePrometheus(AFTER));
    expect(Object.fromEntries(reads)).toEqual({ 'LIST pods': 893, 'GET leases': 10 });
  });
});

describe('pod watches the API server closed between two scrapes', () => {
  it('counts pods only, and nothing when the counter did not move', () => {
    const line = (resource: string, n: number): string =>
      `apiserver_terminated_watchers_total{group="",resource="${resource}"} ${n}\n`;
    const before = parsePrometheus(line('pods', 4) + line('events', 1));
    expect(closedPodWatches(before, parsePrometheus(line('pods', 11) + line('events', 9)))).toBe(7);
    expect(closedPodWatches(before, before)).toBe(0);
    expect(closedPodWatches([], parsePrometheus(line('pods', 2)))).toBe(2);
  });
});

describe('backend calls between two scrapes', () => {
  it('groups by action and names failures by their code', () => {
    const before = parsePrometheus(
      'eci_backend_requests_total{backend="simulator",action="CreateContainerGroup",code="Success"} 5\n',
    );
    const after = parsePrometheus(
      'eci_backend_requests_total{backend="simulator",action="CreateContainerGroup",code="Success"} 105\n' +
        'eci_backend_requests_total{backend="simulator",action="CreateContainerGroup",code="Throttling"} 2\n' +
        'eci_backend_requests_total{backend="simulator",action="DescribeContainerGroupStatus",code="Success"} 9\n',
    );
    expect(Object.fromEntries(backendCalls(before, after))).toEqual({
      CreateContainerGroup: 100,
      'CreateContainerGroup (Throttling)': 2,
      DescribeContainerGroupStatus: 9,
    });
  });
});

describe('/proc readings', () => {
  it('reads VmRSS and VmHWM in bytes', () => {
    const status = 'Name:\tnode\nVmPeak:\t 999 kB\nVmHWM:\t   204800 kB\nVmRSS:\t   102400 kB\n';
    expect(parseProcStatus(status)).toEqual({ rssBytes: 100 * 1024 * 1024, hwmBytes: 200 * 1024 * 1024 });
    expect(() => parseProcStatus('Name:\tzombie\n')).toThrow(/VmRSS/);
  });

  it('adds utime and stime, even when the command name holds spaces and parentheses', () => {
    const stat = '4242 (node (main) x) S 1 4242 4242 0 -1 4194304 100 0 0 0 250 50 0 0 20 0 11 0 1000 0 0';
    expect(parseProcStat(stat, 100)).toBe(3);
  });
});
