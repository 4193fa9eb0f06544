import { createHash, createHmac, timingSafeEqual } from 'node:crypto';
import { ApiError, invalidParameter, missingParameter } from './errors.js';
import { canonicalQuery, percentEncode, sdkCanonicalQuery, type ParamPairs } from './percent.js';

/** What signature checking needs from an HTTP request (header names lower-case, as Node gives them). */
export interface SignedRequest {
  method: string;
  path: string;
  headers: Record<string, string | string[] | undefined>;
  queryPairs: ParamPairs;
  bodyPairs: ParamPairs;
  rawBody: Buffer;
}

export type SecretLookup = (accessKeyId: string) => string | undefined;

export interface Caller {
  accessKeyId: string;
  signatureVersion: 'V1' | 'V3';
}

const V3_ALGORITHM = 'ACS3-HMAC-SHA256';
/** ECI refuses requests whose timestamp is further than this from its clock, and replayed nonces within it. */
const MAX_SKEW_MS = 15 * 60 * 1000;

/** Nonces kept at most; past it the oldest are forgotten first (memory stays bounded under load). */
const MAX_NONCES = 100_000;

/** Remembers signature nonces for the skew window so a captured request cannot be replayed. */
export class NonceCache {
  private readonly seen = new Map<string, number>();

  /** False when the nonce was already used within the window. */
  remember(nonce: string, nowMs: number): boolean {
    for (const [n, expiry] of this.seen) {
      if (expiry > nowMs && this.seen.size < MAX_NONCES) break;
      this.seen.delete(n);
    }
    if (this.seen.has(nonce)) return false;
    this.seen.set(nonce, nowMs + MAX_SKEW_MS);
    return true;
  }
}

function header(req: SignedRequest, name: string): string | undefined {
  const v = req.headers[name];
  return Array.isArray(v) ? v.join(',') : v;
}

function safeEqual(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}

/** What the SDKs send (openapi-util getTimestamp, the Go SDK, the aliyun CLI): UTC to the second. */
const TIMESTAMP = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z$/;

/** Timestamp (V1) or x-acs-date (V3): exactly YYYY-MM-DDThh:mm:ssZ; the time it names. */
function requestTime(name: string, value: string): number {
  const t = Date.parse(value);
  // The round trip refuses a day that does not exist (2024-02-30), which Date.parse rolls over.
  if (
    !TIMESTAMP.test(value) ||
    Number.isNaN(t) ||
    new Date(t).toISOString() !== value.replace('Z', '.000Z')
  ) {
    throw new ApiError(
      400,
      'InvalidTimeStamp.Format',
      `Specified time stamp or date value is not well formatted: ${name} ${JSON.stringify(value)} is not YYYY-MM-DDThh:mm:ssZ in UTC (e.g. 2024-01-02T03:04:05Z).`,
    );
  }
  return t;
}

/** The time and nonce every signed request carries, checked before the signature is. */
interface Freshness {
  timestamp: string;
  time: number;
  nonce: string;
}

function freshness(
  timeName: string,
  timestamp: string | undefined,
  nonceName: string,
  nonce: string | undefined,
): Freshness {
  if (!timestamp) throw missingParameter(timeName);
  const time = requestTime(timeName, timestamp);
  if (!nonce) throw missingParameter(nonceName);
  return { timestamp, time, nonce };
}

/** After the signature matched, so an unsigned request cannot use up a nonce. */
function checkFreshness(f: Freshness, nowMs: number, nonces: NonceCache) {
  if (Math.abs(nowMs - f.time) > MAX_SKEW_MS) {
    throw new ApiError(
      400,
      'InvalidTimeStamp.Expired',
      `Specified time stamp ${f.timestamp} is more than 15 minutes from the server time ${new Date(nowMs).toISOString()}: fix the client clock.`,
    );
  }
  if (!nonces.remember(f.nonce, nowMs)) {
    throw new ApiError(
      400,
      'SignatureNonceUsed',
      `Specified signature nonce ${f.nonce} was used already: send a new random nonce with every request.`,
    );
  }
}

function lookupSecret(accessKeyId: string, lookup: SecretLookup): string {
  const secret = lookup(accessKeyId);
  if (secret === undefined) {
    throw new ApiError(
      404,
      'InvalidAccessKeyId.NotFound',
      `Specified access key ${accessKeyId} is not found.`,
    );
  }
  return secret;
}

/** V1 (HMAC-SHA1): every parameter but Signature, canonicalised; key = secret + '&'. */
export function v1StringToSign(req: SignedRequest): string {
  const params = [...req.queryPairs, ...req.bodyPairs].filter(([k]) => k !== 'Signature');
  return `${req.method.toUpperCase()}&${percentEncode('/')}&${percentEncode(canonicalQuery(params))}`;
}

function verifyV1(req: SignedRequest, lookup: SecretLookup, nowMs: number, nonces: NonceCache): Caller {
  const params = new Map([...req.queryPairs, ...req.bodyPairs]);
  const accessKeyId = params.get('AccessKeyId');
  if (!accessKeyId) throw missingParameter('AccessKeyId');
  // V1's common parameters are all required: no default method or version is assumed.
  const method = params.get('SignatureMethod');
  if (!method) throw missingParameter('SignatureMethod');
  if (method !== 'HMAC-SHA1')
    throw invalidParameter('SignatureMethod', method, 'use HMAC-SHA1 (or sign with ACS3-HMAC-SHA256)');
  const version = params.get('SignatureVersion');
  if (!version) throw missingParameter('SignatureVersion');
  if (version !== '1.0')
    throw invalidParameter('SignatureVersion', version, 'use 1.0 (or sign with ACS3-HMAC-SHA256)');
  const fresh = freshness(
    'Timestamp',
    params.get('Timestamp'),
    'SignatureNonce',
    params.get('SignatureNonce'),
  );
  const secret = lookupSecret(accessKeyId, lookup);
  const stringToSign = v1StringToSign(req);
  const expected = createHmac('sha1', `${secret}&`).update(stringToSign).digest('base64');
  if (!safeEqual(expected, params.get('Signature') ?? '')) {
    throw new ApiError(
      400,
      'SignatureDoesNotMatch',
      `Specified signature is not matched with our calculation. server string to sign is:${stringToSign}`,
    );
  }
  checkFreshness(fresh, nowMs, nonces);
  return { accessKeyId, signatureVersion: 'V1' };
}

interface V3Authorization {
  accessKeyId: string;
  signedHeaders: string[];
  signature: string;
}

function parseV3Authorization(value: string): V3Authorization {
  const rest = value.slice(V3_ALGORITHM.length).trim();
  const fields = new Map(
    rest.split(',').map((part) => {
      const i = part.indexOf('=');
      return [part.slice(0, i).trim(), part.slice(i + 1).trim()] as const;
    }),
  );
  const accessKeyId = fields.get('Credential');
  const signedHeaders = fields.get('SignedHeaders');
  const signature = fields.get('Signature');
  if (!accessKeyId || !signedHeaders || !signature) {
    throw new ApiError(
      400,
      'IncompleteSignature',
      `The Authorization header must be "${V3_ALGORITHM} Credential=<AccessKeyId>,SignedHeaders=<a;b>,Signature=<hex>".`,
    );
  }
  return { accessKeyId, signedHeaders: signedHeaders.split(';'), signature };
}

/** V3 canonical request: method, URI, canonical query, signed headers, their names, payload hash. */
export function v3CanonicalRequest(
  req: SignedRequest,
  signedHeaders: string[],
  query = canonicalQuery(req.queryPairs),
): string {
  const headers = [...signedHeaders]
    .sort()
    .map((h) => `${h}:${(header(req, h) ?? '').trim()}\n`)
    .join('');
  const payloadHash = header(req, 'x-acs-content-sha256') ?? '';
  return [
    req.method.toUpperCase(),
    req.path,
    query,
    headers,
    [...signedHeaders].sort().join(';'),
    payloadHash,
  ].join('\n');
}

function v3StringToSign(canonical: string): string {
  return `${V3_ALGORITHM}\n${createHash('sha256').update(canonical).digest('hex')}`;
}

function v3Signature(secret: string, stringToSign: string): string {
  return createHmac('sha256', secret).update(stringToSign).digest('hex');
}

function verifyV3(
  req: SignedRequest,
  authorization: string,
  lookup: SecretLookup,
  nowMs: number,
  nonces: NonceCache,
): Caller {
  const auth = parseV3Authorization(authorization);
  const unsigned = Object.keys(req.headers).filter(
    (h) => (h.startsWith('x-acs-') || h === 'host') && !auth.signedHeaders.includes(h),
  );
  if (unsigned.length > 0) {
    throw new ApiError(
      400,
      'IncompleteSignature',
      `Headers ${unsigned.join(', ')} must be listed in SignedHeaders.`,
    );
  }
  const fresh = freshness(
    'x-acs-date',
    header(req, 'x-acs-date'),
    'x-acs-signature-nonce',
    header(req, 'x-acs-signature-nonce'),
  );
  const secret = lookupSecret(auth.accessKeyId, lookup);
  const bodyHash = createHash('sha256').update(req.rawBody).digest('hex');
  if (header(req, 'x-acs-content-sha256') !== bodyHash) {
    throw new ApiError(
      400,
      'SignatureDoesNotMatch',
      `The x-acs-content-sha256 header must be the hex SHA-256 of the request body (${bodyHash}).`,
    );
  }
  const canonical = v3CanonicalRequest(req, auth.signedHeaders);
  const stringToSign = v3StringToSign(canonical);
  // The published rule encodes names too; the official SDKs do not. Both are taken: a name with a
  // reserved character (a map key) signed either way is one this endpoint cannot tell ECI refuses.
  const sdkCanonical = v3CanonicalRequest(req, auth.signedHeaders, sdkCanonicalQuery(req.queryPairs));
  if (
    !safeEqual(v3Signature(secret, stringToSign), auth.signature) &&
    !safeEqual(v3Signature(secret, v3StringToSign(sdkCanonical)), auth.signature)
  ) {
    throw new ApiError(
      400,
      'SignatureDoesNotMatch',
      `The request signature does not conform to Aliyun standards. server string to sign is:${stringToSign} (canonical request:${canonical})`,
    );
  }
  checkFreshness(fresh, nowMs, nonces);
  return { accessKeyId: auth.accessKeyId, signatureVersion: 'V3' };
}

/** Checks a V3 (Authorization header) or V1 (Signature parameter) signature; throws the ECI error. */
export function verifySignature(
  req: SignedRequest,
  lookup: SecretLookup,
  nowMs: number,
  nonces: NonceCache,
): Caller {
  const authorization = header(req, 'authorization');
  if (authorization?.startsWith(V3_ALGORITHM)) return verifyV3(req, authorization, lookup, nowMs, nonces);
  if (authorization) {
    throw new ApiError(
      400,
      'IncompleteSignature',
      `Unsupported Authorization scheme: sign with ${V3_ALGORITHM} or with the V1 Signature parameter.`,
    );
  }
  return verifyV1(req, lookup, nowMs, nonces);
}
