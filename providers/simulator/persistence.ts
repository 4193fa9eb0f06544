import { mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { rename, writeFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import type { Clock } from './clock.js';
import type { SimDataCache } from './data-caches/model.js';
import type { SimImageCache } from './image-caches/model.js';
import type { CommitTask } from './ops/commit.js';
import type { GroupOps } from './ops/tasks.js';
import type { SimVirtualNode } from './virtual-nodes/model.js';
import type { SimContext } from './context.js';
import type { Job, SimGroup } from './model.js';
import type { ClientTokens } from './tokens.js';
import type { TopologyState } from './topology.js';

const VERSION = 1;
const DEBOUNCE_MS = 1000;

/** Everything a restarted standalone simulator needs to carry on where it stopped. */
export interface SavedState {
  version: number;
  groups: SimGroup[];
  jobs: Job[];
  tokens: [string, { id: string; expires: number }][];
  topology: TopologyState;
  pastRetention: string[];
  /** Absent in files written before image caches were simulated. */
  imageCaches?: SimImageCache[];
  /** Absent in files written before data caches were simulated. */
  dataCaches?: SimDataCache[];
  /** Absent in files written before virtual nodes were simulated. */
  virtualNodes?: SimVirtualNode[];
  /** Absent in files written before commit tasks were saved. */
  commitTasks?: CommitTask[];
  /** Absent in files written before O&M records were saved. */
  instanceOps?: GroupOps[];
}

export function loadState(path: string): SavedState | undefined {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw new Error(`Cannot read the simulator state file ${path}: ${(err as Error).message}`, {
      cause: err,
    });
  }
  const state = JSON.parse(text) as SavedState;
  if (state.version !== VERSION) {
    throw new Error(
      `Simulator state file ${path} has version ${state.version}, expected ${VERSION}: delete it to start empty.`,
    );
  }
  return state;
}

/**
 * Saves at most once per second after a change. Writes go to a temporary file, then rename, so a
 * crash never leaves half a file; they run one after another on a promise chain, so a background
 * save and `flush()` never write the temporary file at the same time.
 */
export class StateSaver {
  private timer: unknown;
  private chain: Promise<void> = Promise.resolve();
  private dirty = false;
  private closed = false;

  constructor(
    private readonly path: string,
    private readonly clock: Clock,
    private readonly snapshot: () => SavedState,
    private readonly onError: (err: unknown) => void,
  ) {
    mkdirSync(dirname(path), { recursive: true });
  }

  markDirty(): void {
    this.dirty = true;
    if (this.timer !== undefined || this.closed) return;
    this.timer = this.clock.setTimeout(() => {
      this.timer = undefined;
      void this.enqueue(() => this.writeAsync());
    }, DEBOUNCE_MS);
  }

  /** Writes now, after any write in progress; with `close`, no background save follows. */
  flush(close = false): Promise<void> {
    if (this.timer !== undefined) this.clock.clearTimeout(this.timer);
    this.timer = undefined;
    this.closed ||= close;
    return this.enqueue(() => this.writeSync());
  }

  private enqueue(write: () => Promise<void> | void): Promise<void> {
    this.chain = this.chain.then(write).catch(this.onError);
    return this.chain;
  }

  private async writeAsync(): Promise<void> {
    if (!this.dirty) return;
    this.dirty = false;
    const tmp = `${this.path}.tmp`;
    await writeFile(tmp, JSON.stringify(this.snapshot()));
    await rename(tmp, this.path);
  }

  private writeSync(): void {
    this.dirty = false;
    const tmp = `${this.path}.tmp`;
    writeFileSync(tmp, JSON.stringify(this.snapshot()));
    renameSync(tmp, this.path);
  }
}

export function snapshotState(ctx: SimContext, tokens: ClientTokens): SavedState {
  return {
    version: VERSION,
    groups: [...ctx.store.groups.values()],
    jobs: ctx.scheduler.snapshot(),
    tokens: tokens.toJSON(),
    topology: ctx.topology.toJSON(),
    pastRetention: [...ctx.store.pastRetention],
    imageCaches: [...ctx.imageCaches.values()],
    dataCaches: [...ctx.dataCaches.values()],
    virtualNodes: [...ctx.virtualNodes.values()],
    commitTasks: [...ctx.opsTasks.commits.values()],
    instanceOps: [...ctx.opsTasks.groups.values()],
  };
}

export function restoreState(ctx: SimContext, tokens: ClientTokens, saved: SavedState): void {
  for (const g of saved.groups) ctx.store.add(g);
  for (const id of saved.pastRetention) ctx.store.pastRetention.add(id);
  ctx.store.rebuildChanges();
  tokens.load(saved.tokens);
  ctx.topology.load(saved.topology);
  for (const cache of saved.imageCaches ?? []) ctx.imageCaches.set(cache.id, cache);
  for (const cache of saved.dataCaches ?? []) ctx.dataCaches.set(cache.id, cache);
  for (const node of saved.virtualNodes ?? []) ctx.virtualNodes.set(node.id, node);
  ctx.opsTasks.load(saved.commitTasks ?? [], saved.instanceOps ?? []);
  ctx.scheduler.restore(saved.jobs);
}
