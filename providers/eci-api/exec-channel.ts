import type { ExecExit } from '../backend.js';

/**
 * The messages on ExecContainerCommand's WebSocketUri. ECI's documentation gives the URL
 * (`wss://eci-<region>.aliyun.com/exec/?s=<token>`, valid 30 s) but not its framing; the ECI
 * console's terminal is a Kubernetes-style exec, so this mirrors the Kubernetes channel protocol
 * `v5.channel.k8s.io` (the one kubectl speaks to the API server): binary messages whose first byte
 * is the channel, 0 stdin, 1 stdout, 2 stderr, 3 the exit status (a Kubernetes Status JSON),
 * 4 a terminal resize (`{"Width":80,"Height":24}`), and 255 + channel to close a channel
 * (stdin EOF). The simulator serves exactly this.
 */
export const EXEC_SUBPROTOCOL = 'v5.channel.k8s.io';

export const Channel = { Stdin: 0, Stdout: 1, Stderr: 2, Error: 3, Resize: 4, Close: 255 } as const;
type Ch = typeof Channel;

export type ExecMessage =
  | { channel: Ch['Stdin'] | Ch['Stdout'] | Ch['Stderr']; data: Buffer }
  | { channel: Ch['Error']; exit: ExecExit }
  | { channel: Ch['Resize']; size: { Width: number; Height: number } }
  | { channel: Ch['Close']; closed: number };

export function encodeMessage(m: ExecMessage): Buffer {
  switch (m.channel) {
    case Channel.Error:
      return Buffer.concat([Buffer.from([m.channel]), Buffer.from(JSON.stringify(exitStatus(m.exit)))]);
    case Channel.Resize:
      return Buffer.concat([Buffer.from([m.channel]), Buffer.from(JSON.stringify(m.size))]);
    case Channel.Close:
      return Buffer.from([m.channel, m.closed]);
    default:
      return Buffer.concat([Buffer.from([m.channel]), m.data]);
  }
}

/** Undefined for an empty or unknown message (ignored, as the Kubernetes side does). */
export function decodeMessage(raw: Buffer): ExecMessage | undefined {
  if (raw.length === 0) return undefined;
  const channel = raw[0];
  const body = raw.subarray(1);
  switch (channel) {
    case Channel.Stdin:
    case Channel.Stdout:
    case Channel.Stderr:
      return { channel, data: body };
    case Channel.Error:
      return { channel, exit: statusExit(body.toString('utf8')) };
    case Channel.Resize: {
      const size = parseJson(body.toString('utf8')) as { Width?: unknown; Height?: unknown } | undefined;
      const width = Number(size?.Width);
      const height = Number(size?.Height);
      return Number.isFinite(width) && Number.isFinite(height)
        ? { channel, size: { Width: width, Height: height } }
        : undefined;
    }
    case Channel.Close:
      return body.length > 0 ? { channel, closed: body[0] } : undefined;
    default:
      return undefined;
  }
}

/** The Status a kubelet writes on its v4 error stream; the exit code rides in a cause. */
export interface ExitStatus {
  status: 'Success' | 'Failure';
  message?: string;
  reason?: string;
  details?: { causes: { reason: string; message: string }[] };
}

export function exitStatus(exit: ExecExit): ExitStatus {
  if ('error' in exit) return { status: 'Failure', message: exit.error };
  if (exit.code === 0) return { status: 'Success' };
  return {
    status: 'Failure',
    message: `command terminated with non-zero exit code: exit status ${exit.code}`,
    reason: 'NonZeroExitCode',
    details: { causes: [{ reason: 'ExitCode', message: String(exit.code) }] },
  };
}

export function statusExit(json: string): ExecExit {
  const s = parseJson(json) as Partial<ExitStatus> | undefined;
  if (s?.status === 'Success') return { code: 0 };
  const code = s?.details?.causes?.find((c) => c.reason === 'ExitCode')?.message;
  if (s?.reason === 'NonZeroExitCode' && code !== undefined && /^\d+$/.test(code))
    return { code: Number(code) };
  return { error: s?.message ?? `the exec session ended with an unreadable status: ${json.slice(0, 200)}` };
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return undefined;
  }
}
