import { createSocket, type Socket } from 'node:dgram';
import { once } from 'node:events';
import type { AddressInfo } from 'node:net';
import { dnsResolver, POD_NAMESERVER } from '../../../providers/simulator/index.js';

/**
 * A DNS server on a loopback UDP port answering A queries from `records`, NXDOMAIN for other names
 * in cluster.local and REFUSED outside it, as the local cluster's CoreDNS does.
 */
async function dnsServer(
  records: Record<string, string>,
): Promise<{ address: string; asked: string[]; socket: Socket }> {
  const socket = createSocket('udp4');
  const asked: string[] = [];
  socket.on('message', (query, peer) => {
    const labels: string[] = [];
    let at = 12;
    while (query[at] !== 0) {
      const length = query[at] ?? 0;
      labels.push(query.subarray(at + 1, at + 1 + length).toString('ascii'));
      at += length + 1;
    }
    const question = query.subarray(12, at + 5);
    const name = labels.join('.');
    asked.push(name);
    const ip = records[name];
    const header = Buffer.alloc(12);
    query.copy(header, 0, 0, 2);
    header.writeUInt16BE(ip ? 0x8180 : name.endsWith('.cluster.local') ? 0x8183 : 0x8185, 2);
    header.writeUInt16BE(1, 4);
    header.writeUInt16BE(ip ? 1 : 0, 6);
    const answer = ip
      ? Buffer.concat([
          Buffer.from([0xc0, 0x0c, 0, 1, 0, 1, 0, 0, 0, 30, 0, 4]),
          Buffer.from(ip.split('.').map(Number)),
        ])
      : Buffer.alloc(0);
    socket.send(Buffer.concat([header, question, answer]), peer.port, peer.address);
  });
  socket.bind(0, '127.0.0.1');
  await once(socket, 'listening');
  return { address: `127.0.0.1:${(socket.address() as AddressInfo).port}`, asked, socket };
}

describe('the simulator asking a DNS server', () => {
  it('returns the first candidate that resolves, over UDP to the server it was given', async () => {
    const server = await dnsServer({ 'db.default.svc.cluster.local': '10.0.0.20' });
    try {
      const resolver = dnsResolver(server.address);
      expect(
        await resolver.resolve(['db.default.svc.cluster.local', 'db.svc.cluster.local', 'db'], '10.0.0.10'),
      ).toEqual({ name: 'db.default.svc.cluster.local', addresses: ['10.0.0.20'] });
      expect(await resolver.resolve(['nope.default.svc.cluster.local', 'nope'], '10.0.0.10')).toBeUndefined();
      expect(server.asked).toEqual([
        'db.default.svc.cluster.local',
        'nope.default.svc.cluster.local',
        'nope',
      ]);
    } finally {
      server.socket.close();
    }
  });

  it('a name outside the zones the server serves is refused: not known to be missing', async () => {
    const server = await dnsServer({});
    try {
      const resolver = dnsResolver(server.address);
      const search = (name: string) => [`${name}.default.svc.cluster.local`, `${name}.cluster.local`, name];
      expect(await resolver.resolve(search('example.com'), '10.0.0.10')).toBe('refused');
      // A single label is no name outside the cluster either.
      expect(await resolver.resolve(search('db'), '10.0.0.10')).toBeUndefined();
    } finally {
      server.socket.close();
    }
  });

  it('pod-nameserver: asks the nameserver the pod names, as a pod in the cluster would', async () => {
    const server = await dnsServer({ 'kubernetes.default.svc.cluster.local': '10.0.0.1' });
    try {
      const resolver = dnsResolver(POD_NAMESERVER);
      expect(await resolver.resolve(['kubernetes.default.svc.cluster.local'], server.address)).toEqual({
        name: 'kubernetes.default.svc.cluster.local',
        addresses: ['10.0.0.1'],
      });
    } finally {
      server.socket.close();
    }
  });
});
