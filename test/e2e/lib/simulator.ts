import { env } from './cluster.js';

export interface SimGroup {
  ContainerGroupId: string;
  Status: string;
  ZoneId: string;
  Cpu: number;
  Memory: number;
  InstanceType?: string;
  EphemeralStorage?: number;
  CreationTime?: string;
  Volumes?: { Name: string; Type: string; FlexVolumeDriver?: string; FlexVolumeOptions?: string }[];
  Tags: { Key: string; Value: string }[];
  Events?: { LastTimestamp?: string }[];
  EciSecurityContext?: { Sysctls: { Name: string; Value: string }[] };
  Containers: {
    Name: string;
    CurrentState?: { StartTime?: string };
    SecurityContext?: { Capability?: { Adds?: string[] } };
  }[];
}

/** A simulator's admin view (no signature, loopback only): every container group it holds. */
export async function simGroups(endpoint = env.ECI_ENDPOINT): Promise<SimGroup[]> {
  const res = await fetch(`${endpoint}/_sim/groups`);
  if (!res.ok) throw new Error(`GET /_sim/groups: ${res.status}`);
  const body = (await res.json()) as SimGroup[] | { ContainerGroups: SimGroup[] };
  return Array.isArray(body) ? body : body.ContainerGroups;
}

export function tag(group: SimGroup, key: string): string | undefined {
  return group.Tags.find((t) => t.Key === key)?.Value;
}

/** Live (not deleted) groups per pod UID: more than one is a duplicate. */
export async function groupsByUid(): Promise<Map<string, SimGroup[]>> {
  const byUid = new Map<string, SimGroup[]>();
  for (const group of await simGroups()) {
    const uid = tag(group, 'UID') ?? '';
    byUid.set(uid, [...(byUid.get(uid) ?? []), group]);
  }
  return byUid;
}

export async function simAdmin(path: string, body: unknown): Promise<void> {
  const res = await fetch(`${env.ECI_ENDPOINT}/_sim/${path}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
  if (!res.ok) throw new Error(`POST /_sim/${path}: ${res.status} ${await res.text()}`);
}
