/**
 * What the controller process loads: the packages its module graph pulls in decide its idle memory.
 * @kubernetes/client-node alone costs ~85 MiB of RSS, the Alibaba Cloud SDK ~38 MiB; the controller
 * must load neither unless its configuration needs them (an exec-plugin kubeconfig, ECI_BACKEND=alibaba).
 */
import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { cliPath } from './lib/cluster.js';

const distSrc = join(cliPath, '..');

/** The npm packages a fresh Node process resolves while importing `modules`. */
function packagesLoadedBy(modules: string[]): string[] {
  const script = `
    import { registerHooks } from 'node:module';
    const seen = new Set();
    registerHooks({
      resolve(specifier, context, next) {
        const resolved = next(specifier, context);
        const m = /node_modules\\/((?:@[^/]+\\/)?[^/]+)/.exec(resolved.url);
        if (m) seen.add(m[1]);
        return resolved;
      },
    });
    for (const m of ${JSON.stringify(modules)}) await import(m);
    process.stdout.write(JSON.stringify([...seen]));`;
  const out = execFileSync(process.execPath, ['--input-type=module', '-e', script], { encoding: 'utf8' });
  return JSON.parse(out) as string[];
}

describe('controller footprint', () => {
  it('runs its Kubernetes calls without loading @kubernetes/client-node or the Alibaba Cloud SDK', () => {
    const loaded = packagesLoadedBy([
      join(distSrc, 'controller/run.js'),
      join(distSrc, 'controller/backend.js'),
      join(distSrc, '../providers/simulator/index.js'),
    ]);
    expect(loaded).toContain('js-yaml'); // the graph was really walked
    expect(loaded.filter((p) => p.startsWith('@kubernetes/') || p.startsWith('@alicloud/'))).toEqual([]);
  });

  it('loads client-node for a kubeconfig that needs it, and the SDK for the alibaba backend', () => {
    const loaded = packagesLoadedBy([
      join(distSrc, 'kube/client-node.js'),
      join(distSrc, '../providers/alibaba/index.js'),
    ]);
    expect(loaded).toEqual(expect.arrayContaining(['@kubernetes/client-node', '@alicloud/eci20180808']));
    // VPC's one action goes through the OpenAPI client the ECI SDK already loads: not its 2.3 MB SDK.
    expect(loaded).not.toContain('@alicloud/vpc20160428');
  });
});
