import { HELM_VERSION, helmCacheDir, helmLdflags } from '../../cluster/helm.js';

describe('building helm', () => {
  it('stamps the version and the Kubernetes version client-go targets, as Helm’s Makefile does', () => {
    const flags = helmLdflags('v3.21.4', 'v0.37.0');
    expect(flags).toContain('-X helm.sh/helm/v3/internal/version.version=v3.21.4');
    // Without these, `helm template` assumes Kubernetes 1.20 and fails charts with a kubeVersion.
    expect(flags).toContain('-X helm.sh/helm/v3/pkg/chartutil.k8sVersionMinor=37');
    expect(flags).toContain('-X helm.sh/helm/v3/pkg/lint/rules.k8sVersionMajor=1');
  });

  it('leaves Helm’s own Kubernetes version alone when client-go’s is unknown', () => {
    expect(helmLdflags('v3.21.4', undefined)).not.toContain('k8sVersion');
  });

  it('caches the binary beside the Kubernetes binaries, per version', () => {
    expect(helmCacheDir({ ACK_VN_CACHE_DIR: '/cache' })).toBe(`/cache/helm-${HELM_VERSION}`);
    expect(helmCacheDir({}, '/home/u')).toBe(`/home/u/.cache/ack-virtual-node/helm-${HELM_VERSION}`);
  });
});
