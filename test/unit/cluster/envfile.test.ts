import { spawnSync } from 'node:child_process';
import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { envFileVars } from '../../cluster/cluster.js';
import { appSpecs } from '../../cluster/components.js';
import { renderEnvFile, shellQuote } from '../../cluster/envfile.js';
import { sampleInfo, tempDir } from './helpers.js';

function sourceAndPrint(file: string, names: string[]): string[] {
  const script = `. ${shellQuote(file)}; ${names.map((n) => `printf '%s\\n' "$${n}"`).join('; ')}`;
  const res = spawnSync('sh', ['-c', script], { encoding: 'utf8', env: {} });
  expect(res.status).toBe(0);
  return res.stdout.split('\n').slice(0, names.length);
}

describe('DIR/env', () => {
  it('exports what a shell needs to reach the cluster and the simulator', () => {
    const info = sampleInfo('/tmp/dev');
    info.eciEndpoint = 'http://127.0.0.1:40001';
    for (const spec of appSpecs(
      info,
      { simulator: 40001, webhook: 40002, kubelet: 40003, metrics: 40004, coredns: 40005 },
      '/x/cli.js',
      { address: '198.18.0.1', cert: '/x/k.crt', key: '/x/k.key' },
    )) {
      info.components[spec.name as 'controller'] = spec;
    }
    expect(renderEnvFile(envFileVars(info, true))).toBe(
      [
        '# Written by `cluster up` (node dist/test/cluster/cli.js): source this file to use the local cluster.',
        "export KUBECONFIG='/tmp/dev/kubeconfig'",
        "export VIRTUAL_NODE='virtual-kubelet-cn-hangzhou-b'",
        "export ECI_ENDPOINT='http://127.0.0.1:40001'",
        "export ECI_REGION='cn-hangzhou'",
        "export ALIBABA_CLOUD_ACCESS_KEY_ID='testAccessKeyId'",
        "export ALIBABA_CLOUD_ACCESS_KEY_SECRET='testAccessKeySecret'",
        '',
      ].join('\n'),
    );
    expect(renderEnvFile(envFileVars(info, false))).toMatch(
      /^export KUBECONFIG='\/tmp\/dev\/kubeconfig'\n$/m,
    );
    expect(renderEnvFile(envFileVars(info, false))).not.toMatch(/ECI_ENDPOINT/);
  });

  it('survives `source` in a real shell whatever the value holds', async () => {
    const file = path.join(await tempDir('envfile'), 'env');
    const tricky = `it's a "$HOME" \`x\` $(y) \\ end`;
    await writeFile(file, renderEnvFile({ A: tricky, B: '/plain/path', SKIPPED: undefined }));
    expect(sourceAndPrint(file, ['A', 'B', 'SKIPPED'])).toEqual([tricky, '/plain/path', '']);
  });

  it('refuses a name that is not a shell variable', () => {
    expect(() => renderEnvFile({ 'BAD-NAME': 'x' })).toThrow('"BAD-NAME" is not a shell variable name');
  });
});
