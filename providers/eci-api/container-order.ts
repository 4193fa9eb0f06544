import type { Container } from './wire.js';

/**
 * The environment variables by which ECI orders a group's containers and ends its sidecars: ECI's
 * "Configure container startup and exit order" and "Forcibly terminate the sidecar container and
 * ignore the container exit code" pages. Priorities run from -1000 to 1000, 0 when unset; a larger
 * launch priority starts first (and, with a readiness probe, holds the lower ones until Ready); a
 * larger exit priority stops first.
 */
export const CONTAINER_ORDER_ENV = {
  launchPriority: 'ECI_CONTAINER_LAUNCH_PRIORITY',
  exitPriority: 'ECI_CONTAINER_EXIT_PRIORITY',
  /** `sidecar`: stopped by ECI once the other containers have exited for good. */
  type: 'ECI_CONTAINER_TYPE',
  /** `true`: a non-zero exit counts as a success, the real code going into the state's Message. */
  ignoreExitCode: 'ECI_CONTAINER_IGNORE_EXIT_CODE',
} as const;

export const PRIORITY_RANGE = { min: -1000, max: 1000 } as const;

export const SIDECAR_TYPE = 'sidecar';

function envValue(c: Container, key: string): string | undefined {
  return c.EnvironmentVar?.find((e) => e.Key === key)?.Value;
}

/** The container's launch or exit priority: 0 when unset or not an integer in range. */
export function containerPriority(c: Container, kind: 'launchPriority' | 'exitPriority'): number {
  const raw = envValue(c, CONTAINER_ORDER_ENV[kind])?.trim();
  if (raw === undefined || !/^-?\d+$/.test(raw)) return 0;
  const n = Number(raw);
  return n >= PRIORITY_RANGE.min && n <= PRIORITY_RANGE.max ? n : 0;
}

export function isSidecarContainer(c: Container): boolean {
  return envValue(c, CONTAINER_ORDER_ENV.type) === SIDECAR_TYPE;
}

export function ignoresExitCode(c: Container): boolean {
  return envValue(c, CONTAINER_ORDER_ENV.ignoreExitCode) === 'true';
}
