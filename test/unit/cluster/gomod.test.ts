import {
  goDirective,
  requiredVersion,
  stagingModules,
  stagingVersion,
  wrapperGoMod,
} from '../../cluster/gomod.js';

// An excerpt of k8s.io/kubernetes v1.35.4's go.mod, with the shapes that matter.
const KUBERNETES_GO_MOD = `// This is a generated file. Do not edit directly.
module k8s.io/kubernetes

go 1.25.0

godebug default=go1.25

require (
	github.com/blang/semver/v4 v4.0.0
	go.etcd.io/etcd/api/v3 v3.6.5
	go.etcd.io/etcd/client/v3 v3.6.5
	k8s.io/api v0.0.0
)

require (
	go.etcd.io/etcd/pkg/v3 v3.6.5 // indirect
	go.etcd.io/etcd/server/v3 v3.6.5 // indirect
)

replace (
	k8s.io/api => ./staging/src/k8s.io/api
	k8s.io/client-go => ./staging/src/k8s.io/client-go // pinned
	k8s.io/apimachinery => ./staging/src/k8s.io/apimachinery
	github.com/some/fork => github.com/other/fork v1.2.3
)

replace k8s.io/kubectl v0.0.0 => ./staging/src/k8s.io/kubectl
`;

describe('wrapper go.mod generation', () => {
  it('finds every staging module the kubernetes go.mod replaces with a local folder, and nothing else', () => {
    expect(stagingModules(KUBERNETES_GO_MOD)).toEqual([
      'k8s.io/api',
      'k8s.io/apimachinery',
      'k8s.io/client-go',
      'k8s.io/kubectl',
    ]);
  });

  it('reads the go directive and the etcd server version kubernetes pins', () => {
    expect(goDirective(KUBERNETES_GO_MOD)).toBe('1.25.0');
    expect(requiredVersion(KUBERNETES_GO_MOD, 'go.etcd.io/etcd/server/v3')).toBe('v3.6.5');
    expect(requiredVersion(KUBERNETES_GO_MOD, 'go.etcd.io/etcd/server')).toBeUndefined();
    expect(requiredVersion(KUBERNETES_GO_MOD, 'example.com/absent')).toBeUndefined();
  });

  it('maps Kubernetes v1.M.P to the staging modules published as v0.M.P', () => {
    expect(stagingVersion('v1.35.4')).toBe('v0.35.4');
    expect(() => stagingVersion('1.35.4')).toThrow(/"1.35.4" is not of the form v1.MINOR.PATCH/);
  });

  it('writes a module requiring kubernetes and etcd with every staging module pointed at its published version', () => {
    const text = wrapperGoMod({
      kubernetesGoMod: KUBERNETES_GO_MOD,
      kubernetesVersion: 'v1.35.4',
      etcdModule: 'go.etcd.io/etcd/server/v3',
      etcdVersion: 'v3.6.5',
    });
    expect(text).toBe(`module kbuild

go 1.25.0

require (
	go.etcd.io/etcd/server/v3 v3.6.5
	k8s.io/kubernetes v1.35.4
)

replace (
	k8s.io/api => k8s.io/api v0.35.4
	k8s.io/apimachinery => k8s.io/apimachinery v0.35.4
	k8s.io/client-go => k8s.io/client-go v0.35.4
	k8s.io/kubectl => k8s.io/kubectl v0.35.4
)
`);
  });

  it('refuses a go.mod that is not the kubernetes one', () => {
    expect(() =>
      wrapperGoMod({
        kubernetesGoMod: 'module example.com/x\n\ngo 1.22\n',
        kubernetesVersion: 'v1.35.4',
        etcdModule: 'go.etcd.io/etcd/server/v3',
        etcdVersion: 'v3.6.5',
      }),
    ).toThrow(/no "k8s.io\/X => .\/staging\/src\/k8s.io\/X" replace lines/);
  });
});
