import { APIS, type ServedApi } from './actions/index.js';
import { ApiError, missingParameter } from './errors.js';
import type { ObjectSchema } from './schema.js';
import type { ActionHandler } from './types.js';

export interface Route {
  api: ServedApi;
  handler: ActionHandler;
  schema: ObjectSchema | undefined;
}

function notFound(action: string, detail = ''): ApiError {
  return new ApiError(
    404,
    'InvalidAction.NotFound',
    `Specified api ${action} is not found, please check your url and method.${detail}`,
  );
}

/**
 * Action + Version → the handler, refused as Alibaba's gateway refuses: an action no product has
 * is InvalidAction.NotFound; a version no product has is InvalidVersion; a version of another
 * product (DescribeVSwitches with ECI's 2018-08-08) is InvalidAction.NotFound in that product's
 * API, naming the Version the action needs.
 */
export function route(action: string | undefined, version: string | undefined): Route {
  if (!action) throw missingParameter('Action');
  const owners = APIS.filter((api) => Object.hasOwn(api.actions, action));
  if (owners.length === 0) throw notFound(action);
  if (!version) throw missingParameter('Version');
  const api = APIS.find((a) => a.version === version);
  if (!api) {
    const served = owners.map((o) => `${o.product.toUpperCase()} serves ${o.version}`).join('; ');
    throw new ApiError(
      400,
      'InvalidVersion',
      `Specified parameter Version ${JSON.stringify(version)} is not valid: ${served}.`,
    );
  }
  const handler = Object.hasOwn(api.actions, action) ? api.actions[action] : undefined;
  if (!handler) {
    const needs = owners.map((o) => `${o.product} Version=${o.version}`).join(' or ');
    throw notFound(action, ` Version ${version} is ${api.product}'s API; ${action} is in ${needs}.`);
  }
  return { api, handler, schema: api.schemas[action] };
}
