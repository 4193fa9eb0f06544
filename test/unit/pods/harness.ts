// The whole pod loop in process: the real PodController (informer, queue, status poller, writer)
// against an in-process API server and the ECI simulator, both on one manual clock, so a test can
// replay any interleaving of watch events, controller restarts and backend faults without sleeping.
import type * as k8s from '@kubernetes/client-node';
import { ManualClock } from '../../../providers/clock.js';
import { EciSimulator, type SimulatorOptions } from '../../../providers/simulator/index.js';
import type { Faults } from '../../../providers/simulator/faults.js';
import { loadControllerConfig, sourceOf, type ControllerConfig } from '../../../src/config/index.js';
import { EventPacer, EventRecorder, type KubeRest } from '../../../src/kube/index.js';
import { PodController, podsApi } from '../../../src/pods/index.js';
import { TAG } from '../../../src/translate/index.js';
import { FakeApiServer } from '../../support/fake-apiserver.js';
import { until } from '../../support/until.js';

export const NODE = 'virtual-kubelet-cn-hangzhou-b';
export const NAMESPACE = 'default';
const PODS = `/api/v1/namespaces/${NAMESPACE}/pods`;
/** Real time to let sockets and promise chains run between manual clock steps. */
const IO_PAUSE_MS = 2;

export interface PodSpecOptions {
  uid: string;
  image?: string;
  command?: string[];
  restartPolicy?: 'Always' | 'OnFailure' | 'Never';
  env?: k8s.V1EnvVar[];
  /** Anything else to set on the spec (hostNetwork: true, ...). */
  spec?: Partial<k8s.V1PodSpec>;
}

export function podManifest(name: string, o: PodSpecOptions): k8s.V1Pod {
  return {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: { name, namespace: NAMESPACE, uid: o.uid, creationTimestamp: new Date() },
    spec: {
      nodeName: NODE,
      automountServiceAccountToken: false,
      restartPolicy: o.restartPolicy ?? 'Always',
      containers: [{ name: 'app', image: o.image ?? 'nginx:1.27', command: o.command, env: o.env }],
      ...o.spec,
    },
    status: { phase: 'Pending' },
  };
}

export class PodLoop {
  readonly clock = new ManualClock(Date.now());
  readonly api = new FakeApiServer();
  readonly simulator: EciSimulator;
  controller?: PodController;
  private rest?: KubeRest;
  private readonly config: ControllerConfig = {
    ...loadControllerConfig(sourceOf({ ECI_VSWITCH: 'vsw-b', ECI_SECURITY_GROUP: 'sg-1' }, new Map())),
    workers: 4,
    statusIntervalSeconds: 1,
    fullResyncSeconds: 5,
    events: { qps: 0, burst: 0 },
  };

  /** `simulator`: options of the in-process ECI beyond the clock and seed (noStock, ...). */
  constructor(simulator: SimulatorOptions = {}) {
    this.simulator = new EciSimulator({ clock: this.clock, seed: 7, ...simulator });
  }

  async open(): Promise<void> {
    this.rest = await this.api.start();
  }

  async close(): Promise<void> {
    await this.stopController();
    await this.simulator.close();
    this.rest?.close();
    await this.api.stop();
  }

  /** A new controller process: nothing in memory but what it lists from Kubernetes and ECI. */
  async startController(): Promise<void> {
    if (this.rest === undefined) throw new Error('open() first');
    const controller = new PodController({
      rest: this.rest,
      pods: podsApi(this.rest),
      backend: this.simulator,
      config: this.config,
      nodeName: NODE,
      events: new EventRecorder(this.rest, 'virtual-kubelet', NODE, new EventPacer(this.config.events)),
      profile: () => ({}),
      clock: this.clock,
    });
    this.controller = controller;
    await this.whileAdvancing(controller.start());
    // The fake API server replays nothing from a resourceVersion: wait until the watch is open.
    await until('the pod watch is open', () => this.api.watcherCount('/api/v1/pods') > 0);
  }

  async stopController(): Promise<void> {
    const controller = this.controller;
    this.controller = undefined;
    // Stopping waits for syncs in flight, which may wait on the clock (a slow or timed-out call).
    if (controller !== undefined) await this.whileAdvancing(controller.stop());
    await until('the pod watch is closed', () => this.api.watcherCount('/api/v1/pods') === 0);
  }

  createPod(name: string, options: PodSpecOptions): void {
    this.api.put(PODS, podManifest(name, options) as never);
  }

  /**
   * `kubectl delete pod`: the API server marks the pod with deletionTimestamp = now + grace period;
   * the controller must finish the deletion.
   */
  deletePod(name: string, gracePeriodSeconds = 30): void {
    const pod = this.pod(name);
    if (pod === undefined || pod.metadata?.deletionTimestamp) return;
    const deletionTimestamp = new Date(this.clock.now() + gracePeriodSeconds * 1000).toISOString();
    const metadata = { ...pod.metadata, deletionTimestamp, deletionGracePeriodSeconds: gracePeriodSeconds };
    this.api.put(PODS, { ...pod, metadata } as never);
  }

  /** `kubectl debug NAME --image=IMAGE -c CONTAINER`: the ephemeralcontainers subresource adds one. */
  addEphemeralContainer(name: string, container: string, image: string): void {
    const pod = this.pod(name);
    if (pod?.spec === undefined) throw new Error(`no pod ${name}`);
    const ephemeralContainers = [...(pod.spec.ephemeralContainers ?? []), { name: container, image }];
    this.api.put(PODS, { ...pod, spec: { ...pod.spec, ephemeralContainers } } as never);
  }

  /** `kubectl set image pod/NAME app=IMAGE`. */
  setImage(name: string, image: string): void {
    const pod = this.pod(name);
    if (pod?.spec === undefined) throw new Error(`no pod ${name}`);
    const containers = pod.spec.containers.map((c) => (c.name === 'app' ? { ...c, image } : c));
    this.api.put(PODS, { ...pod, spec: { ...pod.spec, containers } } as never);
  }

  /** `kubectl patch pod NAME --subresource resize`: new resources for the app container, a new generation. */
  resize(name: string, resources: k8s.V1ResourceRequirements): void {
    const pod = this.pod(name);
    if (pod?.spec === undefined) throw new Error(`no pod ${name}`);
    const containers = pod.spec.containers.map((c) => (c.name === 'app' ? { ...c, resources } : c));
    const metadata = { ...pod.metadata, generation: (pod.metadata?.generation ?? 1) + 1 };
    this.api.put(PODS, { ...pod, metadata, spec: { ...pod.spec, containers } } as never);
  }

  /** The container group ECI runs for a pod, as DescribeContainerGroups shows it. */
  groupOf(name: string): { Cpu: number; Memory: number } | undefined {
    const uid = this.pod(name)?.metadata?.uid;
    const id = this.liveGroups().find((g) => g.uid === uid)?.id;
    return this.simulator.listContainerGroups().find((g) => g.ContainerGroupId === id);
  }

  /** `kubectl delete pod --force --grace-period=0`: the object is gone before the controller acts. */
  forceDeletePod(name: string): void {
    this.api.remove(PODS, name);
  }

  pod(name: string): k8s.V1Pod | undefined {
    return this.api.objects(PODS).get(name) as k8s.V1Pod | undefined;
  }

  /** The Kubernetes Events the controller wrote about a pod, by reason. */
  eventReasons(name: string): string[] {
    return [...this.api.objects(`/api/v1/namespaces/${NAMESPACE}/events`).values()]
      .filter((e) => (e.involvedObject as { name?: string } | undefined)?.name === name)
      .map((e) => String(e.reason));
  }

  /** The controller's Events about a pod with this reason, whole. */
  events(name: string, reason: string): k8s.CoreV1Event[] {
    return [...this.api.objects(`/api/v1/namespaces/${NAMESPACE}/events`).values()].filter(
      (e) => (e.involvedObject as { name?: string } | undefined)?.name === name && e.reason === reason,
    ) as unknown as k8s.CoreV1Event[];
  }

  /** The messages of the controller's Events about a pod with this reason. */
  eventMessages(name: string, reason: string): string[] {
    return this.events(name, reason).map((e) => String(e.message));
  }

  /** `kubectl exec POD -- cat PATH` against the group ECI runs for the pod (its first container). */
  async cat(name: string, path: string): Promise<string> {
    const group = this.liveGroups().find((g) => g.uid === this.pod(name)?.metadata?.uid);
    if (group === undefined) throw new Error(`no container group for ${name}`);
    return this.simulator.execContainerCommand({
      ContainerGroupId: group.id,
      ContainerName: 'app',
      Command: ['cat', path],
    });
  }

  /** Advances the clock until `cat PATH` in the pod's group answers `expected`. */
  async untilFile(name: string, path: string, expected: string, maxMs = 90_000): Promise<void> {
    let seen = '';
    await this.until(
      `${path} reading ${JSON.stringify(expected)}`,
      () => {
        void this.cat(name, path).then(
          (text) => (seen = text),
          () => undefined,
        );
        return seen === expected;
      },
      maxMs,
    );
  }

  pods(): k8s.V1Pod[] {
    return [...this.api.objects(PODS).values()] as k8s.V1Pod[];
  }

  setFaults(faults: Faults): void {
    this.simulator.setFaults(faults);
  }

  /** Every container group ECI still has, Terminating ones too. */
  allGroups(): { id: string; status: string }[] {
    return this.simulator.listContainerGroups().map((g) => ({ id: g.ContainerGroupId, status: g.Status }));
  }

  /** Container groups that still exist (not being deleted), with the pod UID each is tagged with. */
  liveGroups(): { id: string; uid: string; status: string }[] {
    return this.simulator
      .listContainerGroups()
      .filter((g) => g.Status !== 'Terminating')
      .map((g) => ({
        id: g.ContainerGroupId,
        uid: g.Tags.find((t) => t.Key === TAG.uid)?.Value ?? '',
        status: g.Status,
      }));
  }

  /** Keeps the clock moving until `work` settles: it may wait on ECI calls that take clock time. */
  private async whileAdvancing<T>(work: Promise<T>): Promise<T> {
    let settled = false;
    const done = work.finally(() => (settled = true));
    while (!settled) await this.advance(100);
    return done;
  }

  /** Moves the manual clock in steps, letting real I/O (HTTP to the fake API server) run between them. */
  async advance(ms: number, stepMs = 100): Promise<void> {
    for (let t = 0; t < ms; t += stepMs) {
      await this.clock.advanceAsync(Math.min(stepMs, ms - t));
      await new Promise((r) => setTimeout(r, IO_PAUSE_MS));
    }
  }

  /** Advances the clock until `check` holds; fails naming `what` after `maxMs` of clock time. */
  async until(what: string, check: () => boolean, maxMs = 60_000): Promise<void> {
    for (let waited = 0; !check(); waited += 100) {
      if (waited > maxMs) throw new Error(`not ${what} after ${maxMs} ms of clock time`);
      await this.advance(100);
    }
  }
}
