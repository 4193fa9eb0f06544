/**
 * Orders strings by their UTF-16 code units, as `<` does: the same order on every machine and in
 * every locale, and unlike `localeCompare` it never pages in ICU's collation data.
 */
export function compareCodeUnits(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
