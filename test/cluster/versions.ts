/** The Kubernetes release the local control plane runs; etcd is the version its go.mod pins. */
export const KUBERNETES_VERSION = 'v1.35.4';
export const ETCD_VERSION = 'v3.6.5';
/** The go directive of the kubernetes go.mod: older Go toolchains cannot build it. */
export const MIN_GO_VERSION = '1.25';

export const KUBERNETES_MODULE = 'k8s.io/kubernetes';
export const ETCD_MODULE = 'go.etcd.io/etcd/server/v3';

/**
 * Exactly the flags of the recipe proven by hand: the Go build cache keys on them, so any other
 * spelling rebuilds everything (minutes on 2 cores) instead of hitting the warm cache.
 */
export function kubernetesLdflags(version: string): string {
  const [major, minor] = version.replace(/^v/, '').split('.');
  return [
    '-s -w',
    `-X k8s.io/component-base/version.gitVersion=${version}`,
    `-X k8s.io/component-base/version.gitMajor=${major}`,
    `-X k8s.io/component-base/version.gitMinor=${minor}`,
    `-X k8s.io/client-go/pkg/version.gitVersion=${version}`,
    '-X k8s.io/component-base/version.gitTreeState=clean',
    '-X k8s.io/component-base/version.buildDate=2026-01-01T00:00:00Z',
  ].join(' ');
}
