/** ECI keeps an idle fixed IP this long unless FixedIpRetainHour says otherwise. */
const DEFAULT_RETAIN_HOURS = 48;
const HOUR_MS = 3600_000;

/** An address kept for a group name created with FixedIp. */
export interface KeptIp {
  vSwitchId: string;
  ip: string;
  retainMs: number;
  /** Clock time (ms) the last group with this name was released; absent while one uses it. */
  freeSince?: number;
}

/**
 * Fixed IPs (CreateContainerGroup FixedIp / FixedIpRetainHour, pod annotation eci-fixed-ip): a
 * group re-created under the same name within the retention gets the same address, which stays
 * taken in its vSwitch meanwhile. ECI keys it by pod; the group name is namespace-name here.
 */
export class FixedIps {
  private readonly kept = new Map<string, KeptIp>();

  /** The idle address kept for `name`, if any (not taken yet: a DryRun takes nothing). */
  peek(name: string): KeptIp | undefined {
    const k = this.kept.get(name);
    return k?.freeSince === undefined ? undefined : { ...k };
  }

  /** A new group with this name took the kept address. */
  reuse(name: string): void {
    const k = this.kept.get(name);
    if (k !== undefined) delete k.freeSince;
  }

  keep(name: string, vSwitchId: string, ip: string, retainHours: number | undefined): void {
    this.kept.set(name, { vSwitchId, ip, retainMs: (retainHours ?? DEFAULT_RETAIN_HOURS) * HOUR_MS });
  }

  /** The group holding `ip` for `name` is gone: keep the address; false when it is not a kept one. */
  idle(name: string, ip: string, now: number, release: (k: KeptIp) => void): boolean {
    const k = this.kept.get(name);
    if (k === undefined || k.ip !== ip) return false;
    k.freeSince = now;
    this.expire(now, release);
    return true;
  }

  toJSON(): [string, KeptIp][] {
    return [...this.kept.entries()];
  }

  load(entries: [string, KeptIp][]): void {
    for (const [name, k] of entries) this.kept.set(name, k);
  }

  /** Lets go of addresses idle past their retention. */
  expire(now: number, release: (k: KeptIp) => void): void {
    for (const [name, k] of this.kept) {
      if (k.freeSince === undefined || now - k.freeSince <= k.retainMs) continue;
      this.kept.delete(name);
      release(k);
    }
  }
}
