import { compareCodeUnits } from '../../code-units.js';
/**
 * Alibaba Cloud's percent-encoding (RFC 3986 unreserved set kept, everything else %XX upper-case),
 * which both signature versions canonicalise with: `+`→`%20`, `*`→`%2A`, `~` kept.
 */
export function percentEncode(value: string): string {
  return encodeURIComponent(value).replace(
    /[!'()*]/g,
    (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`,
  );
}

/** A request parameter as it arrived, before unflattening (repeated keys: the last one wins). */
export type ParamPairs = [string, string][];

/** Query string or form body → ordered pairs, decoding `+` as a space like every form decoder. */
export function parsePairs(encoded: string): ParamPairs {
  return [...new URLSearchParams(encoded)];
}

/** `k=v&k2=v2` with both sides percent-encoded, sorted by encoded key (code-unit order, as the SDKs sort). */
export function canonicalQuery(pairs: ParamPairs): string {
  return pairs
    .map(([k, v]) => [percentEncode(k), percentEncode(v)] as const)
    .sort(([a], [b]) => compareCodeUnits(a, b))
    .map(([k, v]) => `${k}=${v}`)
    .join('&');
}

/**
 * The canonical query the official Tea clients (darabonba openapi-util, Node and Go) sign with V3:
 * names as sent, sorted as sent, only values percent-encoded. It equals `canonicalQuery` unless a
 * name holds a reserved character, as a map's keys can (`DataSource.Options.#10#repoSource`).
 */
export function sdkCanonicalQuery(pairs: ParamPairs): string {
  return [...pairs]
    .sort(([a], [b]) => compareCodeUnits(a, b))
    .map(([k, v]) => `${k}=${percentEncode(v)}`)
    .join('&');
}
