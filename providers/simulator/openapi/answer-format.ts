import type { IncomingHttpHeaders } from 'node:http';
import type { ParamPairs } from './percent.js';

/**
 * How an answer is encoded. POP's common parameter `Format` is JSON or XML, and XML when left out
 * ("返回结果主要有XML和JSON两种格式，默认为XML"): the official SDKs and CLIs all send `Format=JSON`
 * (or, signing V3, `Accept: application/json`), but aliyun-python-sdk-core's `get_response` and
 * `do_action` send no Format unless told, and a script written against ECI then reads XML.
 */
export type AnswerFormat = 'JSON' | 'XML';

/** A request header's (first) value. */
export function headerValue(headers: IncomingHttpHeaders, name: string): string | undefined {
  const v = headers[name];
  return Array.isArray(v) ? v[0] : v;
}

/**
 * The format a request asks for: its `Format` parameter when it has one (any case); otherwise, for
 * a V3 call (signed in the Authorization header, which has no Format parameter) its Accept header,
 * JSON unless that names only XML; for a V1 call, XML.
 */
export function answerFormat(params: ParamPairs, headers: IncomingHttpHeaders): AnswerFormat {
  const format = params.findLast(([k]) => k === 'Format')?.[1];
  if (format !== undefined) return format.toUpperCase() === 'JSON' ? 'JSON' : 'XML';
  if (headerValue(headers, 'authorization') === undefined) return 'XML';
  const accept = headerValue(headers, 'accept') ?? '';
  return /\bxml\b/i.test(accept) && !/\bjson\b/i.test(accept) ? 'XML' : 'JSON';
}

const XML_NAME = /^[A-Za-z_][A-Za-z0-9_.-]*$/;

function escapeText(s: string): string {
  return s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

/**
 * One field as POP writes it in XML: an object is an element of its fields, a list is the field's
 * element repeated once per item (`"Tags": [a, b]` → `<Tags>a</Tags><Tags>b</Tags>`, as the SDKs'
 * XML reader, tea-xml, folds repeated elements back into a list), a missing value no element.
 */
function element(name: string, value: unknown): string {
  if (value === undefined || value === null) return '';
  if (Array.isArray(value)) return value.map((item) => element(name, item)).join('');
  if (!XML_NAME.test(name)) throw new Error(`${JSON.stringify(name)} cannot be an XML element name`);
  if (typeof value === 'object') {
    const fields = Object.entries(value).map(([k, v]) => element(k, v));
    return `<${name}>${fields.join('')}</${name}>`;
  }
  return `<${name}>${escapeText(String(value))}</${name}>`;
}

/** A whole answer in XML: `<ActionResponse>` for a result, `<Error>` for an error, as POP's examples show. */
export function toXml(root: string, body: object): string {
  return `<?xml version="1.0" encoding="UTF-8"?>${element(root, body)}`;
}

/** The Content-Type POP answers each format with. */
export const CONTENT_TYPES: Record<AnswerFormat, string> = {
  JSON: 'application/json;charset=utf-8',
  XML: 'text/xml;charset=utf-8',
};

/** The body of an answer in the asked format. */
export function encodeAnswer(format: AnswerFormat, root: string, body: object): string {
  return format === 'JSON' ? JSON.stringify(body) : toXml(root, body);
}
