// The shared Clock lives in providers/clock.ts; the simulator keeps its time formatting here.
export { ManualClock, systemClock, type Clock } from '../clock.js';

let lastSecond = NaN;
let lastText = '';

/** RFC 3339 UTC, second precision, as ECI writes times (`2025-01-01T00:00:00Z`). Memoised: most calls share one second. */
export function rfc3339(ms: number): string {
  const second = Math.floor(ms / 1000);
  if (second !== lastSecond) {
    lastSecond = second;
    lastText = new Date(second * 1000).toISOString().replace(/\.\d{3}Z$/, 'Z');
  }
  return lastText;
}
