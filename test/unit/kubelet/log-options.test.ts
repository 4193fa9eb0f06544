import { HttpError } from '../../../src/kubelet/http-error.js';
import { parsePodLogOptions, toLogQuery } from '../../../src/kubelet/log-options.js';

const parse = (query: string) => parsePodLogOptions(new URLSearchParams(query));

function rejection(query: string): HttpError {
  try {
    parse(query);
  } catch (err) {
    if (err instanceof HttpError) return err;
    throw err;
  }
  throw new Error(`expected ${query} to be rejected`);
}

describe('parsePodLogOptions', () => {
  it('decodes every option kubectl logs sends', () => {
    expect(
      parse('follow=true&tailLines=20&limitBytes=500&timestamps=true&previous=true&sinceSeconds=60'),
    ).toEqual({
      follow: true,
      previous: true,
      timestamps: true,
      tailLines: 20,
      limitBytes: 500,
      sinceSeconds: 60,
      sinceTime: undefined,
    });
    expect(parse('sinceTime=2024-05-01T10:00:00Z').sinceTime).toBe('2024-05-01T10:00:00Z');
    expect(parse('sinceTime=2024-05-01T10:00:00.123456789%2B08:00').sinceTime).toBe(
      '2024-05-01T10:00:00.123456789+08:00',
    );
  });

  it('reads booleans like the API machinery: absent, 0 or false is false, anything else true', () => {
    expect(parse('').follow).toBe(false);
    expect(parse('follow=false').follow).toBe(false);
    expect(parse('follow=FALSE').follow).toBe(false);
    expect(parse('follow=0').follow).toBe(false);
    expect(parse('follow=1').follow).toBe(true);
    expect(parse('follow=').follow).toBe(true);
  });

  it('honours the legacy tail parameter, tail=all meaning no limit', () => {
    expect(parse('tail=7').tailLines).toBe(7);
    expect(parse('tail=all&tailLines=3').tailLines).toBeUndefined();
  });

  it.each([
    ['tailLines=-1', /^tailLines: Invalid value: -1: must be greater than or equal to 0$/],
    ['tailLines=abc', /^tailLines: Invalid value: "abc": must be an integer$/],
    ['limitBytes=0', /^limitBytes: Invalid value: 0: must be greater than 0$/],
    ['sinceSeconds=abc', /^sinceSeconds: Invalid value: "abc": must be an integer$/],
    ['sinceSeconds=0', /^sinceSeconds: Invalid value: 0: must be greater than 0$/],
    ['sinceSeconds=1.5', /sinceSeconds: Invalid value: "1.5"/],
    [
      'sinceSeconds=99999999999999999999',
      /sinceSeconds: Invalid value: "99999999999999999999": is out of range/,
    ],
    ['sinceTime=yesterday', /^sinceTime: Invalid value: "yesterday": must be an RFC 3339 time/],
    ['sinceTime=2024-13-45T99:00:00Z', /sinceTime: Invalid value: "2024-13-45T99:00:00Z"/],
    [
      'sinceSeconds=10&sinceTime=2024-05-01T10:00:00Z',
      /at most one of `sinceTime` or `sinceSeconds`.*sinceSeconds=10/,
    ],
    ['stream=Stdout', /^stream: Unsupported value: "Stdout"/],
  ])('%s → 400 naming the parameter and value', (query, message) => {
    const err = rejection(query);
    expect(err.status).toBe(400);
    expect(err.message).toMatch(message);
  });
});

describe('toLogQuery', () => {
  it('maps the options to DescribeContainerLog', () => {
    const opts = parse('tailLines=20&limitBytes=500&timestamps=true&previous=true&sinceSeconds=60');
    expect(toLogQuery('eci-1', 'app', opts)).toEqual({
      ContainerGroupId: 'eci-1',
      ContainerName: 'app',
      Tail: 20,
      LimitBytes: 500,
      Timestamps: true,
      LastTime: true,
      SinceSeconds: 60,
    });
    expect(toLogQuery('eci-1', 'app', parse('sinceTime=2024-05-01T10:00:00Z')).StartTime).toBe(
      '2024-05-01T10:00:00Z',
    );
  });

  it('stays within ECI limits: at most 2000 lines (also when no tail is asked) and 1 MiB', () => {
    expect(toLogQuery('eci-1', 'app', parse('')).Tail).toBe(2000);
    expect(toLogQuery('eci-1', 'app', parse('tailLines=5000')).Tail).toBe(2000);
    expect(toLogQuery('eci-1', 'app', parse('limitBytes=5000000')).LimitBytes).toBe(1024 * 1024);
  });
});
