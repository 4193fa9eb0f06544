import { containerPriority } from '../eci-api/index.js';
import type { SimContainer } from './model.js';

/** Containers by priority, highest first; each tier holds the containers of one priority. */
function tiers(containers: SimContainer[], kind: 'launchPriority' | 'exitPriority'): SimContainer[][] {
  const byPriority = new Map<number, SimContainer[]>();
  for (const c of containers) {
    const p = containerPriority(c.spec, kind);
    byPriority.set(p, [...(byPriority.get(p) ?? []), c]);
  }
  return [...byPriority.entries()].sort(([a], [b]) => b - a).map(([, tier]) => tier);
}

/** Started as ECI means it for the next priority: running once, and Ready where it has a readiness probe. */
function launched(c: SimContainer): boolean {
  return c.ran && (c.spec.ReadinessProbe === undefined || c.ready || c.done);
}

/**
 * The app containers to start now: every container of the highest launch priority, then those of
 * each lower one once all of the priority above have started (ECI: "a container with a higher
 * priority always starts before a container with a lower priority"; one that others depend on
 * holds them with a readiness probe). Without priorities all start together, as before.
 */
export function dueToLaunch(containers: SimContainer[]): SimContainer[] {
  const due: SimContainer[] = [];
  for (const tier of tiers(containers, 'launchPriority')) {
    due.push(...tier.filter((c) => !c.launched && !c.ran && !c.done));
    if (!tier.every(launched)) break;
  }
  return due;
}

/** The running containers to stop next: those of the highest exit priority (ECI: they exit first). */
export function nextToStop(containers: SimContainer[]): { now: SimContainer[]; later: number } {
  const running = containers.filter((c) => c.state.State === 'Running');
  const [now = []] = tiers(running, 'exitPriority');
  return { now, later: running.length - now.length };
}
