import { ConfigError } from './errors.js';

/** Reads one setting from flags first, then the environment. Flag `--eci-region` ↔ env `ECI_REGION`. */
export type Source = (name: string) => string | undefined;

export function sourceOf(env: NodeJS.ProcessEnv, flags: Map<string, string>): Source {
  return (name) => flags.get(name) ?? (env[name] === '' ? undefined : env[name]);
}

/** `--eci-vswitch=a` / `--eci-vswitch a` → ECI_VSWITCH. Unknown flags are reported by the caller. */
export function parseFlags(argv: string[]): Map<string, string> {
  const flags = new Map<string, string>();
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (!arg.startsWith('--'))
      throw new ConfigError('argument', arg, 'arguments are flags like --eci-region cn-hangzhou');
    const eq = arg.indexOf('=');
    const name = (eq > 0 ? arg.slice(2, eq) : arg.slice(2)).toUpperCase().replaceAll('-', '_');
    let value: string;
    if (eq > 0) value = arg.slice(eq + 1);
    else if (i + 1 < argv.length && !argv[i + 1].startsWith('--')) value = argv[++i];
    else value = 'true';
    flags.set(name, value);
  }
  return flags;
}

export function parseBool(setting: string, raw: string | undefined, fallback: boolean): boolean {
  if (raw === undefined) return fallback;
  const v = raw.trim().toLowerCase();
  if (['true', '1', 'yes', 'on'].includes(v)) return true;
  if (['false', '0', 'no', 'off'].includes(v)) return false;
  throw new ConfigError(setting, raw, 'use true or false');
}

/**
 * A parser of one kind of number setting: `unit` names it in the error, which gives the range and
 * the default as an example.
 */
function numberSetting(unit: string, pattern: RegExp, clean: (text: string) => string = (t) => t) {
  return (setting: string, raw: string | undefined, fallback: number, min: number, max: number): number => {
    if (raw === undefined) return fallback;
    const text = clean(raw.trim());
    const n = pattern.test(text) ? Number(text) : NaN;
    if (!Number.isFinite(n) || n < min || n > max) {
      throw new ConfigError(setting, raw, `use ${unit} from ${min} to ${max}, e.g. ${fallback}`);
    }
    return n;
  };
}

export const parseInteger = numberSetting('a whole number', /^\d+$/);

/** Seconds, with or without a trailing `s`: `30`, `0.5`, `30s`. */
export const parseSeconds = numberSetting('a number of seconds', /^\d+(\.\d+)?$/, (t) => t.replace(/s$/, ''));

/** A comma list of IDs with a fixed prefix, e.g. vSwitches `vsw-a,vsw-b`. */
export function parseIdList(setting: string, raw: string | undefined, prefix: string, max: number): string[] {
  if (raw === undefined) return [];
  const ids = raw.split(',').map((s) => s.trim());
  const example = `${prefix}aaa,${prefix}bbb`;
  if (ids.some((id) => id === '')) {
    throw new ConfigError(setting, raw, `a comma-separated list without empty items, e.g. ${example}`);
  }
  const bad = ids.find((id) => !new RegExp(`^${prefix}[a-z0-9-]+$`).test(id));
  if (bad !== undefined)
    throw new ConfigError(setting, raw, `"${bad}" is not an ID starting with ${prefix}, e.g. ${example}`);
  if (ids.length > max) throw new ConfigError(setting, raw, `at most ${max} IDs`);
  if (new Set(ids).size !== ids.length) throw new ConfigError(setting, raw, 'each ID may appear only once');
  return ids;
}

const QUANTITY = /^([0-9]+(?:\.[0-9]+)?)(m|k|M|G|T|P|E|Ki|Mi|Gi|Ti|Pi|Ei)?$/;

/** A Kubernetes resource quantity such as `20000`, `500m`, `80Ti`, checked to be positive. */
export function parseQuantity(setting: string, raw: string | undefined, fallback: string): string {
  if (raw === undefined) return fallback;
  const v = raw.trim();
  const m = QUANTITY.exec(v);
  if (m === null || Number(m[1]) <= 0) {
    throw new ConfigError(setting, raw, `use a positive Kubernetes quantity, e.g. ${fallback}`);
  }
  return v;
}
