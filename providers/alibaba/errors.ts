import { BackendError, type BackendErrorKind } from '../backend.js';

/** The parts of an SDK (Tea) error this module reads: `code`, `statusCode` and the error body in `data`. */
interface TeaErrorLike {
  code?: unknown;
  statusCode?: unknown;
  message?: unknown;
  data?: { RequestId?: unknown; Message?: unknown; statusCode?: unknown } | null;
}

function asString(v: unknown): string | undefined {
  return typeof v === 'string' && v !== '' ? v : undefined;
}

/** ECI error code (+ HTTP status when the server answered) → what the controller should do about it. */
export function kindForCode(code: string, status: number | undefined): BackendErrorKind {
  if (code.includes('NoStock')) return 'NoStock';
  if (code.startsWith('Throttling')) return 'Throttled';
  if (
    code === 'SignatureDoesNotMatch' ||
    code === 'IncompleteSignature' ||
    code.startsWith('InvalidAccessKeyId') ||
    code.startsWith('InvalidSecurityToken') ||
    code.startsWith('Forbidden')
  ) {
    return 'Unauthorized';
  }
  if (code.endsWith('.NotFound') && !code.startsWith('InvalidAction')) return 'NotFound';
  // A cache a group uses that is still being made (a data cache Loading, an image cache Preparing):
  // the same create succeeds once it is Available or Ready.
  if (code === 'DataCache.IncorrectStatus' || code === 'ImageSnapshot.IncorrectStatus') return 'Unavailable';
  if (
    code.startsWith('InvalidParameter') ||
    code.startsWith('MissingParameter') ||
    code.startsWith('IncorrectStatus') ||
    code.startsWith('InvalidAction')
  ) {
    return 'InvalidParameter';
  }
  if (
    code === 'ServiceUnavailable' ||
    code === 'UnknownError' ||
    code === 'InternalError' ||
    code.startsWith('Degrade')
  ) {
    return 'Unavailable';
  }
  if (status === undefined || status >= 500) return 'Unavailable';
  if (status === 404) return 'NotFound';
  return 'InvalidParameter';
}

/**
 * Any error from an SDK call → BackendError, keeping ECI's code, message and RequestId. No HTTP
 * answer at all (connection refused, reset, timeout) is `Unavailable`, and so is an answer that is
 * not JSON: a page from something between us and ECI (a proxy's 502, POP's front refusing a URL
 * with 414), which the SDK fails to parse before it reads the status.
 */
export function toBackendError(err: unknown, action: string): BackendError {
  if (err instanceof BackendError) return err;
  const e: TeaErrorLike = typeof err === 'object' && err !== null ? (err as TeaErrorLike) : {};
  const rawStatus = e.statusCode ?? e.data?.statusCode;
  const status =
    typeof rawStatus === 'number' ? rawStatus : typeof rawStatus === 'string' ? Number(rawStatus) : undefined;
  const requestId = asString(e.data?.RequestId);
  if (status === undefined && err instanceof SyntaxError) {
    return new BackendError(
      'Unavailable',
      'InvalidResponse',
      `${action}: the ECI endpoint answered with something other than JSON, such as a proxy's or ` +
        `gateway's error page (${err.message}): check ECI_ENDPOINT and any HTTP proxy on the way`,
    );
  }
  if (status === undefined) {
    const code =
      asString(e.code) ??
      (err instanceof Error && /timeout/i.test(err.name + err.message) ? 'RequestTimeout' : 'NetworkError');
    const message = err instanceof Error ? err.message : String(err);
    return new BackendError(
      'Unavailable',
      code,
      `${action}: no answer from the ECI endpoint (${message})`,
      requestId,
    );
  }
  const code = asString(e.code) ?? `HTTP${status}`;
  const message = asString(e.data?.Message) ?? asString(e.message) ?? `HTTP ${status}`;
  return new BackendError(kindForCode(code, status), code, `${action}: ${code}: ${message}`, requestId);
}
