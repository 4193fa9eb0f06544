import { invalidParameter } from './errors.js';
import { compareCodeUnits } from '../../code-units.js';

export interface Page<T> {
  items: T[];
  /** '' when this is the last page, as ECI answers. */
  nextToken: string;
  totalCount: number;
}

/**
 * Pages by ID rather than by offset, so groups created or deleted between two calls never make a
 * client skip or repeat one: the token is the last ID handed out, and the next page starts after it.
 */
export function pageById<T>(all: T[], idOf: (item: T) => string, limit: number, nextToken?: string): Page<T> {
  const sorted = [...all].sort((a, b) => compareCodeUnits(idOf(a), idOf(b)));
  let start = 0;
  if (nextToken) {
    const after = Buffer.from(nextToken, 'base64url').toString('utf8');
    if (!after.startsWith('after:')) {
      throw invalidParameter('NextToken', nextToken, 'pass the NextToken of the previous response unchanged');
    }
    const lastId = after.slice('after:'.length);
    start = sorted.findIndex((item) => idOf(item) > lastId);
    if (start < 0) start = sorted.length;
  }
  const items = sorted.slice(start, start + limit);
  const more = start + limit < sorted.length;
  const last = items.at(-1);
  return {
    items,
    nextToken: more && last ? Buffer.from(`after:${idOf(last)}`).toString('base64url') : '',
    totalCount: sorted.length,
  };
}
