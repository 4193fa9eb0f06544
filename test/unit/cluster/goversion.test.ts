import { checkGoVersion, parseGoVersion } from '../../cluster/goversion.js';
import { kubernetesLdflags } from '../../cluster/versions.js';

describe('Go version check', () => {
  it('reads `go version` and `go env GOVERSION` output', () => {
    expect(parseGoVersion('go version go1.26.8 linux/amd64')).toEqual([1, 26, 8]);
    expect(parseGoVersion('go1.25')).toEqual([1, 25, 0]);
    expect(parseGoVersion('go version go1.25rc2 linux/arm64')).toEqual([1, 25, 0]);
    expect(parseGoVersion('bash: go: command not found')).toBeUndefined();
  });

  it.each(['go version go1.25.0 linux/amd64', 'go version go1.26.8 linux/amd64', 'go version go2.0.0 x'])(
    'accepts %s for a go.mod needing 1.25.0',
    (out) => expect(() => checkGoVersion(out, '1.25.0')).not.toThrow(),
  );

  it('refuses an older Go, saying which version the Kubernetes go.mod needs', () => {
    expect(() => checkGoVersion('go version go1.24.9 linux/amd64', '1.25.0')).toThrow(
      'Go 1.24.9 is too old to build Kubernetes: its go.mod needs Go 1.25.0 or newer',
    );
    expect(() => checkGoVersion('go version go1.25.0 linux/amd64', '1.25.1')).toThrow(/too old/);
  });

  it('says what to install when the output holds no version', () => {
    expect(() => checkGoVersion('something else', '1.25')).toThrow(/install Go 1.25 or newer/);
  });

  it('stamps the Kubernetes version the way the hand-proven build did (same Go build cache keys)', () => {
    expect(kubernetesLdflags('v1.35.4')).toBe(
      '-s -w -X k8s.io/component-base/version.gitVersion=v1.35.4 -X k8s.io/component-base/version.gitMajor=1 ' +
        '-X k8s.io/component-base/version.gitMinor=35 -X k8s.io/client-go/pkg/version.gitVersion=v1.35.4 ' +
        '-X k8s.io/component-base/version.gitTreeState=clean -X k8s.io/component-base/version.buildDate=2026-01-01T00:00:00Z',
    );
  });
});
