import type { Clock } from './clock.js';
import type { Job } from './model.js';

/** Jobs processed per timer callback before yielding: a burst of 10,000 creates never blocks for long. */
const MAX_JOBS_PER_TICK = 20_000;

/**
 * One timer for the whole simulator: due transitions sit in a min-heap ordered by (due, seq) and a
 * single clock timer is armed for the earliest. 10,000 groups cost 10,000 heap entries, not 10,000
 * re-armed timers. Jobs made due by a handler (speed 0) run in the same tick.
 */
export class Scheduler {
  private heap: Job[] = [];
  private seq = 0;
  private handle: unknown;
  private armedFor = Infinity;
  private closed = false;
  private ticking = false;

  constructor(
    private readonly clock: Clock,
    private readonly handler: (job: Job) => void,
    private readonly onError: (err: unknown, job: Job) => void,
  ) {}

  /** Queues `job` to run `ms` from now; returns its due time (the clock may move before a caller reads it). */
  after(ms: number, job: Omit<Job, 'due' | 'seq'>): number {
    const due = this.clock.now() + Math.max(0, ms);
    this.push({ ...job, due, seq: ++this.seq });
    return due;
  }

  get size(): number {
    return this.heap.length;
  }

  /** The queue as plain data (for the state file). */
  snapshot(): Job[] {
    return this.heap.map((j) => ({ ...j }));
  }

  restore(jobs: Job[]): void {
    for (const job of jobs) {
      this.seq = Math.max(this.seq, job.seq);
      this.push(job);
    }
  }

  close(): void {
    this.closed = true;
    this.disarm();
  }

  private push(job: Job): void {
    const h = this.heap;
    h.push(job);
    let i = h.length - 1;
    while (i > 0) {
      const parent = (i - 1) >> 1;
      if (!before(h[i], h[parent])) break;
      [h[i], h[parent]] = [h[parent], h[i]];
      i = parent;
    }
    if (!this.ticking && job.due < this.armedFor) this.arm();
  }

  private pop(): Job | undefined {
    const h = this.heap;
    const top = h[0];
    const last = h.pop();
    if (h.length > 0 && last) {
      h[0] = last;
      let i = 0;
      for (;;) {
        const l = 2 * i + 1;
        const r = l + 1;
        let m = i;
        if (l < h.length && before(h[l], h[m])) m = l;
        if (r < h.length && before(h[r], h[m])) m = r;
        if (m === i) break;
        [h[i], h[m]] = [h[m], h[i]];
        i = m;
      }
    }
    return top;
  }

  private arm(): void {
    this.disarm();
    const top = this.heap[0];
    if (!top || this.closed) return;
    this.armedFor = top.due;
    this.handle = this.clock.setTimeout(() => this.tick(), Math.max(0, top.due - this.clock.now()));
  }

  private disarm(): void {
    if (this.handle !== undefined) this.clock.clearTimeout(this.handle);
    this.handle = undefined;
    this.armedFor = Infinity;
  }

  private tick(): void {
    this.handle = undefined;
    this.armedFor = Infinity;
    this.ticking = true;
    // The clock is read per job: on the real clock a job made due "now" by a handler runs in this tick.
    for (
      let n = 0;
      n < MAX_JOBS_PER_TICK && this.heap.length > 0 && this.heap[0].due <= this.clock.now();
      n++
    ) {
      const job = this.pop() as Job;
      try {
        this.handler(job);
      } catch (err) {
        this.onError(err, job);
      }
    }
    this.ticking = false;
    this.arm();
  }
}

function before(a: Job, b: Job): boolean {
  return a.due < b.due || (a.due === b.due && a.seq < b.seq);
}
