import type { SimContext } from './context.js';
import { POD_TAGS, tag } from './identity.js';
import type { ProcessContext } from './interpreter.js';
import type { NameRecord, SimContainer, SimGroup } from './model.js';
import { candidateNames, ndotsOf, type Answer, type Resolution } from './name-lookup.js';
import { loopbackAnswer, loopbackTarget } from './loopback.js';
import { parseConnectionKey } from './reach-commands.js';

/**
 * Asks a DNS server for the first of the names that resolves (dns-resolver.ts); undefined: none
 * does; `refused`: the server would not say (not a zone it serves, as the local cluster's CoreDNS
 * serves only cluster.local), so the simulator cannot tell what the pod would get.
 * `nameserver`: the one the pod's resolv.conf names.
 */
export interface NameResolver {
  resolve(candidates: string[], nameserver: string): Promise<Resolution>;
}

/** How often the names a script waits for are asked again (seconds, scaled), as its loop's sleep would. */
const LOOKUP_INTERVAL_S = 2;
/** Names a waiting script is asked for at most. */
const MAX_AWAITED_NAMES = 10;

/** One run's lookups, and the names it looked up: never asked of the resolver yet, or asked and not found. */
export interface RunLookups {
  lookup: NonNullable<ProcessContext['lookup']>;
  unasked: Set<string>;
  missed: Set<string>;
}

/**
 * The group's nameserver when the pod resolves through the cluster's DNS (ClusterFirst arrives as
 * DnsPolicy None with kube-dns's address): the simulator asks its own view of that server.
 */
function clusterNameserver(g: SimGroup): string | undefined {
  return g.request.DnsConfig?.NameServer?.[0];
}

/**
 * What the script of the instance started at `startedAt` gets from `nslookup` and `getent hosts`:
 * a name resolves from the moment the simulator learned it did (from the start when the first ask
 * found it). Where the simulator has no DNS server to ask, only the loopback's connections are
 * answered: the commands are otherwise not interpreted. A connection key (`db:5432`) is the same
 * where the simulator sees no Services: the host's answer.
 */
export function lookupsFor(ctx: SimContext, g: SimGroup, c: SimContainer, startedAt: number): RunLookups {
  const server = clusterNameserver(g);
  const dns = ctx.resolver !== undefined && server !== undefined;
  const lookup = (name: string, atMs = 0): ReturnType<RunLookups['lookup']> => {
    const loopback = loopbackTarget(name) !== undefined;
    if (!dns && !loopback) return undefined;
    const target = ctx.services === undefined && !loopback ? parseConnectionKey(name) : undefined;
    if (target !== undefined) return lookup(target.host, atMs);
    const known = c.names?.[name];
    if (known?.refused) return undefined;
    const asked = server ?? '';
    if (known?.found && startedAt + atMs >= known.since) return { server: asked, found: known.found };
    (known === undefined ? seen.unasked : seen.missed).add(name);
    return known?.unanswered ? { server: asked, unanswered: true } : { server: asked };
  };
  const seen: RunLookups = { unasked: new Set(), missed: new Set(), lookup };
  return seen;
}

/** The names tried for a name a script looks up: the group's search list and ndots applied. */
function candidatesIn(g: SimGroup): (name: string) => string[] {
  const config = g.request.DnsConfig;
  return (name) => candidateNames(name, config?.Search ?? [], ndotsOf(config?.Option));
}

/** Whether ECI runs kube-proxy in the group (the controller's `KubeProxy` tag, ECI_KUBE_PROXY). */
function proxiesClusterIps(g: SimGroup): boolean {
  return tag(g.tags, POD_TAGS.kubeProxy) === 'true';
}

/**
 * How the group's names and connection keys are asked: a name of the cluster's DNS; a connection
 * key's host, then what kube-proxy does with its port (found: it connects; not found: refused;
 * `unanswered`: no rule routes it, a port the Service does not have or a ClusterIP in a group
 * without kube-proxy, and the client waits out its timeout). A pod's address, or no view of the
 * Services: the port is taken as open. The loopback's connections are the group's own
 * (loopbackAnswer), with or without a DNS to ask; `script`: the container whose script asks (an
 * exec asks for none). One asker is one round of questions.
 */
function askerFor(ctx: SimContext, g: SimGroup, script?: SimContainer): (key: string) => Promise<Answer> {
  const server = clusterNameserver(g);
  const resolver = ctx.resolver;
  const candidates = candidatesIn(g);
  // One question per name in a round: `db` and `db:5432` are both asked, the DNS once.
  const asked = new Map<string, Promise<Resolution>>();
  const resolve = (name: string): Promise<Resolution> => {
    // No DNS to ask: not judged.
    if (resolver === undefined || server === undefined) return Promise.resolve('refused');
    let answer = asked.get(name);
    if (answer === undefined) {
      answer = resolver.resolve(candidates(name), server).catch(() => undefined);
      asked.set(name, answer);
    }
    return answer;
  };
  return async (key) => {
    const local = loopbackTarget(key);
    if (local !== undefined) return loopbackAnswer(g, local.host, local.port, script);
    const target = parseConnectionKey(key);
    const found = await resolve(target?.host ?? key);
    if (target === undefined || found === undefined || found === 'refused') return found;
    const connection = ctx.services?.connect(found.addresses[0] ?? '', target.port);
    if (connection === undefined) return found;
    if (connection === 'unrouted' || !proxiesClusterIps(g)) return 'unanswered';
    return connection === 'open' ? found : undefined;
  };
}

/**
 * What an exec's `nslookup` and `getent hosts` get: an exec runs at once, so the names its command
 * line names (namesLookedUp) are asked first; any other lookup is not interpreted.
 */
export async function lookupsNow(
  ctx: SimContext,
  g: SimGroup,
  names: string[],
): Promise<Pick<ProcessContext, 'lookup'>> {
  const server = clusterNameserver(g) ?? '';
  const ask = askerFor(ctx, g);
  if (names.length === 0) return {};
  const asked = names.slice(0, MAX_AWAITED_NAMES);
  const answers = await Promise.all(asked.map(ask));
  const byName = new Map(asked.map((n, i) => [n, answers[i]]));
  return {
    lookup: (name) => {
      const answer = byName.get(name);
      if (!byName.has(name) || answer === 'refused') return undefined;
      return answer === 'unanswered' ? { server, unanswered: true } : { server, found: answer };
    },
  };
}

/**
 * After a run: a script that asked names the resolver was never asked waits for the answers before
 * its outcome counts (`held`: its exit and file changes are not scheduled); one that keeps waiting
 * for names that did not resolve has them asked again every LOOKUP_INTERVAL_S.
 */
export function awaitNames(
  ctx: SimContext,
  g: SimGroup,
  c: SimContainer,
  seen: RunLookups | undefined,
  ends: boolean,
): boolean {
  if (seen === undefined || (seen.unasked.size === 0 && seen.missed.size === 0)) {
    // Most scripts look nothing up: their containers never carry the fields.
    if (c.awaitsNames || c.nextLookupAt !== undefined)
      Object.assign(c, { awaitsNames: undefined, nextLookupAt: undefined });
    return false;
  }
  const held = seen.unasked.size > 0;
  const awaited = held ? [...seen.unasked, ...seen.missed] : ends ? [] : [...seen.missed];
  c.awaitsNames = awaited.length > 0 ? awaited.slice(0, MAX_AWAITED_NAMES) : undefined;
  if (held) scheduleLookup(ctx, g, c, 0);
  else if (c.awaitsNames && c.nextLookupAt === undefined)
    scheduleLookup(ctx, g, c, ctx.backOff(LOOKUP_INTERVAL_S));
  else if (!c.awaitsNames) c.nextLookupAt = undefined;
  return held;
}

function scheduleLookup(ctx: SimContext, g: SimGroup, c: SimContainer, ms: number): void {
  // Only the latest scheduled job counts: an earlier one finds another due time and does nothing.
  // The due time is the scheduler's own: a clock read here could be a millisecond off it.
  c.nextLookupAt = ctx.schedule(ms, g, { type: 'lookup', container: c.name, instance: c.instance });
}

/**
 * A `lookup` job: the awaited names are asked; the next ask is scheduled first, so an answer lost
 * to a restart of the simulator is asked again. A name learned (or first answered) re-runs the script.
 */
export function onLookup(
  ctx: SimContext,
  g: SimGroup,
  c: SimContainer,
  due: number,
  rerun: (ctx: SimContext, g: SimGroup, c: SimContainer) => void,
): void {
  const names = c.awaitsNames ?? [];
  const ask = askerFor(ctx, g, c);
  if (due !== c.nextLookupAt || c.state.State !== 'Running' || names.length === 0) return;
  scheduleLookup(ctx, g, c, ctx.backOff(LOOKUP_INTERVAL_S));
  const instance = c.instance;
  void Promise.all(names.map(ask)).then((answers) => {
    if (ctx.store.get(g.id) !== g || c.instance !== instance || c.state.State !== 'Running') return;
    const now = ctx.now();
    let learned = false;
    names.forEach((name, i) => {
      const before = c.names?.[name];
      const answer = answers[i];
      if (before?.found || before?.refused) return;
      // A miss again (refused or unanswered) changes nothing the script saw.
      learned ||= before === undefined || (answer !== undefined && answer !== 'unanswered');
      // Found at the first ask: the script saw it from its start; later: from now on.
      const since = before === undefined ? (c.startedAtMs ?? now) : now;
      const missed = before !== undefined && !before.unanswered ? before : { since: now };
      c.names = { ...c.names, [name]: recordOf(answer, since) ?? missed };
    });
    if (!learned) return;
    rerun(ctx, g, c);
    ctx.changed(g);
  });
}

/** What is kept of an answer: found, refused or unanswered, from `since`; undefined: not found. */
function recordOf(answer: Answer, since: number): NameRecord | undefined {
  if (answer === 'refused') return { since, refused: true };
  if (answer === 'unanswered') return { since, unanswered: true };
  return answer === undefined ? undefined : { since, found: answer };
}
