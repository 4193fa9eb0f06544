import net from 'node:net';

/**
 * Ports are chosen below Linux's ephemeral range (32768-60999): a port the OS picks from that range
 * can be taken by an outgoing connection before our process listens on it (an e2e takeover once
 * failed with EADDRINUSE on the node address that way).
 */
const LOWEST = 20_000;
const SPAN = 12_000;

/** A listener on `port` of every address, or undefined when the port is taken. */
function tryListen(port: number): Promise<net.Server | undefined> {
  return new Promise((resolve) => {
    const server = net.createServer();
    server.unref();
    server.once('error', () => resolve(undefined));
    server.listen(port, '0.0.0.0', () => resolve(server));
  });
}

/** `count` distinct TCP ports that nothing listens on right now, between 20000 and 32000. */
export async function freePorts(count: number): Promise<number[]> {
  // Hold every listener until all are chosen, so no port is handed out twice.
  const servers: net.Server[] = [];
  try {
    for (let attempt = 0; servers.length < count; attempt++) {
      if (attempt === 100 * count)
        throw new Error(`no ${count} free ports between 20000 and 32000 after ${attempt} tries`);
      const server = await tryListen(LOWEST + Math.floor(Math.random() * SPAN));
      if (server) servers.push(server);
    }
    return servers.map((s) => (s.address() as net.AddressInfo).port);
  } finally {
    await Promise.all(servers.map((s) => new Promise((r) => s.close(r))));
  }
}

export async function freePort(): Promise<number> {
  const [port] = await freePorts(1);
  return port;
}

/** Whether something accepts connections on 127.0.0.1:`port`. */
export function portInUse(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = net.connect({ host: '127.0.0.1', port });
    socket.setTimeout(1000);
    const done = (inUse: boolean): void => {
      socket.destroy();
      resolve(inUse);
    };
    socket.once('connect', () => done(true));
    socket.once('timeout', () => done(false));
    socket.once('error', () => done(false));
  });
}
