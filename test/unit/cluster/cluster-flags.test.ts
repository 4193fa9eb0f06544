import { parseClusterFlags } from '../../cluster/commands/cluster.js';

describe('cluster flags', () => {
  it('--knative asks for Knative Serving too; it is off unless given', () => {
    expect(parseClusterFlags(['--dir', 'x', '--knative'])).toEqual({
      dir: 'x',
      controlPlaneOnly: false,
      knative: true,
    });
    expect(parseClusterFlags([]).knative).toBe(false);
  });

  it('an unknown flag is named', () => {
    expect(() => parseClusterFlags(['--kantive'])).toThrow(/unknown flag --kantive/);
  });
});
