import type { Container, CreateContainerGroupRequest, Volume } from '../../../providers/eci-api/index.js';
import { EciSimulator, ManualClock, type SimulatorOptions } from '../../../providers/simulator/index.js';

/** A simulator on a manual clock at realistic speed without jitter: tests move time explicitly. */
export function makeSimulator(options: SimulatorOptions = {}): { sim: EciSimulator; clock: ManualClock } {
  const clock = new ManualClock();
  const sim = new EciSimulator({ speed: 1, jitter: 0, clock, ...options });
  return { sim, clock };
}

/** A ConfigFile volume `cfg` holding app.conf (`mode=fast`): the app mounts it with APP_CONF_MOUNT. */
export const APP_CONF_VOLUME: Volume = {
  Name: 'cfg',
  Type: 'ConfigFileVolume',
  ConfigFileVolume: {
    ConfigFileToPath: [{ Path: 'app.conf', Content: Buffer.from('mode=fast\n').toString('base64') }],
  },
};
export const APP_CONF_MOUNT = { Name: 'cfg', MountPath: '/etc/app' };

/** A sidecar that declares port 9000 but never starts (its image cannot be pulled): nothing serves 9000. */
export const UNSERVED_9000_SIDECAR: Container = {
  Name: 'sidecar',
  Image: 'registry.example.com/does-not-exist:1',
  Port: [{ Port: 9000 }],
};

export function container(overrides: Partial<Container> = {}): Container {
  return { Name: 'app', Image: 'nginx:1.27', ...overrides };
}

export function request(overrides: Partial<CreateContainerGroupRequest> = {}): CreateContainerGroupRequest {
  return {
    RegionId: 'cn-hangzhou',
    SecurityGroupId: 'sg-test',
    VSwitchId: 'vsw-hangzhou-b',
    ContainerGroupName: 'web-1',
    RestartPolicy: 'Always',
    Tag: [{ Key: 'cluster', Value: 'c1' }],
    Container: [container()],
    ...overrides,
  };
}

export function shell(script: string, overrides: Partial<Container> = {}): Container {
  return container({ Image: 'busybox:1.36', Command: ['sh', '-c', script], ...overrides });
}

/** Runs a command in a group's container (`app` unless named), as a Sync ExecContainerCommand. */
export function execIn(sim: EciSimulator, id: string, container = 'app') {
  return (...Command: string[]): Promise<string> =>
    sim.execContainerCommand({ ContainerGroupId: id, ContainerName: container, Command });
}

export async function statusOf(sim: EciSimulator, id: string): Promise<string | undefined> {
  const [g] = await sim.describeContainerGroups({ ContainerGroupIds: [id] });
  return g?.Status;
}

export async function groupOf(sim: EciSimulator, id: string) {
  const [g] = await sim.describeContainerGroups({ ContainerGroupIds: [id] });
  if (!g) throw new Error(`group ${id} not found`);
  return g;
}
