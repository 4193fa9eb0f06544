import os from 'node:os';
import { run } from './run.js';

/**
 * The address the local cluster's node, metrics-server and CoreDNS listen on. The API server
 * refuses to proxy to loopback (127.0.0.0/8) and Endpoints may not name it, so the cluster adds
 * this host-only address to the loopback interface: it is local to the machine like 127.0.0.1, but
 * not in the loopback range. 198.18.0.0/15 is reserved for benchmarking (RFC 2544) and routed
 * nowhere, so it cannot shadow a real network.
 */
export const HOST_ONLY_ADDRESS = '198.18.0.1';

export interface NodeAddress {
  address: string;
  /** How it was found, printed as progress (and why, when it is not the host-only one). */
  how: string;
}

type Interfaces = NodeJS.Dict<os.NetworkInterfaceInfo[]>;

function ipv4s(interfaces: Interfaces): os.NetworkInterfaceInfo[] {
  return Object.values(interfaces)
    .flatMap((list) => list ?? [])
    .filter((i) => i.family === 'IPv4');
}

export function hasAddress(interfaces: Interfaces, address: string): boolean {
  return ipv4s(interfaces).some((i) => i.address === address);
}

/**
 * The machine's first IPv4 address the API server would proxy to: not loopback, not link-local
 * (169.254/16, which it refuses too). Undefined when there is none.
 */
export function routableHostAddress(interfaces: Interfaces): string | undefined {
  return ipv4s(interfaces).find(
    (i) =>
      !i.address.startsWith('127.') && !i.address.startsWith('169.254.') && i.address !== HOST_ONLY_ADDRESS,
  )?.address;
}

/** `ip addr add ADDRESS/32 dev lo`, directly as root, else through `sudo -n` (no password prompt). */
async function addToLoopback(address: string): Promise<void> {
  const args = ['addr', 'add', `${address}/32`, 'dev', 'lo'];
  const isRoot = process.getuid?.() === 0;
  await (isRoot ? run('ip', args) : run('sudo', ['-n', 'ip', ...args]));
}

/**
 * The node address for a cluster: ACK_VN_NODE_ADDRESS when set (it must already be on this
 * machine), else HOST_ONLY_ADDRESS, added to `lo` when missing (needs root or password-less
 * sudo). Without those it falls back to the machine's own routable address, and says so: the
 * node's kubelet API, metrics-server and CoreDNS then listen on an interface other machines reach
 * (each still authenticates its clients, but they are exposed).
 */
export async function ensureNodeAddress(
  env: NodeJS.ProcessEnv = process.env,
  interfaces: () => Interfaces = os.networkInterfaces,
): Promise<NodeAddress> {
  const wanted = env.ACK_VN_NODE_ADDRESS;
  if (wanted) {
    if (!hasAddress(interfaces(), wanted)) {
      throw new Error(
        `ACK_VN_NODE_ADDRESS=${wanted} is not an address of this machine: ` +
          'set it to one that "ip -4 addr" lists, or unset it to use the host-only address',
      );
    }
    return { address: wanted, how: `node address ${wanted} (ACK_VN_NODE_ADDRESS)` };
  }
  if (hasAddress(interfaces(), HOST_ONLY_ADDRESS)) {
    return { address: HOST_ONLY_ADDRESS, how: `node address ${HOST_ONLY_ADDRESS} (host-only, on lo)` };
  }
  let failure: string;
  try {
    await addToLoopback(HOST_ONLY_ADDRESS);
    return { address: HOST_ONLY_ADDRESS, how: `node address ${HOST_ONLY_ADDRESS}: added to lo (host-only)` };
  } catch (err) {
    failure = err instanceof Error ? err.message.split('\n')[0] : String(err);
  }
  // Another cluster being brought up at the same time may have added it first ("File exists").
  if (hasAddress(interfaces(), HOST_ONLY_ADDRESS)) {
    return { address: HOST_ONLY_ADDRESS, how: `node address ${HOST_ONLY_ADDRESS} (host-only, on lo)` };
  }
  const fallback = routableHostAddress(interfaces());
  if (!fallback) {
    throw new Error(
      `cannot add the host-only node address ${HOST_ONLY_ADDRESS} to lo (${failure}) and this machine has ` +
        'no other non-loopback IPv4 address: run once as root (or with password-less sudo), ' +
        `"sudo ip addr add ${HOST_ONLY_ADDRESS}/32 dev lo", or set ACK_VN_NODE_ADDRESS`,
    );
  }
  return {
    address: fallback,
    how:
      `WARNING: node address ${fallback}, this machine's own address, because adding the host-only ` +
      `${HOST_ONLY_ADDRESS} to lo failed (${failure}): the kubelet API, metrics-server and CoreDNS listen on ` +
      `an interface other machines can reach. Run "sudo ip addr add ${HOST_ONLY_ADDRESS}/32 dev lo" once to avoid it`,
  };
}
