import { ApiError, invalidParameter, missingParameter } from '../errors.js';
import { optString } from '../params.js';
import type { ActionContext } from '../types.js';
import type { WireObject, WireValue } from '../unflatten.js';

/** Every ECI action but DescribeRegions is regional: RegionId must name the region this endpoint serves. */
export function checkRegion(p: WireObject, ctx: ActionContext): void {
  const region = optString(p, 'RegionId');
  if (region === undefined) throw missingParameter('RegionId');
  if (region !== ctx.regionId) {
    // The engine's code for the same mistake at CreateContainerGroup, so every action answers alike.
    throw new ApiError(
      400,
      'InvalidRegionId',
      `RegionId: "${region}" is not served here; use "${ctx.regionId}" or that region's endpoint.`,
    );
  }
}

export function isWireObject(v: WireValue | undefined): v is WireObject {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** `Container.N` entries must each name a container and its image. */
export function checkContainers(
  p: WireObject,
  name: 'Container' | 'InitContainer',
  required: boolean,
  imageRequired = true,
): void {
  const list = p[name];
  if (list === undefined) {
    if (required) throw missingParameter(`${name}.1.Name`);
    return;
  }
  if (!Array.isArray(list))
    throw invalidParameter(name, list, `expected a list: ${name}.1.Name, ${name}.1.Image`);
  list.forEach((c, i) => {
    const path = `${name}.${i + 1}`;
    if (!isWireObject(c)) throw invalidParameter(path, c, `expected ${path}.Name and ${path}.Image`);
    if (optString(c, 'Name') === undefined) throw missingParameter(`${path}.Name`);
    if (imageRequired && optString(c, 'Image') === undefined) throw missingParameter(`${path}.Image`);
  });
}

export function unsupported(action: string): ApiError {
  return new ApiError(
    404,
    'InvalidAction.NotFound',
    `Specified api ${action} is not served by this backend.`,
  );
}

/** Engine extras may be sync or async; handlers treat both alike. */
export async function settle<T>(value: T | Promise<T>): Promise<T> {
  return value;
}
