import { parseSelectors, type SelectorSlot } from './selectors.js';
import type { EciProfile, ProfileError, Selector } from './types.js';

export interface ParseResult {
  profile: EciProfile;
  errors: ProfileError[];
}

/** Data keys whose bad value leaves the whole key unusable (a last good value may stand in). */
type ScalarKey =
  'vSwitchIds' | 'securityGroupId' | 'vpcId' | 'resourceGroupId' | 'enableClusterIp' | 'enableLinuxArm64Node';

interface Detailed {
  profile: EciProfile;
  errors: ProfileError[];
  slots: SelectorSlot[];
  selectorsUnusable: boolean;
  badKeys: Set<ScalarKey>;
}

function idProblem(key: string, raw: string, bad: string, prefix: string, example: string): ProfileError {
  const what = raw === bad ? JSON.stringify(raw) : `${JSON.stringify(raw)} has ${JSON.stringify(bad)}, which`;
  return {
    key,
    field: key,
    message: `eci-profile ${key}: ${what} is not an ID starting with ${prefix}: use e.g. ${example}`,
  };
}

function parseIdList(raw: string, key: string, prefix: string, example: string): string[] | ProfileError {
  const ids = raw
    .split(',')
    .map((s) => s.trim())
    .filter((s) => s !== '');
  const pattern = new RegExp(`^${prefix}[a-z0-9-]+$`);
  const bad = ids.find((id) => !pattern.test(id));
  if (bad !== undefined) return idProblem(key, raw, bad, prefix, example);
  const dup = ids.find((id, i) => ids.indexOf(id) !== i);
  if (dup !== undefined) {
    return {
      key,
      field: key,
      message: `eci-profile ${key}: ${dup} appears twice in ${JSON.stringify(raw)}: list each ID once`,
    };
  }
  return ids;
}

function parseDetailed(data: Record<string, string>): Detailed {
  const profile: EciProfile = { selectors: [] };
  const errors: ProfileError[] = [];
  const badKeys = new Set<ScalarKey>();
  const fail = (key: ScalarKey, error: ProfileError): void => {
    errors.push(error);
    badKeys.add(key);
  };

  let slots: SelectorSlot[] = [];
  let selectorsUnusable = false;
  if (data.selectors !== undefined && data.selectors.trim() !== '') {
    const parsed = parseSelectors(data.selectors);
    slots = parsed.slots;
    selectorsUnusable = parsed.unusable;
    errors.push(...parsed.errors);
    profile.selectors = slots.flatMap((s) => (s.selector ? [s.selector] : []));
  }

  const vsw = data.vSwitchIds?.trim();
  if (vsw) {
    const ids = parseIdList(vsw, 'vSwitchIds', 'vsw-', 'vsw-bp1a,vsw-bp1b');
    if (Array.isArray(ids)) profile.vSwitchIds = ids;
    else fail('vSwitchIds', ids);
  }
  for (const [key, prefix, example] of [
    ['securityGroupId', 'sg-', 'sg-bp1abc'],
    ['vpcId', 'vpc-', 'vpc-bp1abc'],
    ['resourceGroupId', 'rg-', 'rg-acfmzvwytch'],
  ] as const) {
    const value = data[key]?.trim();
    if (!value) continue;
    if (new RegExp(`^${prefix}[a-z0-9-]+$`).test(value)) profile[key] = value;
    else fail(key, idProblem(key, value, value, prefix, example));
  }
  for (const key of ['enableClusterIp', 'enableLinuxArm64Node'] as const) {
    const value = data[key]?.trim().toLowerCase();
    if (value === 'true' || value === 'false') profile[key] = value === 'true';
    else if (value) {
      fail(key, {
        key,
        field: key,
        message: `eci-profile ${key}: ${JSON.stringify(data[key])} is not a boolean: use "true" or "false"`,
      });
    }
  }
  return { profile, errors, slots, selectorsUnusable, badKeys };
}

function keepValue<K extends ScalarKey>(target: EciProfile, source: EciProfile, key: K): void {
  if (source[key] !== undefined) target[key] = source[key];
}

/**
 * Parse the data of ConfigMap `kube-system/eci-profile`. Unknown keys (ACK's feature switches) are
 * ignored; each bad value gives an error naming the key (and selector) and the fix.
 */
export function parseEciProfile(data: Record<string, string>): ParseResult {
  const { profile, errors } = parseDetailed(data);
  return { profile, errors };
}

/**
 * Parse a new version of the ConfigMap, keeping the last good configuration where the new one is
 * broken: an unparseable `selectors` keeps all last good selectors, a rejected selector keeps its
 * last good version (same name, same place), a bad scalar key keeps its last good value. A typo
 * must not silently send pods back to ordinary nodes.
 */
export function reconcileEciProfile(data: Record<string, string>, lastGood: EciProfile): ParseResult {
  const { profile, errors, slots, selectorsUnusable, badKeys } = parseDetailed(data);
  const previous = new Map(lastGood.selectors.map((s) => [s.name, s]));
  let selectors: Selector[];
  if (selectorsUnusable) selectors = lastGood.selectors;
  else {
    const taken = new Set(profile.selectors.map((s) => s.name));
    selectors = slots.flatMap((slot) => {
      if (slot.selector) return [slot.selector];
      const kept = slot.name === undefined || taken.has(slot.name) ? undefined : previous.get(slot.name);
      if (kept === undefined) return [];
      taken.add(kept.name);
      return [kept];
    });
  }
  const result: EciProfile = { ...profile, selectors };
  for (const key of badKeys) keepValue(result, lastGood, key);
  return { profile: result, errors };
}
