import { errorMessage, logger } from '../log.js';

/** A long-running part of the controller: `start` resolves once it works, `stop` once it has ended. */
export interface Service {
  readonly name: string;
  start(): Promise<void>;
  stop(): Promise<void>;
}

/**
 * Starts services in order and stops the started ones in reverse order, each once: what started
 * last (the pod loop) stops first, so nothing it still does finds its dependencies gone.
 */
export class ServiceStack {
  private readonly started: Service[] = [];
  private stopping?: Promise<void>;

  async start(service: Service): Promise<void> {
    if (this.stopping !== undefined) throw new Error(`not starting ${service.name}: shutting down`);
    await service.start();
    this.started.push(service);
  }

  /** Stops everything started; a failing stop is logged and the others still stop. */
  stop(): Promise<void> {
    this.stopping ??= (async () => {
      for (const service of this.started.splice(0).reverse()) {
        try {
          await service.stop();
        } catch (err) {
          logger.warn('stop failed', { service: service.name, err: errorMessage(err) });
        }
      }
    })();
    return this.stopping;
  }
}

/** A service from a pair of functions. */
export function service(name: string, start: () => Promise<void>, stop: () => Promise<void>): Service {
  return { name, start, stop };
}
