import type { Clock } from '../../providers/clock.js';
import { Informer, LeaderElector, type EventRecorder, type KubeRest } from '../kube/index.js';
import { errorMessage, logger } from '../log.js';
import { imageCachesApi } from './api.js';
import { ImageCacheController, type ImageCacheBackend } from './controller.js';
import { reportImageCachePhases } from './metrics.js';
import type { ImageCacheDefaults } from './request.js';
import { imageCachePath, type ImageCacheObject } from './types.js';

/** The Lease that says which replica serves the ImageCaches (one for all of them). */
export const IMAGE_CACHE_LEASE = 'ack-virtual-node-image-caches';

export interface ImageCacheServiceOptions {
  rest: KubeRest;
  backend: ImageCacheBackend;
  events: EventRecorder;
  clock: Clock;
  defaults: () => ImageCacheDefaults;
  /** With leader election, only the replica holding IMAGE_CACHE_LEASE in this namespace acts. */
  leaderElection?: { namespace: string };
}

/** A watch of every ImageCache feeding one controller, for as long as this replica may act. */
class Term {
  private readonly controller: ImageCacheController;
  private readonly informer: Informer<ImageCacheObject>;
  private readonly unreport: () => void;

  constructor(o: ImageCacheServiceOptions) {
    this.controller = new ImageCacheController({
      api: imageCachesApi(o.rest, o.events),
      backend: o.backend,
      clock: o.clock,
      defaults: o.defaults,
    });
    this.informer = new Informer<ImageCacheObject>(
      o.rest,
      { path: imageCachePath(), query: {}, kind: 'ImageCache' },
      { onUpsert: (obj) => this.controller.observe(obj), onDelete: (obj) => this.controller.forget(obj) },
    );
    this.unreport = reportImageCachePhases(() => this.controller.phases());
    this.controller.start();
    // Not awaited: without the CRD the list is retried (logged) until it is installed.
    void this.informer.start();
  }

  async stop(): Promise<void> {
    this.informer.stop();
    this.unreport();
    await this.controller.stop();
  }
}

/**
 * The ImageCache controller as a part of the controller process. Several replicas must not both
 * create and delete caches for one object, so with leader election only the holder of its own
 * Lease runs it, taking over when the holder dies; without, this process runs it.
 */
export class ImageCacheService {
  private term?: Term;
  private elector?: LeaderElector;
  private stopped = false;
  private loop?: Promise<void>;

  constructor(private readonly o: ImageCacheServiceOptions) {}

  async start(): Promise<void> {
    const election = this.o.leaderElection;
    if (election === undefined) {
      this.term = new Term(this.o);
      return;
    }
    this.elector = new LeaderElector(this.o.rest, {
      namespace: election.namespace,
      name: IMAGE_CACHE_LEASE,
      clock: this.o.clock,
    });
    // In the background: a standby replica serves its nodes while it waits for this Lease.
    this.loop = this.lead(this.elector).catch((err: unknown) => {
      logger.error('image cache leader election stopped', { err: errorMessage(err) });
    });
  }

  private async lead(elector: LeaderElector): Promise<void> {
    while (!this.stopped) {
      await elector.acquire();
      if (this.stopped) return;
      logger.info('serving ImageCaches', { lease: IMAGE_CACHE_LEASE });
      this.term = new Term(this.o);
      await elector.keep(() => undefined);
      // Lost the Lease (or stopping): another replica may act now, so this one stops at once.
      const term = this.term;
      this.term = undefined;
      await term?.stop();
    }
  }

  async stop(): Promise<void> {
    this.stopped = true;
    const term = this.term;
    this.term = undefined;
    await term?.stop();
    await this.elector?.release();
    await this.loop;
  }
}
