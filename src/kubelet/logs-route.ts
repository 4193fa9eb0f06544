import { setTimeout as sleep } from 'node:timers/promises';
import type { Request, RequestHandler, Response } from 'express';
import type { Backend, LogQuery } from '../../providers/backend.js';
import { isBackendError } from '../../providers/backend.js';
import { errorMessage, logger } from '../log.js';
import {
  followEnded,
  followedInstance,
  logContainerGroupId,
  resolveContainer,
  type FollowedInstance,
} from './container-status.js';
import { backendHttpError } from './http-error.js';
import {
  EMPTY_CURSOR,
  freshLines,
  parseLog,
  renderLine,
  secondsFloorRfc3339,
  skipLines,
  type FollowCursor,
} from './log-follow.js';
import { ECI_MAX_TAIL_LINES, parsePodLogOptions, toLogQuery, type PodLogOptions } from './log-options.js';
import { validateContainerRef } from './names.js';
import type { PodDirectory } from './types.js';

export interface LogsDeps {
  backend: Backend;
  pods: PodDirectory;
  pollIntervalMs: number;
  /** Aborted when the server closes, so followers do not hold it open. */
  shutdown: AbortSignal;
}

/** After this many failed polls in a row a follow stream ends rather than hang on a broken backend. */
const MAX_CONSECUTIVE_POLL_ERRORS = 10;

interface Target {
  namespace: string;
  pod: string;
  container: string;
  containerGroupId: string;
}

/** What is left of `limitBytes` (Infinity without it): output stops exactly there, as with the kubelet. */
class ByteBudget {
  constructor(private remaining: number) {}
  take(text: string): Buffer {
    const bytes = Buffer.from(text);
    if (bytes.length <= this.remaining) {
      this.remaining -= bytes.length;
      return bytes;
    }
    const cut = bytes.subarray(0, this.remaining);
    this.remaining = 0;
    return cut;
  }
  get exhausted(): boolean {
    return this.remaining <= 0;
  }
}

function queryParams(req: Request): URLSearchParams {
  return new URL(req.originalUrl, 'https://kubelet.invalid').searchParams;
}

async function readLog(backend: Backend, query: LogQuery, target: Target): Promise<string> {
  try {
    return await backend.describeContainerLog(query);
  } catch (err) {
    throw backendHttpError(
      err,
      `reading the log of container "${target.container}" in pod "${target.namespace}/${target.pod}"`,
    );
  }
}

function write(res: Response, chunk: Buffer): Promise<void> {
  if (chunk.length === 0 || res.write(chunk)) return Promise.resolve();
  return new Promise((resolve) => {
    const done = (): void => {
      res.off('drain', done);
      res.off('close', done);
      resolve();
    };
    res.on('drain', done);
    res.on('close', done);
  });
}

async function sendOnce(deps: LogsDeps, res: Response, target: Target, opts: PodLogOptions): Promise<void> {
  // Asked for no lines: nothing to fetch (ECI would read Tail=0 as "its default").
  const content =
    opts.tailLines === 0
      ? ''
      : await readLog(deps.backend, toLogQuery(target.containerGroupId, target.container, opts), target);
  const budget = new ByteBudget(opts.limitBytes ?? Infinity);
  res.status(200).type('text/plain; charset=utf-8').send(budget.take(content));
}

/**
 * Streams the log by polling: the first poll honours the client's tail/since; later polls ask from the
 * newest second already sent and send only unseen lines. Ends when the container instance exits (after
 * one last poll for its final lines), when limitBytes is reached, or when the client goes away.
 */
async function follow(
  deps: LogsDeps,
  res: Response,
  target: Target,
  opts: PodLogOptions,
  followed: FollowedInstance,
): Promise<void> {
  const lookup = () => deps.pods.lookup(target.namespace, target.pod);
  const since =
    opts.sinceTime ??
    (opts.sinceSeconds !== undefined
      ? new Date(Date.now() - opts.sinceSeconds * 1000).toISOString()
      : undefined);
  const budget = new ByteBudget(opts.limitBytes ?? Infinity);
  const log = {
    pod: `${target.namespace}/${target.pod}`,
    container: target.container,
    containerGroupId: target.containerGroupId,
  };

  // The first poll happens before any byte is sent, so its failure is still an HTTP error status.
  let ended = followEnded(lookup(), target.container, followed);
  const first = toLogQuery(target.containerGroupId, target.container, {
    ...opts,
    timestamps: true,
    limitBytes: undefined,
    tailLines: opts.tailLines === 0 ? 1 : opts.tailLines,
  });
  let lines = parseLog(await readLog(deps.backend, first, target));
  let cursor: FollowCursor = EMPTY_CURSOR;
  if (opts.tailLines === 0) {
    cursor = skipLines(cursor, lines);
    lines = [];
  }

  const abort = new AbortController();
  const stop = (): void => abort.abort();
  res.on('close', stop);
  deps.shutdown.addEventListener('abort', stop, { once: true });
  if (deps.shutdown.aborted) stop();
  res.status(200).type('text/plain; charset=utf-8');
  res.flushHeaders();
  let errors = 0;
  try {
    for (;;) {
      const step = freshLines(cursor, lines);
      cursor = step.cursor;
      for (const line of step.fresh) {
        await write(res, budget.take(renderLine(line, opts.timestamps)));
        if (budget.exhausted || abort.signal.aborted) return;
      }
      if (ended || abort.signal.aborted) return;
      await sleep(deps.pollIntervalMs, undefined, { signal: abort.signal });
      // Checked before the poll, so the poll after the container exits still carries its last lines.
      ended = followEnded(lookup(), target.container, followed);
      const query: LogQuery = {
        ContainerGroupId: target.containerGroupId,
        ContainerName: target.container,
        Tail: ECI_MAX_TAIL_LINES,
        Timestamps: true,
      };
      const start = cursor.lastTs !== undefined ? secondsFloorRfc3339(cursor.lastTs) : since;
      if (start !== undefined) query.StartTime = start;
      try {
        lines = parseLog(await deps.backend.describeContainerLog(query));
        errors = 0;
      } catch (err) {
        errors += 1;
        lines = [];
        const retry = isBackendError(err) && err.retryable && errors < MAX_CONSECUTIVE_POLL_ERRORS;
        logger.warn('container log poll failed', { ...log, err: errorMessage(err), willRetry: retry });
        if (!retry) return;
      }
    }
  } catch (err) {
    if (!abort.signal.aborted)
      logger.warn('container log follow stopped', { ...log, err: errorMessage(err) });
  } finally {
    res.off('close', stop);
    deps.shutdown.removeEventListener('abort', stop);
    if (!res.writableEnded) res.end();
  }
}

/** GET /containerLogs/{namespace}/{pod}/{container}: `kubectl logs` through the API server's node proxy. */
export function containerLogsHandler(deps: LogsDeps): RequestHandler {
  return async (req, res) => {
    const params = req.params as Record<string, string>;
    const ref = validateContainerRef({
      namespace: params.namespace,
      pod: params.pod,
      container: params.container,
    });
    const container = ref.container as string;
    const opts = parsePodLogOptions(queryParams(req));
    const entry = resolveContainer(deps.pods.lookup(ref.namespace, ref.pod), ref.pod, container);
    const containerGroupId = logContainerGroupId(entry, container, opts.previous);
    const target: Target = { namespace: ref.namespace, pod: ref.pod, container, containerGroupId };
    // The previous instance has exited: there is nothing to follow.
    if (opts.follow && !opts.previous)
      await follow(deps, res, target, opts, followedInstance(entry.pod, container));
    else await sendOnce(deps, res, target, opts);
  };
}
