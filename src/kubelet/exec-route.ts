import type { Request, RequestHandler } from 'express';
import type { Backend } from '../../providers/backend.js';
import { execCommandProblem } from '../../providers/eci-api/index.js';
import { containerSpecExists, logContainerGroupId } from './container-status.js';
import { backendHttpError, HttpError } from './http-error.js';
import { validateContainerRef } from './names.js';
import type { PodDirectory } from './types.js';

function runCommand(req: Request): string[] {
  const cmd = new URL(req.originalUrl, 'https://kubelet.invalid').searchParams.get('cmd') ?? '';
  // The kubelet splits `cmd` on single spaces (legacy /run semantics): no quoting.
  const argv = cmd.split(' ').filter((a) => a !== '');
  if (argv.length === 0) {
    throw new HttpError(
      400,
      'cmd: Required value: the command to run, space-separated, e.g. ?cmd=cat%20/etc/hostname',
    );
  }
  return argv;
}

/**
 * Why ECI would refuse to run this command (ExecContainerCommand takes at most 20 items of at
 * most 256 characters), with what to do instead; undefined when it can run. `pod` is `ns/name`.
 */
export function commandRefusal(
  command: readonly string[],
  pod: string,
  container: string,
): string | undefined {
  const problem = execCommandProblem(command);
  if (problem === undefined) return undefined;
  const [namespace, name] = pod.split('/');
  return (
    `the command ${problem}: ECI cannot run it. Copy a long script into the container and run the ` +
    `file instead: kubectl cp script.sh ${namespace}/${name}:/tmp/script.sh -c ${container}, then ` +
    `kubectl exec -n ${namespace} ${name} -c ${container} -- sh /tmp/script.sh`
  );
}

/** The container a /run, /exec or /attach path names, and its container group, as the kubelet checks them. */
export function execTarget(
  req: Request,
  pods: PodDirectory,
): { containerGroupId: string; container: string; pod: string } {
  const params = req.params as Record<string, string | undefined>;
  const ref = validateContainerRef({
    namespace: params.namespace ?? '',
    pod: params.pod ?? '',
    container: params.container ?? '',
  });
  const container = ref.container as string;
  const entry = pods.lookup(ref.namespace, ref.pod);
  if (entry === undefined) throw new HttpError(404, 'pod does not exist');
  // The API server names the pod's UID: a pod recreated under the same name is another pod.
  if (params.uid !== undefined && params.uid !== entry.pod.metadata?.uid)
    throw new HttpError(404, 'pod not found');
  if (!containerSpecExists(entry.pod, container)) {
    throw new HttpError(
      404,
      `container ${JSON.stringify(container)} not found in pod ${JSON.stringify(ref.pod)}`,
    );
  }
  return {
    containerGroupId: logContainerGroupId(entry, container, false),
    container,
    pod: `${ref.namespace}/${ref.pod}`,
  };
}

/**
 * POST /run/{namespace}/{pod}[/{uid}]/{container}?cmd=...: runs a command to completion with
 * ExecContainerCommand (Sync) and answers its output, like the kubelet's /run.
 */
export function runHandler(backend: Backend, pods: PodDirectory): RequestHandler {
  return async (req, res) => {
    const { containerGroupId, container, pod } = execTarget(req, pods);
    const command = runCommand(req);
    const refusal = commandRefusal(command, pod, container);
    if (refusal !== undefined) throw new HttpError(400, refusal);
    let output: string;
    try {
      output = await backend.execContainerCommand({
        ContainerGroupId: containerGroupId,
        ContainerName: container,
        Command: command,
      });
    } catch (err) {
      throw backendHttpError(
        err,
        `running ${JSON.stringify(command)} in container "${container}" of pod "${pod}"`,
      );
    }
    res.status(200).type('text/plain; charset=utf-8').send(output);
  };
}
