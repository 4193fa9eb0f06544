import type * as k8s from '@kubernetes/client-node';
import { eventPath } from '../kube/events.js';
import type { KubeRest } from '../kube/rest.js';
import { errorMessage, logger } from '../log.js';
import { invalidProfileEvent, unsupportedProfileEvent } from './events.js';
import { RestartingListWatch } from '../kube/listwatch.js';
import { reconcileEciProfile } from './parse.js';
import { EMPTY_PROFILE, type EciProfile, type ProfileError } from './types.js';
import { unsupportedProfileKeys } from './unsupported-keys.js';

export interface EciProfileWatcherOptions {
  /** Defaults to `kube-system`. */
  namespace?: string;
  /** Defaults to `eci-profile`. */
  name?: string;
  /** Event source component; defaults to `ack-virtual-node`. */
  component?: string;
}

export type ProfileListener = (profile: EciProfile) => void;

/**
 * The live eci-profile: watches the ConfigMap, keeps the last good configuration when a new
 * version is broken (and says why in the log and a Warning Event on the ConfigMap). An absent
 * ConfigMap means an empty profile: only the built-in selectors apply.
 */
export class EciProfileWatcher {
  private profile: EciProfile = EMPTY_PROFILE;
  private readonly listeners = new Set<ProfileListener>();
  private readonly listWatch: RestartingListWatch<k8s.V1ConfigMap>;
  private readonly namespace: string;
  private readonly name: string;
  private readonly component: string;
  private lastReportedVersion?: string;

  constructor(
    private readonly api: KubeRest,
    options: EciProfileWatcherOptions = {},
  ) {
    this.namespace = options.namespace ?? 'kube-system';
    this.name = options.name ?? 'eci-profile';
    this.component = options.component ?? 'ack-virtual-node';
    const fieldSelector = `metadata.name=${this.name}`;
    this.listWatch = new RestartingListWatch<k8s.V1ConfigMap>(
      api,
      {
        path: `/api/v1/namespaces/${this.namespace}/configmaps`,
        kind: 'V1ConfigMap',
        fieldSelector,
      },
      {
        onUpsert: (cm) => this.apply(cm),
        onDelete: () => this.apply(undefined),
      },
    );
  }

  /** The profile in effect now (never undefined: empty until the ConfigMap is seen). */
  current(): EciProfile {
    return this.profile;
  }

  /** True once the ConfigMap was listed: `current()` then reflects the cluster. */
  get hasSynced(): boolean {
    return this.listWatch.hasSynced;
  }

  /** Called with the new profile whenever it changes; returns an unsubscribe function. */
  onChange(listener: ProfileListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  start(): void {
    void this.listWatch.start();
  }

  async stop(): Promise<void> {
    await this.listWatch.stop();
  }

  /** Take in a new version of the ConfigMap (undefined: it was deleted). */
  apply(configMap: k8s.V1ConfigMap | undefined): void {
    let next: EciProfile;
    if (configMap === undefined) {
      logger.info('eci-profile ConfigMap absent: only the built-in selectors apply', {
        configMap: this.ref(),
      });
      next = EMPTY_PROFILE;
    } else {
      const { profile, errors } = reconcileEciProfile(configMap.data ?? {}, this.profile);
      next = profile;
      const notices = unsupportedProfileKeys(configMap.data ?? {});
      if (errors.length > 0 || notices.length > 0) this.report(configMap, errors, notices);
    }
    if (JSON.stringify(next) === JSON.stringify(this.profile)) return;
    this.profile = next;
    logger.info('eci-profile loaded', {
      configMap: this.ref(),
      selectors: next.selectors.map((s) => s.name),
      vSwitchIds: next.vSwitchIds,
      securityGroupId: next.securityGroupId,
      resourceGroupId: next.resourceGroupId,
      enableClusterIp: next.enableClusterIp,
      enableLinuxArm64Node: next.enableLinuxArm64Node,
    });
    for (const listener of this.listeners) {
      try {
        listener(next);
      } catch (err) {
        logger.error('eci-profile change listener failed', { err: errorMessage(err) });
      }
    }
  }

  private ref(): string {
    return `${this.namespace}/${this.name}`;
  }

  /** Once per version of the ConfigMap: the log, and one Warning Event per kind of problem. */
  private report(configMap: k8s.V1ConfigMap, errors: ProfileError[], notices: ProfileError[]): void {
    const version = configMap.metadata?.resourceVersion;
    if (version !== undefined && version === this.lastReportedVersion) return;
    this.lastReportedVersion = version;
    for (const error of errors)
      logger.warn('invalid eci-profile', { configMap: this.ref(), key: error.key, err: error.message });
    for (const notice of notices)
      logger.warn('unsupported eci-profile key', {
        configMap: this.ref(),
        key: notice.key,
        err: notice.message,
      });
    const now = new Date();
    if (errors.length > 0) this.post(invalidProfileEvent(configMap, errors, this.component, now));
    if (notices.length > 0) this.post(unsupportedProfileEvent(configMap, notices, this.component, now));
  }

  private post(body: k8s.CoreV1Event): void {
    this.api.json('POST', eventPath(this.namespace), { body }).catch((err: unknown) => {
      logger.warn('could not record eci-profile event', {
        configMap: this.ref(),
        reason: body.reason,
        err: errorMessage(err),
      });
    });
  }
}
