import { parseBenchFlags } from '../../../bench/flags.js';

describe('bench flags', () => {
  it('defaults to 1000 pods, unlimited rate, .cluster/bench, both runs', () => {
    expect(parseBenchFlags([])).toEqual({
      scenario: 'single',
      eci: 'inline',
      zones: 3,
      nodesPerZone: 1,
      replicas: 2,
      pods: 1000,
      concurrency: 32,
      warmup: 1000,
      agentWarmup: 0,
      dir: '.cluster/bench',
      skipKwok: false,
      skipAdmission: false,
      cycles: 0,
      runs: 1,
      cpuProf: false,
      heapSnapshot: false,
      allocProfile: false,
      nodeFlags: [],
      help: false,
    });
  });

  it('adds Node or V8 flags for the controller with --node-flags, and names one that is not a flag', () => {
    expect(
      parseBenchFlags(['--node-flags', '--heap-growing-percent=20 --max-semi-space-size=2']).nodeFlags,
    ).toEqual(['--heap-growing-percent=20', '--max-semi-space-size=2']);
    expect(parseBenchFlags(['--node-flags=--optimize-for-size']).nodeFlags).toEqual(['--optimize-for-size']);
    expect(() => parseBenchFlags(['--node-flags', 'heap-growing-percent=20'])).toThrow(
      '--node-flags is "heap-growing-percent=20": give Node or V8 flags, each starting with --, e.g. --node-flags "--heap-growing-percent=20"',
    );
    expect(() => parseBenchFlags(['--node-flags'])).toThrow(/--node-flags is "": give Node or V8 flags/);
  });

  it('repeats the single comparison with --runs, and refuses it where it would mean nothing', () => {
    expect(parseBenchFlags(['--runs', '5', '--pods', '1000']).runs).toBe(5);
    expect(() => parseBenchFlags(['--runs', '0'])).toThrow('--runs is "0": use a whole number from 1 to 20');
    expect(() => parseBenchFlags(['--runs', '3', '--scenario', 'zones'])).toThrow(
      '--runs 3 repeats the single scenario only: drop --runs for --scenario zones',
    );
    expect(() => parseBenchFlags(['--runs=2', '--cycles', '3', '--heap-snapshot'])).toThrow(
      '--runs 2 cannot be combined with --cycles, --heap-snapshot, which look into one run: drop one of them',
    );
    expect(parseBenchFlags(['--runs', '1', '--cpu-prof']).cpuProf).toBe(true);
    expect(parseBenchFlags(['--agent-warmup', '2000']).agentWarmup).toBe(2000);
    expect(() => parseBenchFlags(['--agent-warmup=-1'])).toThrow(
      '--agent-warmup is "-1": use a whole number from 0 to 100000',
    );
  });

  it('reads the scenario and its sizes, and names a bad one', () => {
    expect(
      parseBenchFlags(['--scenario', 'zones', '--pods', '30000', '--zones', '3', '--replicas=2']),
    ).toMatchObject({
      scenario: 'zones',
      pods: 30000,
      zones: 3,
      replicas: 2,
    });
    expect(parseBenchFlags(['--scenario=throttled']).scenario).toBe('throttled');
    expect(() => parseBenchFlags(['--scenario', 'fast'])).toThrow(
      '--scenario is "fast": use one of single, zones, throttled, write-cost',
    );
    expect(() => parseBenchFlags(['--replicas', '0'])).toThrow('--replicas is "0"');
    expect(parseBenchFlags(['--nodes-per-zone', '2']).nodesPerZone).toBe(2);
    expect(() => parseBenchFlags(['--nodes-per-zone=0'])).toThrow(
      '--nodes-per-zone is "0": use a whole number from 1 to 20',
    );
  });

  it('places ECI inline or remote, and names a bad place', () => {
    expect(parseBenchFlags(['--eci', 'remote']).eci).toBe('remote');
    expect(() => parseBenchFlags(['--eci=cloud'])).toThrow('--eci is "cloud": use one of inline, remote');
  });

  it('reads values after the flag or after "="', () => {
    const f = parseBenchFlags([
      '--pods',
      '200',
      '--rate=100',
      '--dir',
      '/tmp/b',
      '--skip-kwok',
      '--cycles',
      '3',
      '--cpu-prof',
      '--heap-snapshot',
      '--alloc-profile',
    ]);
    expect(f).toMatchObject({
      pods: 200,
      rate: 100,
      dir: '/tmp/b',
      skipKwok: true,
      cycles: 3,
      cpuProf: true,
      heapSnapshot: true,
      allocProfile: true,
    });
    expect(parseBenchFlags(['--rate', '2.5']).rate).toBe(2.5);
    expect(parseBenchFlags(['--help']).help).toBe(true);
  });

  it('names the flag, the bad value and the range', () => {
    expect(() => parseBenchFlags(['--pods', '0'])).toThrow(
      '--pods is "0": use a whole number from 1 to 100000',
    );
    expect(() => parseBenchFlags(['--pods', '1.5'])).toThrow(/--pods is "1.5"/);
    expect(() => parseBenchFlags(['--pods'])).toThrow(/--pods is ""/);
    expect(() => parseBenchFlags(['--rate', 'fast'])).toThrow(/--rate is "fast": use a number/);
    expect(() => parseBenchFlags(['--dir'])).toThrow(/--dir needs a directory/);
    expect(() => parseBenchFlags(['--pod', '5'])).toThrow(/unknown flag "--pod"/);
  });
});
