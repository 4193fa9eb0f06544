import type { SimGroup } from './model.js';
import { portState, servingContainer } from './handlers.js';

/** Who answers a connection to a pod's address and port in the simulated VPC. */
export type PodPortAnswer =
  | { kind: 'answers' | 'unready'; group: string; container: string; image: string }
  | { kind: 'refused' | 'unreachable'; reason: string };

/**
 * What a connection from inside the VPC to `ip:port` meets, as TCP would say it: no running group
 * at that address (a timeout), nothing listening on the port (refused), or the container serving it:
 * the one declaring the port, else the first app container (ports need not be declared; the
 * simulator does not know what an image listens on, so it assumes the port is served).
 */
export function podPort(groups: Iterable<SimGroup>, ip: string, port: number): PodPortAnswer {
  const dial = `dial tcp ${ip}:${port}`;
  let g: SimGroup | undefined;
  for (const candidate of groups)
    if (candidate.ip === ip && candidate.scheduledAt !== undefined) g = candidate;
  const first = g?.containers[0];
  if (!g || !first || g.status === 'Succeeded' || g.status === 'Failed' || g.status === 'Expired')
    return { kind: 'unreachable', reason: `${dial}: i/o timeout` };
  const serving = servingContainer(g, port, first);
  const state = portState(g, port, serving);
  if (state === 'refused') return { kind: 'refused', reason: `${dial}: connect: connection refused` };
  return { kind: state, group: g.name, container: serving.name, image: serving.spec.Image };
}
