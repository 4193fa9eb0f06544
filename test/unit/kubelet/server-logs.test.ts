import type { V1Pod } from '@kubernetes/client-node';
import { notStartedStatus } from '../../../src/translate/index.js';
import { makePod, runningStatus, type FakeLogLine } from './fakes.js';
import { startFixture, type Fixture } from './fixture.js';

async function waitFor(cond: () => boolean): Promise<void> {
  while (!cond()) await new Promise((r) => setTimeout(r, 5));
}

const at = (ms: number, text: string): FakeLogLine => ({
  ts: new Date(Date.UTC(2024, 4, 1, 10, 0, 0) + ms).toISOString(),
  text,
});

describe('GET /containerLogs', () => {
  let f: Fixture;

  beforeAll(async () => {
    f = await startFixture();
    const web = makePod('web', {
      statuses: [
        {
          ...runningStatus('app', 1),
          lastState: { terminated: { exitCode: 1, reason: 'Error' } },
        },
      ],
    });
    f.pods.add(web, 'eci-web');
    f.backend.appendLog('eci-web', 'app', at(0, 'one'), at(1000, 'two'), at(2000, 'three'));
    f.backend.previousLogs.set('eci-web/app', [at(-9000, 'old-1'), at(-8000, 'old-2'), at(-7000, 'crashed')]);
    f.pods.add(makePod('pending', { statuses: [] }));
    f.pods.add(
      makePod('pulling', {
        statuses: [notStartedStatus({ name: 'app' }, { waiting: { reason: 'ImagePullBackOff' } })],
      }),
      'eci-pulling',
    );
  });
  afterAll(() => f.server.close());
  beforeEach(() => f.backend.logQueries.splice(0));

  it('returns the log as plain text', async () => {
    const res = await f.asApiServer('/containerLogs/default/web/app');
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toMatch(/^text\/plain/);
    expect(res.body).toBe('one\ntwo\nthree\n');
  });

  it('passes tailLines, limitBytes, timestamps and previous to DescribeContainerLog', async () => {
    const res = await f.asApiServer(
      '/containerLogs/default/web/app?tailLines=2&limitBytes=200&timestamps=true&previous=true',
    );
    expect(f.backend.logQueries).toEqual([
      {
        ContainerGroupId: 'eci-web',
        ContainerName: 'app',
        Tail: 2,
        LimitBytes: 200,
        Timestamps: true,
        LastTime: true,
      },
    ]);
    expect(res.body).toBe(`${at(-8000, '').ts} old-2\n${at(-7000, '').ts} crashed\n`);
  });

  it('stops at limitBytes even when the backend sends more', async () => {
    const res = await f.asApiServer('/containerLogs/default/web/app?limitBytes=5');
    expect(res.body).toBe('one\nt');
  });

  it('tailLines=0 returns nothing without asking ECI (which would read 0 as its default)', async () => {
    const res = await f.asApiServer('/containerLogs/default/web/app?tailLines=0');
    expect(res).toMatchObject({ status: 200, body: '' });
    expect(f.backend.logQueries).toEqual([]);
  });

  it.each([
    ['tailLines=-1', 'tailLines: Invalid value: -1'],
    ['sinceSeconds=abc', 'sinceSeconds: Invalid value: "abc"'],
    ['sinceSeconds=5&sinceTime=2024-05-01T10:00:00Z', 'at most one of `sinceTime` or `sinceSeconds`'],
    ['limitBytes=0', 'limitBytes: Invalid value: 0'],
  ])('%s → 400 naming the parameter', async (query, message) => {
    const res = await f.asApiServer(`/containerLogs/default/web/app?${query}`);
    expect(res.status).toBe(400);
    expect(res.body).toContain(message);
    expect(f.backend.logQueries).toEqual([]);
  });

  it('404 for a pod or container the node does not have, in the kubelet words', async () => {
    expect(await f.asApiServer('/containerLogs/default/nope/app')).toMatchObject({
      status: 404,
      body: 'pod "nope" does not exist',
    });
    expect(await f.asApiServer('/containerLogs/other/web/app')).toMatchObject({ status: 404 });
    expect(await f.asApiServer('/containerLogs/default/web/sidecar')).toMatchObject({
      status: 404,
      body: 'container "sidecar" not found in pod "web"',
    });
  });

  it('400 while the container is not started yet', async () => {
    expect(await f.asApiServer('/containerLogs/default/pending/app')).toMatchObject({
      status: 400,
      body: 'container "app" in pod "pending" is waiting to start: ContainerCreating',
    });
    expect(await f.asApiServer('/containerLogs/default/pulling/app')).toMatchObject({
      status: 400,
      body: 'container "app" in pod "pulling" is waiting to start: trying and failing to pull image',
    });
  });

  it('400 for an ephemeral container, saying why ECI ran none and what to do instead', async () => {
    const debugged = makePod('debugged');
    f.pods.add(
      {
        ...debugged,
        spec: { containers: [], ...debugged.spec, ephemeralContainers: [{ name: 'dbg', image: 'busybox' }] },
      },
      'eci-debugged',
    );
    const res = await f.asApiServer('/containerLogs/default/debugged/dbg');
    expect(res.status).toBe(400);
    expect(res.body).toMatch(
      /^ECI cannot add container "dbg" to the running container group of pod "debugged": .*kubectl debug debugged --copy-to=debugged-debug --image=busybox/,
    );
    expect(f.backend.logQueries).toEqual([]);
  });

  it('400 for a container waiting without a group, with the message saying why', async () => {
    const message = 'configmap "settings" not found; create it';
    const waiting = notStartedStatus(
      { name: 'app' },
      { waiting: { reason: 'CreateContainerConfigError', message } },
    );
    f.pods.add(makePod('no-config', { phase: 'Pending', statuses: [waiting] }));
    expect(await f.asApiServer('/containerLogs/default/no-config/app')).toMatchObject({
      status: 400,
      body: `container "app" in pod "no-config" is waiting to start: CreateContainerConfigError: ${message}`,
    });
  });

  it('400 for a pod ECI could not run, with its reason rather than "ContainerCreating"', async () => {
    const refused = makePod('refused', {
      phase: 'Failed',
      statuses: [
        notStartedStatus({ name: 'app' }, { terminated: { exitCode: 128, reason: 'ProviderFailed' } }),
      ],
    });
    const message = 'spec.hostNetwork: true is not supported by ECI';
    f.pods.add({ ...refused, status: { ...refused.status, reason: 'ProviderFailed', message } });
    expect(await f.asApiServer('/containerLogs/default/refused/app')).toMatchObject({
      status: 400,
      body: `container "app" in pod "refused" was not created: ${message}`,
    });
  });

  it('previous=true without a terminated instance is 400', async () => {
    const res = await f.asApiServer('/containerLogs/default/pulling/app?previous=true');
    expect(res).toMatchObject({
      status: 400,
      body: 'previous terminated container "app" in pod "pulling" not found',
    });
  });

  it.each([
    ['/containerLogs/Default/web/app', 'invalid namespace "Default"'],
    ['/containerLogs/default/..%2F..%2Fetc/app', 'invalid pod name "../../etc"'],
    ['/containerLogs/default/web/a%0Ab', 'invalid container name "a\\nb"'],
    ['/containerLogs/default/web/%E0%A4%A', 'Failed to decode param'],
  ])('%s → 400 (names are validated before any lookup)', async (path, message) => {
    const res = await f.asApiServer(path);
    expect(res.status).toBe(400);
    expect(res.body).toContain(message);
  });

  it('a container group ECI no longer has is 404 with ECI words', async () => {
    f.pods.add(makePod('gone'), 'eci-gone');
    const res = await f.asApiServer('/containerLogs/default/gone/app');
    expect(res.status).toBe(404);
    expect(res.body).toContain('ContainerGroup.NotFound');
  });
});

describe('GET /containerLogs?follow=true', () => {
  let f: Fixture;
  beforeEach(async () => {
    f = await startFixture();
  });
  afterEach(() => f.server.close());

  function terminate(pod: V1Pod): V1Pod {
    return {
      ...pod,
      status: {
        ...pod.status,
        containerStatuses: [
          { ...runningStatus('app'), state: { terminated: { exitCode: 0, reason: 'Completed' } } },
        ],
      },
    };
  }

  it('streams new lines once each and ends when the container terminates', async () => {
    const pod = makePod('job');
    f.pods.add(pod, 'eci-job');
    f.backend.appendLog('eci-job', 'app', at(0, 'start'), at(100, 'working'));
    let stage = 0;
    const res = await f.asApiServer('/containerLogs/default/job/app?follow=true', {
      onData: (body) => {
        if (stage === 0 && body.includes('working\n')) {
          stage = 1;
          // Two lines in the same millisecond, then more: none may be lost or repeated.
          f.backend.appendLog(
            'eci-job',
            'app',
            at(1500, 'same-ms-1'),
            at(1500, 'same-ms-2'),
            at(2500, 'more'),
          );
        } else if (stage === 1 && body.includes('more\n')) {
          stage = 2;
          f.backend.appendLog('eci-job', 'app', at(3000, 'last words'));
          f.pods.add(terminate(pod), 'eci-job');
        }
      },
    });
    expect(res.status).toBe(200);
    expect(res.body).toBe('start\nworking\nsame-ms-1\nsame-ms-2\nmore\nlast words\n');
    // Every poll asked with timestamps, the later ones from the newest second already sent.
    expect(f.backend.logQueries.every((q) => q.Timestamps === true)).toBe(true);
    expect(f.backend.logQueries.at(-1)?.StartTime).toBe('2024-05-01T10:00:02Z');
  });

  it('keeps timestamps when asked and honours tailLines on the first read', async () => {
    const pod = makePod('ts');
    f.pods.add(terminate(pod), 'eci-ts');
    f.backend.appendLog('eci-ts', 'app', at(0, 'a'), at(1000, 'b'), at(2000, 'c'));
    const res = await f.asApiServer('/containerLogs/default/ts/app?follow=true&timestamps=true&tailLines=2');
    expect(res.body).toBe(`${at(1000, '').ts} b\n${at(2000, '').ts} c\n`);
    expect(f.backend.logQueries[0]).toMatchObject({ Tail: 2, Timestamps: true });
  });

  it('tailLines=0 sends only lines written after the request', async () => {
    const pod = makePod('tail0');
    f.pods.add(pod, 'eci-tail0');
    f.backend.appendLog('eci-tail0', 'app', at(0, 'before'));
    const reply = f.asApiServer('/containerLogs/default/tail0/app?follow=true&tailLines=0', {
      onData: (body) => {
        if (body.includes('after\n')) f.pods.add(terminate(pod), 'eci-tail0');
      },
    });
    await waitFor(() => f.backend.logQueries.length >= 2);
    f.backend.appendLog('eci-tail0', 'app', at(500, 'after'));
    expect((await reply).body).toBe('after\n');
  });

  it('stops polling when the client goes away', async () => {
    const pod = makePod('chatty');
    f.pods.add(pod, 'eci-chatty');
    f.backend.appendLog('eci-chatty', 'app', at(0, 'hello'));
    await f.asApiServer('/containerLogs/default/chatty/app?follow=true', {
      onData: (body, abort) => {
        if (body.includes('hello\n')) abort();
      },
    });
    // Let any poll already under way finish, then no new ones may start.
    await new Promise((r) => setTimeout(r, 250));
    const polls = f.backend.logQueries.length;
    await new Promise((r) => setTimeout(r, 250));
    expect(f.backend.logQueries.length).toBe(polls);
  });

  it('close() ends open follow streams', async () => {
    f.pods.add(makePod('forever'), 'eci-forever');
    f.backend.appendLog('eci-forever', 'app', at(0, 'tick'));
    let closed: Promise<void> | undefined;
    const res = await f.asApiServer('/containerLogs/default/forever/app?follow=true', {
      onData: (body) => {
        if (body.includes('tick\n')) closed ??= f.server.close();
      },
    });
    await closed;
    expect(res.body).toBe('tick\n');
  });

  it('ends at limitBytes', async () => {
    f.pods.add(makePod('big'), 'eci-big');
    f.backend.appendLog('eci-big', 'app', at(0, 'abcdef'), at(1, 'ghijkl'));
    const res = await f.asApiServer('/containerLogs/default/big/app?follow=true&limitBytes=9');
    expect(res.body).toBe('abcdef\ngh');
  });
});
