import { BackendError } from '../backend.js';
import { execCommandProblem } from '../eci-api/index.js';

/** Refuses a value outside an enumeration, naming the parameter, the value and what it takes. */
export function oneOf(parameter: string, value: string | undefined, allowed: readonly string[]): void {
  if (value !== undefined && !allowed.includes(value))
    throw invalidParameter(parameter, `"${value}" is not one of ${allowed.join(', ')}.`);
}

/** A bad value: names the parameter, the value and what to do instead. */
export function invalidParameter(
  parameter: string,
  problem: string,
  code = 'InvalidParameter',
): BackendError {
  return new BackendError('InvalidParameter', code, `${parameter}: ${problem}`);
}

export function missingParameter(parameter: string): BackendError {
  return new BackendError(
    'InvalidParameter',
    'MissingParameter',
    `The input parameter "${parameter}" that is mandatory for processing this request is not supplied: set ${parameter}.`,
  );
}

export function groupNotFound(id: string): BackendError {
  return new BackendError(
    'NotFound',
    'InvalidParameter.NotFound',
    `ContainerGroupId "${id}" does not exist (never created, deleted, or past the 1 h retention of terminal groups).`,
  );
}

export function incorrectStatus(id: string, status: string, allowed: string): BackendError {
  return new BackendError(
    'InvalidParameter',
    'IncorrectStatus',
    `Container group ${id} is ${status}; this operation needs it to be ${allowed}.`,
  );
}

/** ExecContainerCommand's Command: not empty, and within ECI's limits (20 items of at most 256 characters). */
export function checkExecCommand(command: readonly string[] | undefined): void {
  if (!command?.length)
    throw invalidParameter('Command', 'is empty: give the command as a list, e.g. ["sh", "-c", "env"].');
  const problem = execCommandProblem(command);
  if (problem !== undefined) throw invalidParameter('Command', `${problem}.`);
}
