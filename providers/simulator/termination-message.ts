import type { SimContainer } from './model.js';
import { lastFiles } from './process.js';

/** The kubelet's bounds (pkg/kubelet/container): the file's first 4 KiB; the log's last 80 lines, 2 KiB. */
const MAX_FILE_BYTES = 4096;
const MAX_LOG_LINES = 80;
const MAX_LOG_BYTES = 2048;

/**
 * What an ended container reports as its termination message, as the kubelet reads it: the file at
 * its TerminationMessagePath (/dev/termination-log by default); with FallbackToLogsOnError, when that
 * is empty and the container failed, the end of its log.
 */
export function terminationMessage(c: SimContainer, code: number, now: number): string | undefined {
  const file = lastFiles(c)?.read(c.spec.TerminationMessagePath || '/dev/termination-log');
  if (file?.length) return file.subarray(0, MAX_FILE_BYTES).toString('utf8');
  if (c.spec.TerminationMessagePolicy !== 'FallbackToLogsOnError' || code === 0) return undefined;
  const lines = c.log.lines.filter((l) => l.t <= now).slice(-MAX_LOG_LINES);
  if (lines.length === 0) return undefined;
  const text = Buffer.from(lines.map((l) => `${l.text}\n`).join(''));
  return text.subarray(Math.max(0, text.length - MAX_LOG_BYTES)).toString('utf8');
}
