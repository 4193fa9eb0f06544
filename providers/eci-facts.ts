import type { ContainerGroupStatusName } from './eci.js';

/**
 * Facts of the ECI service that both the controller (translation, status mapping) and the simulator
 * (validation, status records) rely on: one table, so the two can never disagree.
 */

/** Supported vCPU → memory (GiB) pairs in every region (reference §6). */
export const SUPPORTED_SPECS: ReadonlyMap<number, readonly number[]> = new Map([
  [0.25, [0.5, 1]],
  [0.5, [1, 2]],
  [1, [2, 4, 8]],
  [2, [1, 2, 4, 8, 16]],
  [4, [2, 4, 8, 16, 32]],
  [8, [4, 8, 16, 32, 64]],
  [12, [12, 24, 48, 96]],
  [16, [16, 32, 64, 128]],
  [24, [24, 48, 96, 192]],
  [32, [32, 64, 128, 256]],
  [52, [96, 192, 384]],
  [64, [128, 256, 512]],
]);

/** Container group status → pod phase (reference §4): the group status decides the phase. */
export const POD_PHASE: Record<ContainerGroupStatusName, 'Pending' | 'Running' | 'Succeeded' | 'Failed'> = {
  Scheduling: 'Pending',
  ScheduleFailed: 'Failed',
  Pending: 'Pending',
  Running: 'Running',
  Restarting: 'Pending',
  Updating: 'Pending',
  Terminating: 'Running',
  Succeeded: 'Succeeded',
  Failed: 'Failed',
  Expired: 'Failed',
};
