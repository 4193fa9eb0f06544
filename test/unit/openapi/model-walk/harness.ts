import { EciSimulator, ManualClock, type SimulatorOptions } from '../../../../providers/simulator/index.js';
import { callV1, startServer, type RunningServer, type V1Options } from '../helpers.js';

/** One raw answer of the OpenAPI endpoint, kept for the walk. */
export interface Answer {
  action: string;
  status: number;
  body: Record<string, unknown>;
}

/** A simulator on a manual clock served over HTTP; every answer it gives is recorded. */
export class Harness {
  readonly clock = new ManualClock();
  readonly sim: EciSimulator;
  readonly answers: Answer[] = [];
  private server: RunningServer | undefined;

  constructor(options: SimulatorOptions = {}) {
    this.sim = new EciSimulator({ speed: 1, jitter: 0, clock: this.clock, ...options });
  }

  async start(): Promise<this> {
    this.server = await startServer(this.sim);
    return this;
  }

  get url(): string {
    if (!this.server) throw new Error('Harness.start() first');
    return this.server.url;
  }

  async call(action: string, params: Record<string, string>, opts: V1Options = {}): Promise<Answer> {
    const res = await callV1(this.url, action, params, opts);
    const answer = { action, ...res };
    this.answers.push(answer);
    return answer;
  }

  /** Like call, but the test fails here, naming the answer, unless it is a success. */
  async ok(action: string, params: Record<string, string>): Promise<Record<string, unknown>> {
    const answer = await this.call(action, params);
    if (answer.status !== 200) throw new Error(`${action} failed: ${JSON.stringify(answer.body)}`);
    return answer.body;
  }

  async close(): Promise<void> {
    await this.server?.close();
    await this.sim.close();
  }
}
