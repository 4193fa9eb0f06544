import { Counter, Gauge } from 'prom-client';

/** The ImageCaches this process holds now (only the leader's controller runs), read at scrape time. */
let phases: () => Map<string, number> = () => new Map();

export function reportImageCachePhases(read: () => Map<string, number>): () => void {
  phases = read;
  return () => {
    phases = () => new Map();
  };
}

export const imageCacheMetrics = {
  syncs: new Counter({
    name: 'vk_image_cache_syncs_total',
    help: 'ImageCache syncs, by result (ok, refused = a spec ECI cannot take or a Secret not there yet, error).',
    labelNames: ['result'],
  }),
  statusWrites: new Counter({
    name: 'vk_image_cache_status_writes_total',
    help: 'ImageCache status writes.',
  }),
  imageCaches: new Gauge({
    name: 'vk_image_caches',
    help: 'ImageCache objects this replica serves, by status.phase (none: not created yet).',
    labelNames: ['phase'],
    collect() {
      this.reset();
      for (const [phase, n] of phases()) this.set({ phase }, n);
    },
  }),
};
