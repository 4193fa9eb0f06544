import { parseWebhookFlags, WebhookFlagError } from '../../../src/webhook/flags.js';

describe('parseWebhookFlags', () => {
  it('has in-cluster defaults', () => {
    expect(parseWebhookFlags([])).toEqual({
      listen: { host: '0.0.0.0', port: 9443 },
      kubeconfig: undefined,
      url: undefined,
      certDir: undefined,
      service: { name: 'ack-virtual-node-webhook', namespace: 'kube-system', port: 443 },
      help: false,
    });
  });

  it('reads --flag value and --flag=value, and adds /mutate to a URL without a path', () => {
    const flags = parseWebhookFlags([
      '--listen=127.0.0.1:0',
      '--kubeconfig',
      '/tmp/kc',
      '--url',
      'https://127.0.0.1:9443',
      '--cert-dir=/tmp/certs',
      '--service-name',
      'eci-profile',
      '--service-namespace=vk',
      '--service-port=8443',
    ]);
    expect(flags).toEqual({
      listen: { host: '127.0.0.1', port: 0 },
      kubeconfig: '/tmp/kc',
      url: 'https://127.0.0.1:9443/mutate',
      certDir: '/tmp/certs',
      service: { name: 'eci-profile', namespace: 'vk', port: 8443 },
      help: false,
    });
    expect(parseWebhookFlags(['--url=https://vk.local:8443/custom']).url).toBe(
      'https://vk.local:8443/custom',
    );
    expect(parseWebhookFlags(['--listen', '[::1]:9443']).listen).toEqual({ host: '::1', port: 9443 });
  });

  it('recognises --help and -h', () => {
    expect(parseWebhookFlags(['--help']).help).toBe(true);
    expect(parseWebhookFlags(['-h']).help).toBe(true);
  });

  it.each([
    [['--listen', '9443'], /--listen: "9443" is not IP:PORT: use e.g. 0.0.0.0:9443/],
    [['--listen', 'localhost:9443'], /is not IP:PORT/],
    [['--listen', '127.0.0.1:70000'], /--listen: "70000" is not a port/],
    [['--url', 'http://127.0.0.1:9443'], /--url: "http:\/\/127.0.0.1:9443" is not https/],
    [['--url', 'not a url'], /--url: "not a url" is not a URL/],
    [['--url', 'https://127.0.0.1:9443/mutate?x=1'], /query, fragment or user/],
    [['--service-name', 'Bad_Name'], /--service-name: "Bad_Name" is not a valid name/],
    [['--service-port', '0'], /--service-port: "0" is not a port: use a number from 1 to 65535/],
    [['--kubeconfig'], /--kubeconfig needs a value/],
    [['--cert-dir', '--url=https://x'], /--cert-dir needs a value/],
    [['--verbose'], /unknown flag "--verbose": the flags are --listen, .*--help/],
  ])('rejects %j with the fix', (argv, message) => {
    expect(() => parseWebhookFlags(argv)).toThrow(WebhookFlagError);
    expect(() => parseWebhookFlags(argv)).toThrow(message);
  });
});
