import type { MetricRecord } from '../../../providers/backend.js';
import type { Summary } from '../../../src/kubelet/summary.js';
import { makePod } from './fakes.js';
import { NODE, startFixture, type Fixture } from './fixture.js';

const T1 = '2024-05-01T10:01:00Z';

function record(cpuSeconds: number, workingSet: number, timestamp = T1): MetricRecord {
  return {
    Timestamp: timestamp,
    CPU: { UsageNanoCores: 250_000_000, UsageCoreNanoSeconds: cpuSeconds * 1e9, Limit: 1000 },
    Memory: {
      UsageBytes: workingSet + 100,
      WorkingSet: workingSet,
      Rss: workingSet - 100,
      AvailableBytes: 1_000_000,
    },
    Containers: [
      {
        Name: 'app',
        CPU: { UsageNanoCores: 250_000_000, UsageCoreNanoSeconds: cpuSeconds * 1e9 },
        Memory: { UsageBytes: workingSet + 100, WorkingSet: workingSet, Rss: workingSet - 100 },
      },
    ],
  };
}

/** One Prometheus text sample: name{labels} value [timestamp]. */
const SAMPLE =
  /^([a-zA-Z_:][a-zA-Z0-9_:]*)(?:\{((?:[a-zA-Z_][a-zA-Z0-9_]*="(?:[^"\\]|\\.)*",?)*)\})? (\S+)(?: (-?\d+))?$/;

function parseMetrics(text: string): { name: string; labels: string; value: number; ts?: number }[] {
  return text
    .split('\n')
    .filter((l) => l !== '' && !l.startsWith('#'))
    .map((line) => {
      const m = SAMPLE.exec(line);
      if (m === null) throw new Error(`not a Prometheus sample: ${line}`);
      return {
        name: m[1] as string,
        labels: m[2] ?? '',
        value: Number(m[3]),
        ts: m[4] === undefined ? undefined : Number(m[4]),
      };
    });
}

describe('GET /stats/summary and /metrics/resource', () => {
  let f: Fixture;

  beforeAll(async () => {
    f = await startFixture();
    f.pods.add(makePod('web'), 'eci-web');
    f.pods.add(makePod('api', { namespace: 'prod' }), 'eci-api');
    f.pods.add(makePod('pending', { statuses: [] }));
    f.backend.metrics.set('eci-web', [record(10, 5_000_000, '2024-05-01T10:00:00Z'), record(12, 6_000_000)]);
    const eth0 = {
      Name: 'eth0',
      RxBytes: 5000,
      RxPackets: 6,
      RxErrors: 1,
      RxDrops: 0,
      TxBytes: 2500,
      TxPackets: 3,
      TxErrors: 0,
      TxDrops: 0,
    };
    f.backend.metrics.set('eci-api', [{ ...record(3, 2_000_000), Network: { Interfaces: [eth0] } }]);
  });
  afterAll(() => f.server.close());

  it('/stats/summary has the kubelet Summary shape, from the newest ECI record of each pod', async () => {
    const res = await f.asApiServer('/stats/summary');
    expect(res.status).toBe(200);
    const summary = JSON.parse(res.body) as Summary;
    expect(summary.node).toMatchObject({
      nodeName: NODE,
      cpu: { time: T1, usageNanoCores: 500_000_000, usageCoreNanoSeconds: 15e9 },
      memory: {
        time: T1,
        usageBytes: 8_000_200,
        workingSetBytes: 8_000_000,
        rssBytes: 7_999_800,
        availableBytes: 2_000_000,
      },
    });
    expect(summary.node.startTime).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z$/);
    expect(summary.pods.map((p) => p.podRef)).toEqual([
      { name: 'web', namespace: 'default', uid: 'uid-web' },
      { name: 'api', namespace: 'prod', uid: 'uid-api' },
    ]);
    const web = summary.pods[0];
    expect(web).toEqual({
      podRef: { name: 'web', namespace: 'default', uid: 'uid-web' },
      startTime: '2024-05-01T10:00:00Z',
      containers: [
        {
          name: 'app',
          startTime: '2024-05-01T10:00:05Z',
          cpu: { time: T1, usageNanoCores: 250_000_000, usageCoreNanoSeconds: 12e9 },
          memory: { time: T1, usageBytes: 6_000_100, workingSetBytes: 6_000_000, rssBytes: 5_999_900 },
        },
      ],
      cpu: { time: T1, usageNanoCores: 250_000_000, usageCoreNanoSeconds: 12e9 },
      memory: {
        time: T1,
        availableBytes: 1_000_000,
        usageBytes: 6_000_100,
        workingSetBytes: 6_000_000,
        rssBytes: 5_999_900,
      },
    });
  });

  it("/stats/summary reports a pod's network when ECI reports its interfaces, and none when it does not", async () => {
    const summary = JSON.parse((await f.asApiServer('/stats/summary')).body) as Summary;
    const [web, api] = summary.pods;
    expect(web.network).toBeUndefined();
    const eth0 = { name: 'eth0', rxBytes: 5000, rxErrors: 1, txBytes: 2500, txErrors: 0 };
    expect(api.network).toEqual({ time: T1, ...eth0, interfaces: [eth0] });
  });

  it('/metrics/resource is Prometheus text with the kubelet names, labels and sample times', async () => {
    const res = await f.asApiServer('/metrics/resource');
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toMatch(/^text\/plain; version=0\.0\.4/);
    expect(res.body).toContain('# TYPE container_cpu_usage_seconds_total counter');
    const samples = parseMetrics(res.body);
    const find = (name: string, labels: string) =>
      samples.find((s) => s.name === name && s.labels === labels);
    const t1 = Date.parse(T1);
    expect(
      find('container_cpu_usage_seconds_total', 'container="app",namespace="default",pod="web"'),
    ).toEqual({
      name: 'container_cpu_usage_seconds_total',
      labels: 'container="app",namespace="default",pod="web"',
      value: 12,
      ts: t1,
    });
    expect(
      find('container_memory_working_set_bytes', 'container="app",namespace="prod",pod="api"')?.value,
    ).toBe(2_000_000);
    expect(find('container_start_time_seconds', 'container="app",namespace="default",pod="web"')?.value).toBe(
      Date.parse('2024-05-01T10:00:05Z') / 1000,
    );
    expect(find('pod_cpu_usage_seconds_total', 'namespace="prod",pod="api"')).toMatchObject({
      value: 3,
      ts: t1,
    });
    expect(find('pod_memory_working_set_bytes', 'namespace="default",pod="web"')?.value).toBe(6_000_000);
    expect(find('node_cpu_usage_seconds_total', '')).toMatchObject({ value: 15, ts: t1 });
    expect(find('node_memory_working_set_bytes', '')).toMatchObject({ value: 8_000_000, ts: t1 });
    expect(find('scrape_error', '')?.value).toBe(0);
    expect(find('resource_scrape_error', '')?.value).toBe(0);
  });

  it('a failing backend shows as scrape_error 1 and no made-up usage', async () => {
    f.backend.failMetrics = true;
    try {
      const samples = parseMetrics((await f.asApiServer('/metrics/resource')).body);
      expect(samples.map((s) => [s.name, s.value])).toEqual([
        ['resource_scrape_error', 1],
        ['scrape_error', 1],
      ]);
      expect((await f.asApiServer('/stats/summary')).status).toBe(503);
    } finally {
      f.backend.failMetrics = false;
    }
  });
});

describe('metrics of many pods', () => {
  it('are asked in batches of at most 50 container groups', async () => {
    const f = await startFixture();
    try {
      for (let i = 0; i < 120; i++) {
        f.pods.add(makePod(`p${i}`), `eci-${i}`);
        f.backend.metrics.set(`eci-${i}`, [record(i, 1000)]);
      }
      const summary = JSON.parse((await f.asApiServer('/stats/summary')).body) as Summary;
      expect(summary.pods).toHaveLength(120);
      expect(f.backend.metricsCalls.map((ids) => ids.length).sort((a, b) => a - b)).toEqual([20, 50, 50]);
      expect(new Set(f.backend.metricsCalls.flat()).size).toBe(120);
    } finally {
      await f.server.close();
    }
  });
});
