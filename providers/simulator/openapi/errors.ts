import { isBackendError, type BackendErrorKind } from '../../backend.js';

/** An error the OpenAPI endpoint answers with: HTTP status + ECI error code + message. */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
  ) {
    super(message);
    this.name = 'ApiError';
  }
}

export function invalidParameter(name: string, value: unknown, fix: string): ApiError {
  return new ApiError(
    400,
    'InvalidParameter',
    `The parameter ${name} has an invalid value ${JSON.stringify(value)}: ${fix}.`,
  );
}

export function missingParameter(name: string): ApiError {
  return new ApiError(
    400,
    'MissingParameter',
    `The input parameter "${name}" that is mandatory for processing this request is not supplied.`,
  );
}

/**
 * HTTP status per ECI error code, after the Alibaba Cloud error centre and the ECI API pages:
 * parameter and signature errors 400, throttling 400 (`Throttling.User` is documented as 400, not
 * 429), IncorrectStatus 400 (the error tables of RestartContainerGroup and DeleteContainerGroup),
 * OperationDenied, Forbidden and QuotaExceeded 403 (CreateContainerGroup's table), anything
 * `*.NotFound` 404 (ImageSnapshot.NotFound too), ServiceUnavailable 503, the rest
 * of 5xx 500.
 */
export function statusForCode(code: string, kind?: BackendErrorKind): number {
  if (code.endsWith('.NotFound') || code === 'NotFound') return 404;
  // ResizeContainerGroupVolume's error table: InvalidVolumeType and IncorrectStatusDetail are 403,
  // unlike the other Invalid* and IncorrectStatus codes.
  if (code === 'InvalidVolumeType' || code === 'IncorrectStatusDetail') return 403;
  if (code.startsWith('IncorrectStatus') || code.endsWith('.IncorrectStatus')) return 400;
  if (code.startsWith('OperationDenied') || code.startsWith('Forbidden') || code === 'QuotaExceeded')
    return 403;
  if (code.startsWith('Throttling')) return 400;
  if (code === 'ServiceUnavailable' || code.startsWith('Degrade')) return 503;
  if (code === 'UnknownError' || code === 'InternalError') return 500;
  if (
    code.startsWith('InvalidParameter') ||
    code.startsWith('MissingParameter') ||
    code.startsWith('Invalid')
  ) {
    return 400;
  }
  switch (kind) {
    case 'NotFound':
      return 404;
    case 'NoStock':
    case 'Unauthorized':
      return 403;
    case 'Throttled':
    case 'InvalidParameter':
      return 400;
    case 'Unavailable':
      return 503;
    default:
      return 500;
  }
}

/** Anything a handler throws → the ApiError to send. Unknown exceptions are the server's fault: 500. */
export function toApiError(err: unknown): ApiError {
  if (err instanceof ApiError) return err;
  if (isBackendError(err)) return new ApiError(statusForCode(err.code, err.kind), err.code, err.message);
  return new ApiError(500, 'UnknownError', 'The request processing has failed due to some unknown error.');
}

export interface ErrorBody {
  RequestId: string;
  HostId: string;
  Code: string;
  Message: string;
  Recommend: string;
}

export function errorBody(err: ApiError, requestId: string, hostId: string, product = 'Eci'): ErrorBody {
  return {
    RequestId: requestId,
    HostId: hostId,
    Code: err.code,
    Message: err.message,
    Recommend: `https://api.aliyun.com/troubleshoot?q=${encodeURIComponent(err.code)}&product=${product}`,
  };
}
