/**
 * Connections to a group's own loopback (`nc -z localhost 5432`: an app waiting for its sidecar).
 * The group's containers share one network namespace, so the port is answered by the container
 * that declares it in its spec, once it has started. Pure.
 */
import type { LookupAnswer, Resolution } from './name-lookup.js';
import type { SimContainer, SimGroup } from './model.js';
import { isLoopback, LOOPBACK, parseConnectionKey } from './reach-commands.js';

/** The container declaring `port` in its spec, if one does. */
export function declaringContainer(g: SimGroup, port: number): SimContainer | undefined {
  return g.containers.find((c) => c.spec.Port?.some((p) => p.Port === port));
}

/** A connection key to the group's own loopback (`localhost:8080`): the group answers it, not the DNS. */
export function loopbackTarget(key: string): { host: string; port: number } | undefined {
  const target = parseConnectionKey(key);
  return target !== undefined && isLoopback(target.host) ? target : undefined;
}

/**
 * A connection to the group's own `port` over the loopback: refused until the container declaring
 * it has started, then open. No container declares it: not judged (the simulator does not know
 * what an image listens on). Asked by the declaring container's own script (`script`): refused,
 * for the script is then all that runs in it (a server it started would have ended the
 * interpretation before the wait).
 */
export function loopbackAnswer(g: SimGroup, host: string, port: number, script?: SimContainer): Resolution {
  const serving = declaringContainer(g, port);
  if (serving === undefined) return 'refused';
  return serving.started && serving !== script ? { name: host, addresses: [LOOPBACK] } : undefined;
}

/**
 * The lookups of a command run now in a container beside its main process (an exec probe): the
 * loopback's connections as they stand; every other name not judged.
 */
export function loopbackLookupNow(g: SimGroup): (key: string) => LookupAnswer | undefined {
  return (key) => {
    const local = loopbackTarget(key);
    const answer = local && loopbackAnswer(g, local.host, local.port);
    if (local === undefined || answer === 'refused') return undefined;
    return answer === undefined ? { server: '' } : { server: '', found: answer };
  };
}
