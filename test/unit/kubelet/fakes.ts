import https from 'node:https';
import type { V1ContainerStatus, V1Pod } from '@kubernetes/client-node';
import type {
  Backend,
  ContainerGroupMetrics,
  CreateResult,
  ExecChannel,
  ExecQuery,
  ExecSink,
  InteractiveExecQuery,
  LogQuery,
  MetricRecord,
} from '../../../providers/backend.js';
import { BackendError } from '../../../providers/backend.js';
import type {
  ContainerGroup,
  ContainerGroupStatusRecord,
  EciEvent,
} from '../../../providers/eci-api/index.js';
import type {
  Authorizer,
  KubeletUser,
  NodeRequestAttributes,
  PodDirectory,
  PodEntry,
} from '../../../src/kubelet/types.js';

export interface FakeLogLine {
  /** RFC 3339 with milliseconds. */
  ts: string;
  text: string;
}

/** Just enough of ECI for the kubelet API: logs (with Tail/StartTime/Timestamps/LimitBytes), metrics, exec. */
export class FakeBackend implements Backend {
  readonly name = 'fake';
  readonly logQueries: LogQuery[] = [];
  readonly metricsCalls: string[][] = [];
  readonly execCalls: ExecQuery[] = [];
  readonly logs = new Map<string, FakeLogLine[]>();
  readonly previousLogs = new Map<string, FakeLogLine[]>();
  readonly metrics = new Map<string, MetricRecord[]>();
  execOutput = '';
  failMetrics = false;

  appendLog(group: string, container: string, ...lines: FakeLogLine[]): void {
    const key = `${group}/${container}`;
    this.logs.set(key, [...(this.logs.get(key) ?? []), ...lines]);
  }

  async describeContainerLog(q: LogQuery): Promise<string> {
    this.logQueries.push(q);
    const key = `${q.ContainerGroupId}/${q.ContainerName}`;
    const all = (q.LastTime === true ? this.previousLogs : this.logs).get(key);
    if (all === undefined)
      throw new BackendError('NotFound', 'ContainerGroup.NotFound', `no container ${key}`);
    let lines = all;
    if (q.StartTime !== undefined) {
      const start = Date.parse(q.StartTime);
      lines = lines.filter((l) => Date.parse(l.ts) >= start);
    }
    if (q.Tail !== undefined) lines = lines.slice(Math.max(0, lines.length - q.Tail));
    const text = lines.map((l) => `${q.Timestamps === true ? `${l.ts} ` : ''}${l.text}\n`).join('');
    return q.LimitBytes !== undefined ? Buffer.from(text).subarray(0, q.LimitBytes).toString() : text;
  }

  async describeMetrics(ids: string[]): Promise<ContainerGroupMetrics[]> {
    this.metricsCalls.push(ids);
    if (this.failMetrics) throw new BackendError('Unavailable', 'ServiceUnavailable', 'try later');
    return ids.flatMap((id) => {
      const records = this.metrics.get(id);
      return records === undefined ? [] : [{ ContainerGroupId: id, Records: records }];
    });
  }

  async describeContainerGroupPrice(): Promise<never> {
    throw new BackendError('InvalidParameter', 'Unsupported', 'the kubelet fake has no prices');
  }

  async describeVSwitches(): Promise<never> {
    throw new BackendError('InvalidParameter', 'Unsupported', 'the kubelet fake has no vSwitches');
  }

  async createImageCache(): Promise<never> {
    throw new BackendError('InvalidParameter', 'Unsupported', 'the kubelet fake has no image caches');
  }

  async describeImageCaches(): Promise<never> {
    throw new BackendError('InvalidParameter', 'Unsupported', 'the kubelet fake has no image caches');
  }

  async deleteImageCache(): Promise<never> {
    throw new BackendError('InvalidParameter', 'Unsupported', 'the kubelet fake has no image caches');
  }

  async matchImageCaches(): Promise<never> {
    throw new BackendError('InvalidParameter', 'Unsupported', 'the kubelet fake has no image caches');
  }

  readonly openedExecs: InteractiveExecQuery[] = [];
  /** Sessions still running (not exited, not closed by the kubelet). */
  liveExecs = 0;

  /** `echo ARGS` prints, `exit N` exits N, `cat` echoes stdin until EOF, `hang` waits; `fail` is refused. */
  async openExec(q: InteractiveExecQuery, sink: ExecSink): Promise<ExecChannel> {
    this.openedExecs.push(q);
    const [cmd, ...args] = q.Command;
    if (cmd === 'fail')
      throw new BackendError('InvalidParameter', 'IncorrectStatus', 'container is not running');
    this.liveExecs++;
    let live = true;
    const end = (code: number): void => {
      if (!live) return;
      live = false;
      this.liveExecs--;
      sink.exit({ code });
    };
    if (cmd === 'echo') queueMicrotask(() => (sink.stdout(Buffer.from(`${args.join(' ')}\n`)), end(0)));
    if (cmd === 'exit') queueMicrotask(() => end(Number(args[0])));
    return {
      stdin: (data) => cmd === 'cat' && sink.stdout(data),
      endStdin: () => cmd === 'cat' && end(0),
      resize: (size) => this.resizes.push(size),
      close: () => {
        if (live) this.liveExecs--;
        live = false;
      },
    };
  }
  readonly resizes: { Width: number; Height: number }[] = [];

  async execContainerCommand(q: ExecQuery): Promise<string> {
    this.execCalls.push(q);
    return this.execOutput;
  }

  createContainerGroup(): Promise<CreateResult> {
    throw new Error('not used by the kubelet API');
  }
  deleteContainerGroup(): Promise<void> {
    throw new Error('not used by the kubelet API');
  }
  updateContainerGroup(): Promise<void> {
    throw new Error('not used by the kubelet API');
  }
  describeContainerGroups(): Promise<ContainerGroup[]> {
    throw new Error('not used by the kubelet API');
  }
  describeContainerGroupStatus(): Promise<ContainerGroupStatusRecord[]> {
    throw new Error('not used by the kubelet API');
  }
  describeContainerGroupEvents(): Promise<{ ContainerGroupId: string; Events: EciEvent[] }[]> {
    throw new Error('not used by the kubelet API');
  }
  async close(): Promise<void> {}
}

export class FakePods implements PodDirectory {
  readonly entries = new Map<string, PodEntry>();
  add(pod: V1Pod, containerGroupId?: string): void {
    this.entries.set(`${pod.metadata?.namespace}/${pod.metadata?.name}`, { pod, containerGroupId });
  }
  lookup(namespace: string, name: string): PodEntry | undefined {
    return this.entries.get(`${namespace}/${name}`);
  }
  list(): PodEntry[] {
    return [...this.entries.values()];
  }
}

export function makePod(
  name: string,
  opts: { namespace?: string; containers?: string[]; statuses?: V1ContainerStatus[]; phase?: string } = {},
): V1Pod {
  const containers = opts.containers ?? ['app'];
  return {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: {
      name,
      namespace: opts.namespace ?? 'default',
      uid: `uid-${name}`,
      creationTimestamp: new Date('2024-05-01T09:59:00.250Z'),
    },
    spec: { nodeName: 'vk-eci', containers: containers.map((c) => ({ name: c, image: `registry/${c}:1` })) },
    status: {
      phase: opts.phase ?? 'Running',
      startTime: new Date('2024-05-01T10:00:00Z'),
      containerStatuses: opts.statuses ?? containers.map((c) => runningStatus(c)),
    },
  };
}

export function runningStatus(name: string, restartCount = 0): V1ContainerStatus {
  return {
    name,
    image: `registry/${name}:1`,
    imageID: '',
    ready: true,
    restartCount,
    state: { running: { startedAt: new Date('2024-05-01T10:00:05Z') } },
  };
}

/** Allows what `policy` allows; records every question. */
export class FakeAuthorizer implements Authorizer {
  readonly tokens = new Map<string, KubeletUser>();
  readonly asked: { user: string; attrs: NodeRequestAttributes }[] = [];
  constructor(private readonly policy: (user: KubeletUser, attrs: NodeRequestAttributes) => boolean) {}
  async authenticateToken(token: string): Promise<KubeletUser | undefined> {
    return this.tokens.get(token);
  }
  async authorize(user: KubeletUser, attrs: NodeRequestAttributes): Promise<boolean> {
    this.asked.push({ user: user.user, attrs });
    return this.policy(user, attrs);
  }
}

export interface Reply {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: string;
}

export interface CallOptions {
  method?: string;
  cert?: { certPem: string; keyPem: string };
  token?: string;
  /** Called with the body so far on every chunk (for streams). */
  onData?: (body: string, abort: () => void) => void;
}

/** An HTTPS call to the kubelet API that trusts `ca` for the server certificate. */
export function call(port: number, ca: string, path: string, opts: CallOptions = {}): Promise<Reply> {
  return new Promise((resolve, reject) => {
    const req = https.request(
      {
        host: '127.0.0.1',
        port,
        path,
        method: opts.method ?? 'GET',
        ca,
        cert: opts.cert?.certPem,
        key: opts.cert?.keyPem,
        agent: false,
        headers: opts.token !== undefined ? { Authorization: `Bearer ${opts.token}` } : {},
      },
      (res) => {
        let body = '';
        res.setEncoding('utf8');
        res.on('data', (chunk: string) => {
          body += chunk;
          opts.onData?.(body, () => {
            req.destroy();
            resolve({ status: res.statusCode ?? 0, headers: res.headers, body });
          });
        });
        res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body }));
        res.on('error', reject);
      },
    );
    req.on('error', reject);
    req.end();
  });
}
