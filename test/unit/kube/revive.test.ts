import * as k8s from '@kubernetes/client-node';
import {
  DATE_FIELDS,
  internShared,
  internStrings,
  reviverFor,
  type DateFields,
} from '../../../src/kube/revive.js';

interface Model {
  getAttributeTypeMap(): { baseName: string; type: string }[];
}

function modelOf(type: string): Model | undefined {
  const candidate = (k8s as unknown as Record<string, unknown>)[type];
  return typeof candidate === 'function' && 'getAttributeTypeMap' in candidate
    ? (candidate as unknown as Model)
    : undefined;
}

/** The paths of every timestamp under `type`, from client-node's generated type map. */
function clientNodeDatePaths(type: string, prefix = '', seen = new Set<string>()): string[] {
  const model = modelOf(type);
  if (model === undefined || seen.has(type)) return [];
  const below = new Set(seen).add(type);
  return model.getAttributeTypeMap().flatMap((a) => {
    const inner = a.type
      .replace(/ \| (null|undefined)$/, '')
      .replace(/^Array<(.*)>$/, '$1')
      .replace(/^\{ \[key: string\]: (.*); \}$/, '$1');
    const path = `${prefix}${a.baseName}`;
    // MicroTime (Lease renewTime) is a Date subclass in client-node's types.
    return inner === 'Date' || inner === 'V1MicroTime'
      ? [path]
      : clientNodeDatePaths(inner, `${path}.`, below);
  });
}

function ourDatePaths(fields: DateFields, prefix = ''): string[] {
  return Object.entries(fields).flatMap(([field, below]) =>
    below === true ? [`${prefix}${field}`] : ourDatePaths(below, `${prefix}${field}.`),
  );
}

describe('reviverFor', () => {
  it.each(Object.keys(DATE_FIELDS) as (keyof typeof DATE_FIELDS)[])(
    'knows every timestamp client-node declares for %s',
    (kind) => {
      expect(ourDatePaths(DATE_FIELDS[kind]).sort()).toEqual(clientNodeDatePaths(kind).sort());
    },
  );

  it('turns every timestamp of a pod into a Date and leaves the rest as parsed', () => {
    const raw = JSON.parse(
      JSON.stringify({
        metadata: { name: 'p', creationTimestamp: '2026-01-02T03:04:05Z', labels: { startTime: 'x' } },
        spec: { containers: [{ name: 'c', image: 'nginx' }] },
        status: {
          startTime: '2026-01-02T03:04:06Z',
          conditions: [{ type: 'Ready', status: 'True', lastTransitionTime: '2026-01-02T03:04:07Z' }],
          containerStatuses: [
            {
              name: 'c',
              state: { terminated: { exitCode: 0, startedAt: '2026-01-02T03:04:08Z', finishedAt: null } },
            },
          ],
        },
      }),
    ) as unknown;
    const pod = reviverFor<k8s.V1Pod>('V1Pod')(raw);
    expect(pod.metadata?.creationTimestamp).toEqual(new Date('2026-01-02T03:04:05Z'));
    expect(pod.metadata?.labels).toEqual({ startTime: 'x' });
    expect(pod.status?.startTime).toEqual(new Date('2026-01-02T03:04:06Z'));
    expect(pod.status?.conditions?.[0].lastTransitionTime).toEqual(new Date('2026-01-02T03:04:07Z'));
    const terminated = pod.status?.containerStatuses?.[0].state?.terminated;
    expect(terminated?.startedAt).toEqual(new Date('2026-01-02T03:04:08Z'));
    expect(terminated?.finishedAt).toBeNull();
    expect(pod.spec?.containers[0]).toEqual({ name: 'c', image: 'nginx' });
    expect(Object.getPrototypeOf(pod)).toBe(Object.prototype);
  });

  it('gives equal strings and timestamps of different pods one shared instance', () => {
    const revive = reviverFor<k8s.V1Pod>('V1Pod');
    const parse = (name: string): k8s.V1Pod =>
      revive(
        JSON.parse(
          JSON.stringify({
            metadata: { name, creationTimestamp: '2026-01-02T03:04:05Z' },
            spec: { nodeName: 'virtual-kubelet-cn-hangzhou-b', containers: [{ name: 'c', image: 'nginx' }] },
            status: { conditions: [{ type: 'Ready', lastTransitionTime: '2026-01-02T03:04:05Z' }] },
          }),
        ),
      );
    const [a, b] = [parse('a'), parse('b')];
    expect(b.spec?.nodeName).toBe(a.spec?.nodeName);
    expect(b.metadata?.creationTimestamp).toBe(a.metadata?.creationTimestamp);
    expect(b.status?.conditions?.[0].lastTransitionTime).toBe(a.metadata?.creationTimestamp);
    expect(b.metadata?.creationTimestamp).toEqual(new Date('2026-01-02T03:04:05Z'));
    expect(b.metadata?.name).toBe('b');
  });

  it('shares the Dates of a status built here (our own write, cached as written) by their time', () => {
    const revive = reviverFor<k8s.V1Pod>('V1Pod');
    const written = (name: string): k8s.V1Pod =>
      revive({
        metadata: { name },
        status: {
          startTime: new Date(Date.UTC(2026, 0, 2, 3, 4, 5)),
          conditions: [
            { type: 'Ready', status: 'True', lastTransitionTime: new Date('2026-01-02T03:04:05Z') },
          ],
          containerStatuses: [{ name: 'c', state: { running: { startedAt: new Date(1767323046000) } } }],
        },
      });
    const [a, b] = [written('a'), written('b')];
    expect(b.status?.startTime).toBe(a.status?.startTime);
    expect(b.status?.conditions?.[0].lastTransitionTime).toBe(a.status?.startTime);
    expect(b.status?.startTime).toEqual(new Date('2026-01-02T03:04:05Z'));
    const started = (p: k8s.V1Pod): Date | undefined =>
      p.status?.containerStatuses?.[0].state?.running?.startedAt;
    expect(started(b)).toBe(started(a));
    expect(started(b)).toEqual(new Date('2026-01-02T03:04:06Z'));
  });

  it('shares the objects of primitives and Dates two pods repeat, frozen, and keeps the others apart', () => {
    const revive = reviverFor<k8s.V1Pod>('V1Pod');
    const toleration = { key: 'virtual-kubelet.io/provider', operator: 'Exists', effect: 'NoSchedule' };
    const parse = (name: string, ip: string, second: number): k8s.V1Pod =>
      revive(
        JSON.parse(
          JSON.stringify({
            metadata: { name, labels: { app: 'web' } },
            spec: {
              tolerations: [toleration],
              containers: [{ name: 'c', image: 'nginx', ports: [{ containerPort: 80 }] }],
            },
            status: {
              conditions: [
                { type: 'Ready', status: 'True', lastTransitionTime: `2026-01-02T03:04:0${second}Z` },
              ],
              podIPs: [{ ip }],
            },
          }),
        ),
      );
    const [a, b, c] = [parse('a', '10.0.0.1', 5), parse('b', '10.0.0.2', 5), parse('c', '10.0.0.3', 6)];
    expect(b.spec?.tolerations?.[0]).toBe(a.spec?.tolerations?.[0]);
    expect(b.metadata?.labels).toBe(a.metadata?.labels);
    expect(b.status?.conditions?.[0]).toBe(a.status?.conditions?.[0]);
    expect(Object.isFrozen(a.status?.conditions?.[0])).toBe(true);
    expect(c.status?.conditions?.[0]).not.toBe(a.status?.conditions?.[0]);
    expect(c.status?.conditions?.[0].lastTransitionTime).toEqual(new Date('2026-01-02T03:04:06Z'));
    expect(b.status?.podIPs?.[0]).toEqual({ ip: '10.0.0.2' });
    expect(b.status?.podIPs?.[0]).not.toBe(a.status?.podIPs?.[0]);
    // An object holding another object is not a leaf: the container stays the pod's own.
    expect(b.spec?.containers[0]).not.toBe(a.spec?.containers[0]);
    expect(Object.isFrozen(a.spec?.containers[0])).toBe(false);
    expect(b.spec?.containers[0].ports?.[0]).toBe(a.spec?.containers[0].ports?.[0]);
    // What our own write caches is built from the cached pod: reviving it again goes past the
    // shared parts rather than writing into them.
    const again = revive({ ...a, status: { ...a.status, phase: 'Running' } });
    expect(again.spec?.tolerations?.[0]).toBe(a.spec?.tolerations?.[0]);
    expect(again.status?.phase).toBe('Running');
  });
});

describe('internStrings', () => {
  test('keeps the value as it was, in the same objects, strings in lists and nested objects too', () => {
    const parse = (): Record<string, unknown> =>
      JSON.parse(
        '{"ContainerGroupId":"eci-1","PodStatus":{"Phase":"Running","Conditions":[{"Type":"Ready","LastTransitionTime":"2026-12-06T12:00:00Z"}],"PodIps":[{"Ip":"192.168.0.1"}]},"Tags":["a","b"],"Count":3,"Ok":true,"None":null}',
      ) as Record<string, unknown>;
    const record = parse();
    const podStatus = record.PodStatus;
    expect(internStrings(record)).toBe(record);
    expect(record.PodStatus).toBe(podStatus);
    expect(record).toEqual(parse());
  });
});

describe('internShared', () => {
  test("shares the objects of primitives two groups' status records repeat, frozen; keeps the rest their own", () => {
    const record = (id: string, ip: string) =>
      internShared(
        JSON.parse(
          JSON.stringify({
            ContainerGroupId: id,
            PodStatus: {
              Phase: 'Running',
              Conditions: [{ Type: 'Ready', Status: 'True', LastTransitionTime: '2026-12-06T12:00:00Z' }],
              PodIps: [{ Ip: ip }],
            },
          }),
        ) as { ContainerGroupId: string; PodStatus: { Conditions: object[]; PodIps: { Ip: string }[] } },
      );
    const [a, b] = [record('eci-1', '192.168.0.1'), record('eci-2', '192.168.0.2')];
    expect(b.PodStatus.Conditions[0]).toBe(a.PodStatus.Conditions[0]);
    expect(Object.isFrozen(a.PodStatus.Conditions[0])).toBe(true);
    expect(b.PodStatus.PodIps[0]).toEqual({ Ip: '192.168.0.2' });
    expect(b.PodStatus).not.toBe(a.PodStatus);
    expect(b.ContainerGroupId).toBe('eci-2');
  });
});
