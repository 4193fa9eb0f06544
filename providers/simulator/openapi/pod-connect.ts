import { once } from 'node:events';
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Duplex } from 'node:stream';
import type { PodPortAnswer } from '../pod-network.js';
import { answerAndClose } from './http-server.js';

/** The simulated VPC, as far as a connection into it goes. */
export interface PodNetwork {
  podPort(ip: string, port: number): PodPortAnswer;
}

type Served = Extract<PodPortAnswer, { group: string }> & { port: number };

/**
 * HTTP CONNECT into the simulated VPC: how the controller reaches a pod's address for `kubectl
 * port-forward` (KUBELET_PORT_FORWARD_PROXY) where the pods' addresses are not real. A running
 * group's served port is connected (the container declaring it, else its first), and answers HTTP
 * for its container, saying it is the simulator's answer: images do not run here. Nothing is ever
 * dialled beyond the simulator, so this is no open proxy. A port nothing serves is refused (502)
 * and an address with no running group times out (504), as TCP would tell the controller.
 */
export function servePodConnect(server: Server, network: PodNetwork): void {
  const served = new WeakMap<Duplex, Served>();
  const pods = createServer((req, res) => {
    const target = served.get(req.socket);
    if (!target) {
      res.writeHead(500).end();
      return;
    }
    const unready = target.kind === 'unready';
    res.writeHead(unready ? 503 : 200, { 'Content-Type': 'text/plain; charset=utf-8' });
    res.end(
      `${unready ? 'not ready: ' : ''}container ${target.container} (${target.image}) of container group ` +
        `${target.group} answered ${req.method ?? 'GET'} ${req.url ?? '/'} on port ${target.port}. This is ` +
        "the ECI simulator: images do not run here; on ECI the container's own server answers.\n",
    );
  });
  server.on('connect', (req: IncomingMessage, socket: Duplex, head: Buffer) => {
    const m = /^\[?([0-9a-fA-F.:]+?)\]?:(\d{1,5})$/.exec(req.url ?? '');
    const port = Number(m?.[2]);
    if (!m || port < 1 || port > 65535) {
      answerAndClose(
        socket,
        '400 Bad Request',
        'text/plain',
        `CONNECT takes ip:port, not ${JSON.stringify(req.url)}`,
      );
      return;
    }
    const answer = network.podPort(m[1], port);
    if ('reason' in answer) {
      answerAndClose(
        socket,
        answer.kind === 'refused' ? '502 Bad Gateway' : '504 Gateway Timeout',
        'text/plain',
        answer.reason,
      );
      return;
    }
    socket.write('HTTP/1.1 200 Connection Established\r\n\r\n');
    if (head.length > 0) socket.unshift(head);
    served.set(socket, { ...answer, port });
    pods.emit('connection', socket);
  });
}

/**
 * The simulated VPC of an in-process simulator, served on a loopback port of its own: the URL to
 * dial pods through. The listener does not keep the process alive.
 */
export async function loopbackPodNetwork(network: PodNetwork): Promise<URL> {
  const server = createServer((_req, res) => res.writeHead(405).end());
  servePodConnect(server, network);
  server.listen(0, '127.0.0.1').unref();
  await once(server, 'listening');
  return new URL(`http://127.0.0.1:${(server.address() as AddressInfo).port}`);
}
