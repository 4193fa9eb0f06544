import * as openapi from '@alicloud/openapi-client';

/**
 * Past this many bytes of query string, an RPC call's parameters travel in a form body instead.
 * The official SDK puts every parameter of an ECI call in the URL, and POP's front refuses a URL
 * past a limit Alibaba does not publish (one of some 76 KB is known refused with 414:
 * aliyun/openapi-core-nodejs-sdk#55). POP reads the same parameters from an
 * application/x-www-form-urlencoded body, as @alicloud/pop-core sends every POST. 32 KiB is some
 * 300 environment variables: a pod in a namespace of 40 Services with enableServiceLinks on.
 */
export const MAX_QUERY_BYTES = 32 * 1024;

/** The length of `query` as the SDK writes it into the URL (percent-encoded `k=v` pairs joined by `&`). */
export function queryBytes(query: Readonly<Record<string, string>>): number {
  let bytes = 0;
  for (const [key, value] of Object.entries(query)) {
    bytes += encodeURIComponent(key).length + encodeURIComponent(value).length + 2;
  }
  return bytes;
}

/** Percent-encoding writes a UTF-16 unit as at most 9 characters (a 3-byte UTF-8 character). */
const MAX_ENCODED_PER_UNIT = 9;

/** True when `query` in a URL would pass `limit`; a short query is told without encoding it. */
function longerThan(query: Readonly<Record<string, string>>, limit: number): boolean {
  let units = 0;
  for (const [key, value] of Object.entries(query)) units += key.length + value.length + 2;
  return units * MAX_ENCODED_PER_UNIT > limit && queryBytes(query) > limit;
}

/**
 * The request as it should go out: unchanged, or, for an RPC POST whose query is too long for a
 * URL, with the query's parameters moved into its form body (signed there by the SDK). Pure.
 */
export function fitUrl(params: openapi.Params, request: openapi.OpenApiRequest): openapi.OpenApiRequest {
  const query = request.query;
  const movable =
    params.style === 'RPC' &&
    params.method === 'POST' &&
    params.reqBodyType === 'formData' &&
    request.body === undefined &&
    request.stream === undefined;
  if (!movable || query === undefined || !longerThan(query, MAX_QUERY_BYTES)) return request;
  return new openapi.OpenApiRequest({
    headers: request.headers,
    hostMap: request.hostMap,
    endpointOverride: request.endpointOverride,
    query: {},
    body: query,
  });
}
