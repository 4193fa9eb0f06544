/**
 * Every response field the controller reads through the `alibaba` backend exists in the official SDK
 * response model of its action, with the type the code takes it as (issue 16: the controller relies
 * only on what the real API returns). The read set comes from the code: each Backend method runs,
 * with what the controller does with its answer, against an official-client stand-in whose bodies are
 * recording proxies (read-recorder.ts). No list of fields here can drift from the readers.
 */
import * as eciSdk from '@alicloud/eci20180808';
import * as vpcSdk from '@alicloud/vpc20160428';
import type { V1Pod } from '@kubernetes/client-node';
import type { DescribeFilter } from '../../../providers/backend.js';
import { AlibabaBackend } from '../../../providers/alibaba/backend.js';
import type { RawBodyEciClient } from '../../../providers/alibaba/sdk-client.js';
import type { RawBodyVpcClient } from '../../../providers/alibaba/vpc-client.js';
import { list, obj, toContainerGroup } from '../../../providers/alibaba/wire.js';
import type { ContainerGroup, ContainerGroupStatusRecord } from '../../../providers/eci-api/index.js';
import { BACKEND_ACTIONS } from '../../../providers/metrics.js';
import { orphanLine, orphansOf } from '../../../src/commands/cleanup.js';
import { collectSamples } from '../../../src/kubelet/stats-route.js';
import { buildSummary } from '../../../src/kubelet/summary.js';
import { logger } from '../../../src/log.js';
import { imageCacheStatus, specDrift } from '../../../src/image-caches/status.js';
import { bestImageCache } from '../../../src/pods/image-cache-match.js';
import { reconcileListing } from '../../../src/pods/listing.js';
import { GroupRegistry } from '../../../src/pods/registry.js';
import { TAG, writeBackAnnotations } from '../../../src/translate/index.js';
import {
  exploreReads,
  isModel,
  keyOf,
  type Drive,
  type Finding,
  type ModelClass,
  type ResponseRecorder,
} from './read-recorder.js';

type Method = keyof typeof BACKEND_ACTIONS;

interface Call {
  action: string;
  request: unknown;
}

/**
 * An official client as far as the backend sees it: each `<action>WithOptions` call, or `callApi`
 * with the action's Params, gets a recording body of `<Action>ResponseBody` from the SDK, which
 * `rawBody` hands back. The action and its model come from the call the backend makes, so a new
 * call is covered without touching this file.
 */
function recordingClient(recorder: ResponseRecorder, sdk: Record<string, unknown>, calls: Call[]): object {
  const bodies = new WeakMap<object, object>();
  const answer = (action: string, request: unknown, runtime: object): Promise<object> => {
    const model = sdk[`${action}ResponseBody`];
    if (!isModel(model)) throw new Error(`the SDK has no ${action}ResponseBody model`);
    calls.push({ action, request });
    bodies.set(runtime, recorder.body(action, model));
    return Promise.resolve({});
  };
  return new Proxy(
    {},
    {
      get(_target, prop) {
        if (prop === 'rawBody') return (runtime: object) => bodies.get(runtime);
        if (prop === 'callApi') {
          return (params: { action: string }, request: unknown, runtime: object) =>
            answer(params.action, request, runtime);
        }
        if (typeof prop !== 'string' || !prop.endsWith('WithOptions')) return undefined;
        const action = prop.charAt(0).toUpperCase() + prop.slice(1, -'WithOptions'.length);
        return (request: unknown, runtime: object) => answer(action, request, runtime);
      },
    },
  );
}

const ECI_SDK = eciSdk as unknown as Record<string, unknown>;
const VPC_SDK = vpcSdk as unknown as Record<string, unknown>;

function recordingBackend(recorder: ResponseRecorder, calls: Call[]): AlibabaBackend {
  return new AlibabaBackend(
    {
      eci: recordingClient(recorder, ECI_SDK, calls) as RawBodyEciClient,
      vpc: recordingClient(recorder, VPC_SDK, calls) as RawBodyVpcClient,
    },
    'cn-hangzhou',
    { rateLimits: false, retry: { maxAttempts: 1 }, sleep: () => Promise.resolve() },
  );
}

/**
 * toContainerGroup spreads the raw group into its result, so what the controller reads of a listed
 * group is read of the wire object. A recording object has no own keys to spread: each result
 * forwards the reads it cannot answer to the wire object it came from, as the spread would have.
 */
function passingGroupsThrough(backend: AlibabaBackend, recorder: ResponseRecorder): AlibabaBackend {
  const items = (): object[] => recorder.made('DescribeContainerGroups', 'ContainerGroups[]');
  const describe = async (filter: DescribeFilter): Promise<ContainerGroup[]> => {
    const before = items().length;
    const groups = await backend.describeContainerGroups(filter);
    const wire = items().slice(before);
    if (wire.length !== groups.length) throw new Error(`${groups.length} groups from ${wire.length} items`);
    return groups.map(
      (group, i) =>
        new Proxy(group, {
          get: (target, prop, receiver): unknown =>
            typeof prop === 'symbol' || prop in target
              ? Reflect.get(target, prop, receiver)
              : Reflect.get(wire[i] ?? {}, prop),
        }),
    );
  };
  return new Proxy(backend, {
    get: (target, prop, receiver): unknown =>
      prop === 'describeContainerGroups' ? describe : Reflect.get(target, prop, receiver),
  });
}

const NOW = Date.UTC(2024, 5, 1);
const POD: V1Pod = {
  metadata: { name: 'web-0', namespace: 'default', uid: 'uid-1', creationTimestamp: new Date(NOW) },
  status: { startTime: new Date(NOW) },
};

/** A status record of a group the controller does not know: it asks DescribeContainerGroups about it. */
const UNKNOWN_GROUP: ContainerGroupStatusRecord = {
  ContainerGroupId: 'eci-unknown',
  Name: 'default-web-0',
  Status: 'Running',
  PodStatus: { Phase: 'Running', Conditions: [], ContainerStatuses: [] },
};

interface DriveSpec {
  /** The method called as the controller calls it, and what the controller does with the answer. */
  run(backend: AlibabaBackend, recorder: ResponseRecorder): Promise<unknown>;
  /**
   * Values for fields whose value decides what else is read (a tag's key, an event's subject kind),
   * by path in the method's action; each entry is one more exploration. Default: none.
   */
  hints?: Record<string, unknown>[];
  /** Fields the controller cannot do without: proves the drive reaches the code that reads them. */
  mustRead: string[];
}

/** Typed by BACKEND_ACTIONS: a Backend method without a drive here does not compile. */
const DRIVES: Record<Method, DriveSpec> = {
  createContainerGroup: {
    run: (backend) =>
      backend.createContainerGroup({
        RegionId: 'cn-hangzhou',
        SecurityGroupId: 'sg-1',
        VSwitchId: 'vsw-1',
        ContainerGroupName: 'default-web-0',
        RestartPolicy: 'Always',
        ClientToken: 'uid-1',
        Tag: [{ Key: TAG.cluster, Value: 'c1' }],
        Container: [{ Name: 'app', Image: 'nginx:1.25' }],
      }),
    mustRead: ['ContainerGroupId'],
  },
  deleteContainerGroup: {
    // A delete's answer carries nothing but its RequestId: nothing of it is read.
    run: (backend) => backend.deleteContainerGroup('eci-1'),
    mustRead: [],
  },
  updateContainerGroup: {
    // Like a delete's, an update's answer carries nothing but its RequestId.
    run: (backend) =>
      backend.updateContainerGroup('eci-1', { Container: [{ Name: 'app', Image: 'nginx:1.28' }] }),
    mustRead: [],
  },
  describeContainerGroupPrice: {
    run: (backend) =>
      backend.describeContainerGroupPrice({ Cpu: 2, Memory: 4, SpotStrategy: 'SpotAsPriceGo' }),
    mustRead: [
      'PriceInfo.Price.Currency',
      'PriceInfo.Price.TradePrice',
      'PriceInfo.Price.DetailInfos.DetailInfo[].Resource',
      'PriceInfo.SpotPrices.SpotPrice[].ZoneId',
      'PriceInfo.SpotPrices.SpotPrice[].SpotPrice',
    ],
  },
  describeContainerGroups: {
    // The two readers of listed groups: the pod controller adopting or deleting groups it does not
    // know (by the pod-UID tag), and `cleanup` listing orphans.
    run: async (plain, recorder) => {
      const backend = passingGroupsThrough(plain, recorder);
      const registry = new GroupRegistry();
      const enqueued: string[] = [];
      await reconcileListing(
        {
          backend,
          registry,
          podKeyOfUid: (uid) => (uid === '' ? undefined : `default/${uid}`),
          isInFlight: () => false,
          enqueue: (key) => enqueued.push(key),
          observe: () => false,
          now: () => NOW,
        },
        [UNKNOWN_GROUP],
        NOW,
        false,
      );
      const listed = await backend.describeContainerGroups({ Tags: [{ Key: TAG.cluster, Value: 'c1' }] });
      return {
        listed,
        registry: [...registry.entries()],
        enqueued,
        orphans: orphansOf(listed, new Set(['uid-1']), false).map(orphanLine),
        // The write-back annotations of a group that got Running (zone, VPC, ENI, EIP, IPv6).
        writeBack: listed.map(writeBackAnnotations),
      };
    },
    hints: [{}, { 'ContainerGroups[].Tags[].Key': TAG.uid, 'ContainerGroups[].Events[].Type': 'Warning' }],
    mustRead: [
      'ContainerGroups[].ContainerGroupId',
      'ContainerGroups[].CreationTime',
      'ContainerGroups[].Status',
      'ContainerGroups[].Tags[].Key',
      'ContainerGroups[].Tags[].Value',
      'ContainerGroups[].ZoneId',
      'ContainerGroups[].VpcId',
      'ContainerGroups[].InternetIp',
      'ContainerGroups[].Ipv6Address',
      'NextToken',
    ],
  },
  describeContainerGroupStatus: {
    run: (backend) =>
      backend.describeContainerGroupStatus({ Tags: [{ Key: TAG.cluster, Value: 'c1' }], SinceSecond: 30 }),
    mustRead: [
      'Data[].ContainerGroupId',
      'Data[].Status',
      'Data[].PodStatus.Phase',
      'Data[].PodStatus.Conditions[].type',
      'Data[].PodStatus.ContainerStatuses[].State.Running.StartedAtstartedAt',
      'Data[].PodStatus.ContainerStatuses[].State.Terminated.ExitCode',
      'Data[].PodStatus.ContainerStatuses[].LastState.Terminated.FinishedAt',
      'NextToken',
    ],
  },
  describeContainerGroupEvents: {
    run: (backend) => backend.describeContainerGroupEvents({ ContainerGroupIds: ['eci-1'], SinceSecond: 30 }),
    // An event about the pod itself (Kind Pod) names no container: its Name is not read then. Any
    // Type but Warning is Normal: only Warning shows that Type is taken as a string.
    hints: [{}, { 'Data[].Events[].involvedObject.Kind': 'Pod', 'Data[].Events[].Type': 'Warning' }],
    mustRead: [
      'Data[].ContainerGroupId',
      'Data[].Events[].Type',
      'Data[].Events[].Reason',
      'Data[].Events[].Message',
      'Data[].Events[].Count',
      'Data[].Events[].FirstTimestamp',
      'Data[].Events[].LastTimestamp',
      'Data[].Events[].involvedObject.Kind',
      'Data[].Events[].involvedObject.Name',
    ],
  },
  describeContainerLog: {
    run: (backend) =>
      backend.describeContainerLog({ ContainerGroupId: 'eci-1', ContainerName: 'app', Tail: 10 }),
    mustRead: ['Content'],
  },
  execContainerCommand: {
    run: (backend) =>
      backend.execContainerCommand({ ContainerGroupId: 'eci-1', ContainerName: 'app', Command: ['ls'] }),
    mustRead: ['SyncResponse'],
  },
  openExec: {
    // The kubelet's exec stream: only the WebSocketUri is read (connecting to a made-up one fails).
    run: (backend) =>
      backend
        .openExec(
          { ContainerGroupId: 'eci-1', ContainerName: 'app', Command: ['sh'], TTY: true, Stdin: true },
          { stdout: () => undefined, stderr: () => undefined, exit: () => undefined },
        )
        .catch(() => undefined),
    mustRead: ['WebSocketUri'],
  },
  describeMetrics: {
    // The kubelet stats endpoints (metrics-server, `kubectl top`): the pod's newest record, summed.
    run: async (backend) => {
      const { samples } = await collectSamples(backend, [{ pod: POD, containerGroupId: 'eci-1' }]);
      return buildSummary('virtual-node', new Date(NOW), samples, new Date(NOW));
    },
    hints: [{ 'MonitorDatas[].ContainerGroupId': 'eci-1' }],
    mustRead: [
      'MonitorDatas[].ContainerGroupId',
      'MonitorDatas[].Records[].Timestamp',
      'MonitorDatas[].Records[].CPU.UsageNanoCores',
      'MonitorDatas[].Records[].Memory.WorkingSet',
      'MonitorDatas[].Records[].Containers[].Name',
      'MonitorDatas[].Records[].Containers[].CPU.UsageCoreNanoSeconds',
    ],
  },
  createImageCache: {
    run: (backend) =>
      backend.createImageCache({
        ImageCacheName: 'imagecache-sample',
        Image: ['centos:latest'],
        SecurityGroupId: 'sg-1',
        VSwitchId: 'vsw-1',
        ClientToken: 'uid-1',
      }),
    mustRead: ['ImageCacheId'],
  },
  describeImageCaches: {
    // The ImageCache controller: the cache as its status, and whether the spec still matches it.
    run: async (backend) => {
      const caches = await backend.describeImageCaches(['imc-1']);
      const now = new Date(NOW);
      return caches.map((cache) => ({
        status: imageCacheStatus(cache, undefined, now),
        drift: specDrift({ images: ['centos:latest'], imageCacheSize: 25 }, cache),
      }));
    },
    hints: [{}, { 'ImageCaches[].Status': 'Ready' }],
    mustRead: [
      'ImageCaches[].ImageCacheId',
      'ImageCaches[].Status',
      'ImageCaches[].Progress',
      'ImageCaches[].Images',
      'ImageCaches[].ImageCacheSize',
      'ImageCaches[].CreationTime',
      'ImageCaches[].ExpireDateTime',
      'ImageCaches[].Events[].Type',
      'ImageCaches[].Events[].Reason',
      'ImageCaches[].Events[].Message',
      'ImageCaches[].Events[].Count',
      'NextToken',
    ],
  },
  matchImageCaches: {
    // The pod controller under imc-perfect-match: the best Ready cache holding the pod's images.
    run: async (backend) => {
      const match = { images: ['centos:latest'], atLeast: 1, askedBy: 'k8s.aliyun.com/imc-perfect-match' };
      const caches = await backend.matchImageCaches({ MatchImage: match.images, ImageFullMatch: true });
      return bestImageCache(caches, match)?.ImageCacheId;
    },
    hints: [{}, { 'ImageCaches[].Status': 'Ready', 'ImageCaches[].Images[]': 'centos:latest' }],
    mustRead: [
      'ImageCaches[].ImageCacheId',
      'ImageCaches[].Status',
      'ImageCaches[].Images',
      'ImageCaches[].CreationTime',
      'NextToken',
    ],
  },
  deleteImageCache: {
    // A delete's answer carries nothing but its RequestId.
    run: (backend) => backend.deleteImageCache('imc-1'),
    mustRead: [],
  },
  describeVSwitches: {
    run: (backend) => backend.describeVSwitches(['vsw-1']),
    // An ID VPC does not list is a NotFound; a listed one is matched by its VSwitchId.
    hints: [{}, { 'VSwitches.VSwitch[].VSwitchId': 'vsw-1' }],
    mustRead: ['RequestId', 'VSwitches.VSwitch[].VSwitchId', 'VSwitches.VSwitch[].ZoneId'],
  },
};

/** Every field the method (and what the controller does with it) reads, over all its hints. */
async function readsOf(method: Method): Promise<Finding[]> {
  const spec = DRIVES[method];
  const drive: Drive = async (recorder) => {
    const calls: Call[] = [];
    const backend = recordingBackend(recorder, calls);
    try {
      return { result: await spec.run(backend, recorder), calls };
    } catch (err) {
      // A BackendError's own fields (code, requestId) are part of what the controller gets.
      return { error: err instanceof Error ? { ...err, message: err.message } : String(err), calls };
    }
  };
  const byKey = new Map<string, Finding>();
  for (const hints of spec.hints ?? [{}]) {
    const given = new Map(
      Object.entries(hints).map(([path, v]) => [keyOf(BACKEND_ACTIONS[method], path), v]),
    );
    for (const finding of await exploreReads(drive, given)) {
      const key = keyOf(finding.action, finding.path);
      const before = byKey.get(key);
      // The strongest verdict over the hints: `takes <kind>` under any of them, else `used` under one.
      if (
        before === undefined ||
        (finding.verdict ?? '').startsWith('takes') ||
        before.verdict === 'consulted'
      )
        byKey.set(key, finding);
    }
  }
  return [...byKey.values()];
}

const outsideModel = (findings: Finding[]): string[] =>
  findings.filter((f) => !f.inModel).map((f) => keyOf(f.action, f.path));
const mismatched = (findings: Finding[]): string[] =>
  findings
    .filter((f) => f.verdict?.startsWith('takes') === true)
    .map((f) => `${keyOf(f.action, f.path)}: model ${JSON.stringify(f.type)}, code ${f.verdict ?? ''}`);

beforeAll(() => {
  // Orphan deletions are logged as warnings, once per exploration run.
  logger.silent = true;
});
afterAll(() => {
  logger.silent = false;
});

describe.each(Object.keys(DRIVES) as Method[])('%s', (method) => {
  const action = BACKEND_ACTIONS[method];
  let findings: Finding[] = [];
  beforeAll(async () => {
    findings = await readsOf(method);
  });

  test(`reads only fields the ${action} response model declares, each as the model types it`, () => {
    expect(outsideModel(findings)).toEqual([]);
    expect(mismatched(findings)).toEqual([]);
  });

  test('reads what the controller needs of the answer, from the answer of that action', () => {
    const own = findings.filter((f) => f.action === action).map((f) => f.path);
    expect(own).toEqual(expect.arrayContaining(DRIVES[method].mustRead));
  });
});

test('every listed group field reaches the controller under its wire name (what the forwarding above assumes)', () => {
  const wire = {
    ContainerGroupId: 'eci-1',
    Status: 'Running',
    CreationTime: '2024-06-01T00:00:00Z',
    ZoneId: 'z',
  };
  expect(toContainerGroup({ ...wire, Tags: [], Events: [] })).toMatchObject(wire);
});

describe('the check can fail', () => {
  const STATUS = 'DescribeContainerGroupStatus';
  const statusBody = (recorder: ResponseRecorder): object =>
    recorder.body(STATUS, eciSdk.DescribeContainerGroupStatusResponseBody as ModelClass);
  const readEach =
    (read: (record: Record<string, unknown>) => unknown): Drive =>
    (recorder) =>
      Promise.resolve(list(obj(statusBody(recorder)).Data).map((r) => read(obj(r))));
  const str = (v: unknown): string | undefined => (typeof v === 'string' ? v : undefined);

  test('a field the model lacks is caught: events from the status call, as this project once read them', async () => {
    const findings = await exploreReads(
      readEach((r) => list(r.Events).map((e) => str(obj(e).Reason))),
      new Map(),
    );
    expect(outsideModel(findings)).toEqual([`${STATUS} Data[].Events`]);
  });

  test('a fallback spelling behind a model field is caught too: it is read when the field is absent', async () => {
    const findings = await exploreReads(
      readEach((r) => list(obj(r.PodStatus).Conditions).map((c) => str(obj(c).type ?? obj(c).Type))),
      new Map(),
    );
    expect(outsideModel(findings)).toEqual([`${STATUS} Data[].PodStatus.Conditions[].Type`]);
  });

  test('a field taken as another type than the model says is caught', async () => {
    const findings = await exploreReads(
      readEach((r) => list(obj(r.PodStatus).ContainerStatuses).map((c) => str(obj(c).RestartCount))),
      new Map(),
    );
    expect(mismatched(findings)).toEqual([
      `${STATUS} Data[].PodStatus.ContainerStatuses[].RestartCount: model "number", code takes string`,
    ]);
  });
});
