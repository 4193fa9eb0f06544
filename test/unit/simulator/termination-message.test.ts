import type { Container } from '../../../providers/eci-api/index.js';
import { groupOf, makeSimulator, request, shell } from './helpers.js';

/** The app container's state once its one run (RestartPolicy Never) has ended. */
async function ended(app: Container) {
  const { sim, clock } = makeSimulator();
  const { ContainerGroupId: id } = await sim.createContainerGroup(
    request({ RestartPolicy: 'Never', Container: [app] }),
  );
  clock.advance(60_000);
  const g = await groupOf(sim, id);
  return g.Containers[0].CurrentState;
}

describe('termination messages, as the kubelet reads them', () => {
  it('reports what the container wrote to /dev/termination-log, also after a sleep', async () => {
    expect(await ended(shell('sleep 2; echo "42 records migrated" > /dev/termination-log'))).toMatchObject({
      State: 'Terminated',
      ExitCode: 0,
      Message: '42 records migrated\n',
    });
  });

  it('reads the TerminationMessagePath the pod names', async () => {
    const app = shell('echo "lock held by job 7" > /tmp/why; exit 4', { TerminationMessagePath: '/tmp/why' });
    expect(await ended(app)).toMatchObject({ ExitCode: 4, Message: 'lock held by job 7\n' });
  });

  it('with FallbackToLogsOnError, gives the end of the log of a failed container whose file is empty', async () => {
    const script =
      'for i in $(seq 1 100); do echo "line $i"; done; echo "boom: missing DATABASE_URL" >&2; exit 2';
    const state = await ended(shell(script, { TerminationMessagePolicy: 'FallbackToLogsOnError' }));
    const lines = (state.Message ?? '').trimEnd().split('\n');
    // The kubelet's last 80 lines.
    expect([lines.length, lines[0], lines.at(-1)]).toEqual([80, 'line 22', 'boom: missing DATABASE_URL']);
    // Not for a success, nor without the policy.
    const fine = shell('echo all good', { TerminationMessagePolicy: 'FallbackToLogsOnError' });
    expect((await ended(fine)).Message).toBeUndefined();
    expect((await ended(shell('echo failing; exit 1'))).Message).toBeUndefined();
  });
});
