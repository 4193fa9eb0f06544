import net from 'node:net';

function listenAnyPort(): Promise<net.Server> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.unref();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => resolve(server));
  });
}

/** `count` distinct TCP ports on 127.0.0.1 that nothing listens on right now (the OS picks them). */
export async function freePorts(count: number): Promise<number[]> {
  // Hold every listener until all are chosen, so the OS cannot hand out the same port twice.
  const servers: net.Server[] = [];
  try {
    for (let i = 0; i < count; i++) servers.push(await listenAnyPort());
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

/**
 * A port below Linux's ephemeral range (32768-60999) that nothing listens on now: a listener's port
 * chosen from the ephemeral range can be taken by an outgoing connection before it listens (an
 * e2e takeover once failed with EADDRINUSE on the node address that way).
 */
export async function freeListenPort(): Promise<number> {
  for (let attempt = 0; attempt < 100; attempt++) {
    const port = 20_000 + Math.floor(Math.random() * 12_000);
    const free = await new Promise<boolean>((resolve) => {
      const server = net.createServer();
      server.once('error', () => resolve(false));
      server.listen(port, '0.0.0.0', () => server.close(() => resolve(true)));
    });
    if (free) return port;
  }
  throw new Error('no free port between 20000 and 32000 after 100 tries');
}
