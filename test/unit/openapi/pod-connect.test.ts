import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Duplex } from 'node:stream';
import { servePodConnect } from '../../../providers/simulator/openapi/index.js';
import { proxyDialer } from '../../../src/kubelet/pod-dialer.js';
import { container, groupOf, makeSimulator, request, UNSERVED_9000_SIDECAR } from '../simulator/helpers.js';

/** Sends one HTTP request on an open connection and returns the whole answer (the server closes it). */
function ask(socket: Duplex, path: string): Promise<string> {
  return new Promise((resolve) => {
    let answer = '';
    socket.on('data', (d: Buffer) => (answer += d.toString()));
    socket.once('close', () => resolve(answer));
    socket.write(`GET ${path} HTTP/1.1\r\nHost: pod\r\nConnection: close\r\n\r\n`);
  });
}

describe("the simulator's pod network (HTTP CONNECT), as port-forward dials it", () => {
  let server: Server;
  let url: URL;
  const { sim, clock } = makeSimulator();

  beforeAll(async () => {
    server = createServer((_req, res) => res.writeHead(404).end());
    servePodConnect(server, sim);
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    url = new URL(`http://127.0.0.1:${(server.address() as AddressInfo).port}`);
  });
  afterAll(() => new Promise((resolve) => server.close(resolve)));

  it("answers HTTP on a running group's port for the container serving it, and refuses a port nothing serves", async () => {
    const { ContainerGroupId: id } = await sim.createContainerGroup(
      request({ Container: [container({ Port: [{ Port: 80 }] }), UNSERVED_9000_SIDECAR] }),
    );
    clock.advance(10_000);
    const ip = (await groupOf(sim, id)).IntranetIp ?? '';
    const dial = proxyDialer(url);
    const answer = await ask(await dial(ip, 80), '/healthz');
    expect(answer).toMatch(/^HTTP\/1\.1 200 OK\r\n/);
    expect(answer).toContain(
      'container app (nginx:1.27) of container group web-1 answered GET /healthz on port 80',
    );
    // The sidecar declaring 9000 never started: nothing listens there.
    await expect(dial(ip, 9000)).rejects.toThrow(`dial tcp ${ip}:9000: connect: connection refused`);
    // No group has this address: the connection never opens.
    await expect(dial('192.0.2.1', 80)).rejects.toThrow('dial tcp 192.0.2.1:80: i/o timeout');
  });

  it('takes only ip:port, never dialling anywhere beyond the simulator', async () => {
    await expect(proxyDialer(url)('example.com', 80)).rejects.toThrow(
      'CONNECT takes ip:port, not "example.com:80"',
    );
  });
});
