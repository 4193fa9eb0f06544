import { invalidParameter, missingParameter } from './errors.js';
import { INSTANCE_FAMILIES, instanceTypesOf } from './catalogue.js';
import { instanceTypeSize } from './spec.js';
import type { Stock } from './stock.js';

/** DescribeAvailableResource's parameters, unwrapped from DestinationResource and SpotResource. */
export interface AvailableResourceQuery {
  Category?: string;
  /** A family (`ecs.c6`) or a type (`ecs.c6.large`), by Category. */
  Value?: string;
  Cores?: number;
  Memory?: number;
  ZoneId?: string;
  SpotStrategy?: string;
}

/** `WithStock` or `WithoutStock`; ECI also has Closed* categories for families it stops selling. */
export interface SupportedResource {
  Value: string;
  StatusCategory: 'WithStock' | 'WithoutStock';
}

export interface AvailableZone {
  RegionId: string;
  ZoneId: string;
  Type: 'InstanceTypeFamily' | 'InstanceType';
  Supported: SupportedResource[];
}

const CATEGORIES = ['InstanceTypeFamily', 'InstanceType'] as const;
type Category = (typeof CATEGORIES)[number];

function isCategory(c: string): c is Category {
  return (CATEGORIES as readonly string[]).includes(c);
}

function category(query: AvailableResourceQuery): Category {
  const c = query.Category;
  if (c === undefined) throw missingParameter('DestinationResource.Category');
  if (!isCategory(c))
    throw invalidParameter('DestinationResource.Category', `"${c}" is not one of ${CATEGORIES.join(', ')}.`);
  const spot = query.SpotStrategy !== undefined && query.SpotStrategy !== 'NoSpot';
  if (spot && c !== 'InstanceType') {
    throw invalidParameter(
      'DestinationResource.Category',
      `"${c}" cannot be asked with SpotResource.SpotStrategy ${query.SpotStrategy}: spot stock is per instance type, use InstanceType.`,
    );
  }
  // DestinationResource.Category: InstanceTypeFamily "you must also specify the Value parameter",
  // InstanceType "you must also specify the Value, Cores, and Memory parameters".
  if (query.Value === undefined) throw missingParameter('DestinationResource.Value');
  if (c === 'InstanceType' && query.Cores === undefined) throw missingParameter('DestinationResource.Cores');
  if (c === 'InstanceType' && query.Memory === undefined)
    throw missingParameter('DestinationResource.Memory');
  return c;
}

/** The types a query names: by Value (a type), Cores and Memory; a type of another size matches none. */
function matchingTypes(query: AvailableResourceQuery): string[] {
  const all = INSTANCE_FAMILIES.flatMap(instanceTypesOf);
  return all.filter((t) => {
    const size = instanceTypeSize(t);
    return (
      (query.Value === undefined || t === query.Value) &&
      (query.Cores === undefined || size.cpu === query.Cores) &&
      (query.Memory === undefined || size.memory === query.Memory)
    );
  });
}

/**
 * What ECI can place per zone: instance families or types of the catalogue, each WithStock when
 * the zone's stock (the same table CreateContainerGroup draws from) has room for it. Zones with
 * nothing matching are left out, as ECI leaves them out.
 */
export function availableResources(
  stock: Stock,
  regionId: string,
  zones: readonly string[],
  query: AvailableResourceQuery,
): AvailableZone[] {
  const type = category(query);
  if (query.ZoneId !== undefined && !zones.includes(query.ZoneId)) {
    throw invalidParameter(
      'ZoneId',
      `"${query.ZoneId}" is not a zone of ${regionId}: use one of ${zones.join(', ')}.`,
    );
  }
  const types = type === 'InstanceType' ? matchingTypes(query) : [];
  const families =
    type === 'InstanceTypeFamily'
      ? INSTANCE_FAMILIES.filter((f) => query.Value === undefined || f === query.Value)
      : [];
  return (query.ZoneId !== undefined ? [query.ZoneId] : zones).flatMap((zoneId) => {
    const has = (t: string): boolean => stock.has(zoneId, t);
    const supported: SupportedResource[] =
      type === 'InstanceType'
        ? types.map((t) => ({ Value: t, StatusCategory: has(t) ? 'WithStock' : 'WithoutStock' }))
        : families.map((f) => ({
            Value: f,
            StatusCategory: instanceTypesOf(f).some(has) ? 'WithStock' : 'WithoutStock',
          }));
    return supported.length ? [{ RegionId: regionId, ZoneId: zoneId, Type: type, Supported: supported }] : [];
  });
}
