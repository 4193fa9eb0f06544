/**
 * Kubernetes resource quantities (`500m`, `1.5`, `128Mi`, `1e3`, `2G`) as plain numbers in base units
 * (cores for CPU, bytes for memory and storage). The API server has already validated them; a value
 * that still does not parse is reported by the caller with the field it came from.
 */
const SUFFIX: Record<string, number> = {
  '': 1,
  n: 1e-9,
  u: 1e-6,
  m: 1e-3,
  k: 1e3,
  M: 1e6,
  G: 1e9,
  T: 1e12,
  P: 1e15,
  E: 1e18,
  Ki: 2 ** 10,
  Mi: 2 ** 20,
  Gi: 2 ** 30,
  Ti: 2 ** 40,
  Pi: 2 ** 50,
  Ei: 2 ** 60,
};

const QUANTITY = /^([+-]?(?:\d+\.?\d*|\.\d+))(?:([eE][+-]?\d+)|(n|u|m|k|M|G|T|P|E|Ki|Mi|Gi|Ti|Pi|Ei))?$/;

/** The quantity in base units, or undefined when it is not a Kubernetes quantity. */
export function parseQuantity(text: string | number): number | undefined {
  if (typeof text === 'number') return Number.isFinite(text) ? text : undefined;
  const m = QUANTITY.exec(text.trim());
  if (!m) return undefined;
  const base = Number(m[1]);
  if (m[2]) return base * 10 ** Number(m[2].slice(1));
  return base * SUFFIX[m[3] ?? ''];
}

export const GiB = 2 ** 30;

/** Rounds away float noise (0.1 + 0.2) without hiding real precision: ECI takes at most 3 decimals. */
export function round3(x: number): number {
  return Math.round(x * 1000) / 1000;
}

/** Ceil to 3 decimals, so a rounded resource is never smaller than what was asked for. */
export function ceil3(x: number): number {
  return Math.ceil(round3(x * 1000)) / 1000;
}
