import { request } from 'node:http';
import { connect } from 'node:net';
import type { Duplex } from 'node:stream';

/** Opens a TCP connection to a pod's address: how `kubectl port-forward` reaches the container. */
export type PodDialer = (ip: string, port: number) => Promise<Duplex>;

/** How long a connection may take to open, as the kubelet's dial in the pod's network namespace. */
const CONNECT_TIMEOUT_MS = 10_000;

function hostPort(ip: string, port: number): string {
  return ip.includes(':') ? `[${ip}]:${port}` : `${ip}:${port}`;
}

/** A failed connect as Go's net.Dial words it, which is what users see from a kubelet. */
const DIAL_ERRORS: Record<string, string> = {
  ECONNREFUSED: 'connect: connection refused',
  EHOSTUNREACH: 'connect: no route to host',
  ENETUNREACH: 'connect: network is unreachable',
  ETIMEDOUT: 'i/o timeout',
};

function dialError(ip: string, port: number, err: NodeJS.ErrnoException): Error {
  return new Error(`dial tcp ${hostPort(ip, port)}: ${DIAL_ERRORS[err.code ?? ''] ?? err.message}`);
}

/**
 * Straight to the pod's VPC address: an ECI pod is an address of the cluster's VPC, which the
 * controller, running in the cluster, reaches when the pod's security group admits it.
 */
export function directDialer(timeoutMs = CONNECT_TIMEOUT_MS): PodDialer {
  return (ip, port) =>
    new Promise((resolve, reject) => {
      const socket = connect({ host: ip, port });
      const failed = (err: NodeJS.ErrnoException): void => reject(dialError(ip, port, err));
      socket.setTimeout(timeoutMs, () =>
        socket.destroy(Object.assign(new Error('timeout'), { code: 'ETIMEDOUT' })),
      );
      socket.once('error', failed);
      socket.once('connect', () => {
        socket.setTimeout(0);
        socket.off('error', failed);
        resolve(socket);
      });
    });
}

/**
 * Through an HTTP CONNECT proxy (KUBELET_PORT_FORWARD_PROXY): for a controller outside the pods'
 * network, and for the simulator, whose pod addresses are not real. A refusal's body is the reason.
 */
export function proxyDialer(proxy: URL, timeoutMs = CONNECT_TIMEOUT_MS): PodDialer {
  return (ip, port) =>
    new Promise((resolve, reject) => {
      const req = request({
        host: proxy.hostname,
        port: proxy.port || 80,
        method: 'CONNECT',
        path: hostPort(ip, port),
        timeout: timeoutMs,
      });
      req.once('timeout', () => req.destroy(new Error(`dial tcp ${hostPort(ip, port)}: i/o timeout`)));
      req.once('error', (err) => reject(new Error(`port-forward proxy ${proxy.host}: ${err.message}`)));
      req.once('connect', (res, socket, head) => {
        req.setTimeout(0);
        if (res.statusCode === 200) {
          if (head.length > 0) socket.unshift(head);
          resolve(socket);
          return;
        }
        const body: Buffer[] = [head];
        socket.on('data', (chunk: Buffer) => body.push(chunk));
        socket.once('close', () =>
          reject(
            new Error(Buffer.concat(body).toString('utf8').trim() || `proxy answered ${res.statusCode}`),
          ),
        );
      });
      req.end();
    });
}
