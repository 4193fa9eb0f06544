import { addonObjects } from '../../cluster/addon-objects.js';
import { addonSpecs, corefile, COREDNS, type AddonInput } from '../../cluster/addons.js';
import { clusterPkiPaths } from '../../cluster/certs.js';
import { wrapperModuleFiles } from '../../cluster/gotool.js';
import { sampleInfo } from './helpers.js';

const ports = { metricsServer: 42001, coredns: 42002, corednsReady: 42003 };
const input: AddonInput = {
  info: sampleInfo('/tmp/dev'),
  pki: clusterPkiPaths('/tmp/dev/pki'),
  nodeAddress: '198.18.0.1',
  ports,
  binaries: { metricsServer: '/cache/metrics-server', coredns: '/cache/coredns' },
  metricsServerServing: { cert: '/tmp/dev/pki/ms.crt', key: '/tmp/dev/pki/ms.key' },
};

type Loose = { kind: string; metadata: { name: string }; [k: string]: unknown };
const find = (kind: string, name: string): Loose => {
  const obj = (addonObjects('198.18.0.1', ports, 'CA PEM') as Loose[]).find(
    (o) => o.kind === kind && o.metadata.name === name,
  );
  if (!obj) throw new Error(`no ${kind} ${name}`);
  return obj;
};

describe('local cluster add-ons', () => {
  it('points kube-dns at CoreDNS on the node address, port 53 mapped to its own port', () => {
    expect(find('Service', 'kube-dns').spec).toMatchObject({
      clusterIP: '10.0.0.10',
      ports: [
        { name: 'dns', protocol: 'UDP', port: 53, targetPort: 42002 },
        { name: 'dns-tcp', protocol: 'TCP', port: 53, targetPort: 42002 },
      ],
    });
    expect(find('Endpoints', 'kube-dns').subsets).toEqual([
      {
        addresses: [{ ip: '198.18.0.1' }],
        ports: [
          { name: 'dns', protocol: 'UDP', port: 42002 },
          { name: 'dns-tcp', protocol: 'TCP', port: 42002 },
        ],
      },
    ]);
  });

  it('registers metrics.k8s.io at the metrics-server Service, trusting the cluster CA', () => {
    expect(find('APIService', 'v1beta1.metrics.k8s.io').spec).toMatchObject({
      service: { name: 'metrics-server', namespace: 'kube-system', port: 443 },
      caBundle: Buffer.from('CA PEM').toString('base64'),
    });
    expect(find('Endpoints', 'metrics-server').subsets).toEqual([
      { addresses: [{ ip: '198.18.0.1' }], ports: [{ name: 'https', protocol: 'TCP', port: 42001 }] },
    ]);
  });

  it('grants metrics-server what its own manifest does, to its certificate user', () => {
    expect(find('ClusterRole', 'system:metrics-server').rules).toEqual([
      { apiGroups: [''], resources: ['nodes/metrics'], verbs: ['get'] },
      { apiGroups: [''], resources: ['pods', 'nodes'], verbs: ['get', 'list', 'watch'] },
    ]);
    expect(find('RoleBinding', 'metrics-server-auth-reader')).toMatchObject({
      metadata: { namespace: 'kube-system' },
      roleRef: { kind: 'Role', name: 'extension-apiserver-authentication-reader' },
      subjects: [{ kind: 'User', name: 'system:metrics-server' }],
    });
  });

  it('runs metrics-server on the node address, verifying kubelets with the cluster CA at their status port', () => {
    const ms = addonSpecs(input).find((s) => s.name === 'metrics-server');
    expect(ms?.args[0]).toBe('--kubeconfig=/tmp/dev/pki/metrics-server.kubeconfig');
    expect(ms?.args).toEqual(
      expect.arrayContaining([
        '--bind-address=198.18.0.1',
        '--secure-port=42001',
        '--kubelet-use-node-status-port',
        '--kubelet-certificate-authority=/tmp/dev/pki/ca.crt',
        '--kubelet-preferred-address-types=InternalIP',
      ]),
    );
  });

  it('serves cluster.local from CoreDNS bound to the node address, ready probe on loopback', () => {
    const text = corefile(input);
    expect(text).toMatch(/^cluster\.local:42002 /);
    expect(text).toContain('    bind 198.18.0.1\n');
    expect(text).toContain('    ready 127.0.0.1:42003\n');
    expect(text).toContain('        kubeconfig /tmp/dev/pki/coredns.kubeconfig\n');
  });

  it('builds CoreDNS from a wrapper module requiring the pinned release', () => {
    const files = wrapperModuleFiles(COREDNS, '1.25.0');
    expect(files['go.mod']).toBe(
      'module corednsbuild\n\ngo 1.25.0\n\nrequire github.com/coredns/coredns v1.14.7\n',
    );
    expect(files['main.go']).toContain('_ "github.com/coredns/coredns/plugin/kubernetes"');
  });
});
