import { isBackendError } from '../../providers/backend.js';
import { errorMessage } from '../log.js';

/** An error answered as plain text with its status, as the kubelet's go-restful handlers write errors. */
export class HttpError extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
    this.name = 'HttpError';
  }
}

/** A backend failure as the caller should see it: what ECI said, under the status that tells whether to retry. */
export function backendHttpError(err: unknown, what: string): HttpError {
  if (!isBackendError(err)) return new HttpError(500, `${what}: ${errorMessage(err)}`);
  const detail = `${what}: ECI ${err.code}: ${err.message}`;
  switch (err.kind) {
    case 'NotFound':
      return new HttpError(404, detail);
    case 'InvalidParameter':
      return new HttpError(400, detail);
    case 'Throttled':
      return new HttpError(429, `${detail} (throttled by ECI: retry in a few seconds)`);
    case 'Unavailable':
      return new HttpError(503, `${detail} (ECI unavailable: retry later)`);
    case 'Unauthorized':
      return new HttpError(
        502,
        `${detail} (the virtual node's ECI credentials were refused: check its AccessKey or RAM role)`,
      );
    default:
      return new HttpError(500, detail);
  }
}
