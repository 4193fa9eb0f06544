import type os from 'node:os';
import { ensureNodeAddress, HOST_ONLY_ADDRESS, routableHostAddress } from '../../cluster/nodeaddress.js';

const iface = (address: string, internal = false): os.NetworkInterfaceInfo => ({
  address,
  family: 'IPv4',
  internal,
  netmask: '255.255.255.0',
  mac: '00:00:00:00:00:00',
  cidr: `${address}/24`,
});

describe('the local cluster node address', () => {
  it('falls back only to an address the API server proxies to: not loopback, not link-local', () => {
    expect(
      routableHostAddress({
        lo: [iface('127.0.0.1', true)],
        eth1: [iface('169.254.3.4')],
        eth0: [{ ...iface('fe80::1'), family: 'IPv6', scopeid: 2 }, iface('192.0.2.2')],
      }),
    ).toBe('192.0.2.2');
    expect(routableHostAddress({ lo: [iface('127.0.0.1', true)] })).toBeUndefined();
  });

  it('uses the host-only address when lo already has it, without touching the machine', async () => {
    const found = await ensureNodeAddress({}, () => ({
      lo: [iface('127.0.0.1', true), iface(HOST_ONLY_ADDRESS)],
    }));
    expect(found.address).toBe(HOST_ONLY_ADDRESS);
  });

  it('takes ACK_VN_NODE_ADDRESS only when the machine has it, naming the variable otherwise', async () => {
    const interfaces = () => ({ eth0: [iface('192.0.2.2')] });
    expect((await ensureNodeAddress({ ACK_VN_NODE_ADDRESS: '192.0.2.2' }, interfaces)).address).toBe(
      '192.0.2.2',
    );
    await expect(ensureNodeAddress({ ACK_VN_NODE_ADDRESS: '10.9.9.9' }, interfaces)).rejects.toThrow(
      /ACK_VN_NODE_ADDRESS=10\.9\.9\.9 is not an address of this machine/,
    );
  });
});
