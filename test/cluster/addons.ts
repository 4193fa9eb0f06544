import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { componentKubeconfigPath } from './components.js';
import type { ClusterPki } from './certs.js';
import type { GoTool } from './gotool.js';
import type { LaunchSpec } from './process.js';
import type { ClusterInfo } from './state.js';

/** metrics-server, for `kubectl top`: a published release (v0.9.0 is served by the proxy but not released). */
export const METRICS_SERVER: GoTool = {
  name: 'metrics-server',
  module: 'sigs.k8s.io/metrics-server',
  version: 'v0.8.0',
  installPackage: 'sigs.k8s.io/metrics-server/cmd/metrics-server',
  ldflags: '-s -w -X sigs.k8s.io/metrics-server/pkg/version.gitVersion=v0.8.0',
};

/**
 * CoreDNS v1.14.7 (a published release; its client-go v0.35.4 is the control plane's, so on a Go
 * build cache warm from the control plane most of it is already compiled), with only the plugins
 * the cluster DNS uses: the full binary links every cloud DNS provider's SDK.
 */
export const COREDNS: GoTool = {
  name: 'coredns',
  module: 'github.com/coredns/coredns',
  version: 'v1.14.7',
  wrapperMain: `// Command coredns is CoreDNS with only the plugins the local cluster's DNS uses.
package main

import (
	"github.com/coredns/coredns/core/dnsserver"
	"github.com/coredns/coredns/coremain"

	_ "github.com/coredns/coredns/plugin/bind"
	_ "github.com/coredns/coredns/plugin/cache"
	_ "github.com/coredns/coredns/plugin/errors"
	_ "github.com/coredns/coredns/plugin/kubernetes"
	_ "github.com/coredns/coredns/plugin/ready"
)

func init() {
	// The order plugins see a query in: a subsequence of CoreDNS's own plugin.cfg.
	dnsserver.Directives = []string{"bind", "ready", "errors", "cache", "kubernetes"}
}

func main() { coremain.Run() }
`,
};

/** kube-dns's ClusterIP, the tenth address of the service range as kubeadm gives it. */
export const CLUSTER_DNS_IP = '10.0.0.10';
export const CLUSTER_DOMAIN = 'cluster.local';

export interface AddonPorts {
  metricsServer: number;
  coredns: number;
  corednsReady: number;
}

export interface AddonInput {
  info: ClusterInfo;
  pki: ClusterPki;
  nodeAddress: string;
  ports: AddonPorts;
  binaries: { metricsServer: string; coredns: string };
  metricsServerServing: { cert: string; key: string };
}

export function corefilePath(info: ClusterInfo): string {
  return path.join(info.dir, 'coredns', 'Corefile');
}

/** The Corefile: cluster.local answered from the API server, on the node address only. */
export function corefile(input: AddonInput): string {
  const kubeconfig = componentKubeconfigPath(input.pki.dir, 'coredns');
  return [
    `${CLUSTER_DOMAIN}:${input.ports.coredns} in-addr.arpa:${input.ports.coredns} ip6.arpa:${input.ports.coredns} {`,
    `    bind ${input.nodeAddress}`,
    `    ready 127.0.0.1:${input.ports.corednsReady}`,
    '    errors',
    '    cache 30',
    `    kubernetes ${CLUSTER_DOMAIN} in-addr.arpa ip6.arpa {`,
    `        kubeconfig ${kubeconfig}`,
    '        pods insecure',
    '        fallthrough in-addr.arpa ip6.arpa',
    '    }',
    '}',
    '',
  ].join('\n');
}

export async function writeCorefile(input: AddonInput): Promise<void> {
  await mkdir(path.dirname(corefilePath(input.info)), { recursive: true });
  await writeFile(corefilePath(input.info), corefile(input));
}

/** metrics-server and CoreDNS as local processes, serving on the node address like in-cluster pods would. */
export function addonSpecs(input: AddonInput): LaunchSpec[] {
  const { pki, ports, nodeAddress } = input;
  const kubeconfig = componentKubeconfigPath(pki.dir, 'metrics-server');
  return [
    {
      name: 'coredns',
      command: input.binaries.coredns,
      args: ['-conf', corefilePath(input.info)],
    },
    {
      name: 'metrics-server',
      command: input.binaries.metricsServer,
      args: [
        `--kubeconfig=${kubeconfig}`,
        `--secure-port=${ports.metricsServer}`,
        `--bind-address=${nodeAddress}`,
        `--authentication-kubeconfig=${kubeconfig}`,
        `--authorization-kubeconfig=${kubeconfig}`,
        `--tls-cert-file=${input.metricsServerServing.cert}`,
        `--tls-private-key-file=${input.metricsServerServing.key}`,
        '--kubelet-preferred-address-types=InternalIP',
        // The kubelet port is the node's daemonEndpoints port, not 10250.
        '--kubelet-use-node-status-port',
        // The local stack hands the controller a kubelet serving certificate from the cluster CA.
        `--kubelet-certificate-authority=${pki.caCert}`,
        '--metric-resolution=15s',
      ],
    },
  ];
}
