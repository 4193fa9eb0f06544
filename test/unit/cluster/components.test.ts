import path from 'node:path';
import { clusterPkiPaths } from '../../cluster/certs.js';
import { appSpecs, controlPlaneSpecs } from '../../cluster/components.js';
import { binaryPaths } from '../../cluster/paths.js';
import { sampleInfo } from './helpers.js';

const info = sampleInfo('/tmp/dev');
const bins = binaryPaths('/cache/bin');
const pki = clusterPkiPaths('/tmp/dev/pki');

function flags(name: string): string[] {
  const spec = controlPlaneSpecs(info, bins, pki, '198.18.0.1').find((s) => s.name === name);
  if (!spec) throw new Error(`no ${name}`);
  return spec.args;
}

describe('component launch specs', () => {
  it('starts the control plane in dependency order from the cached binaries', () => {
    expect(controlPlaneSpecs(info, bins, pki, '198.18.0.1').map((s) => [s.name, s.command])).toEqual([
      ['etcd', '/cache/bin/etcd'],
      ['kube-apiserver', '/cache/bin/kube-apiserver'],
      ['kube-scheduler', '/cache/bin/kube-scheduler'],
      ['kube-controller-manager', '/cache/bin/kube-controller-manager'],
    ]);
  });

  it('gives each control-plane component a first argument naming the cluster directory (how a pid is recognised)', () => {
    for (const spec of controlPlaneSpecs(info, bins, pki, '198.18.0.1'))
      expect(spec.args[0]).toContain('/tmp/dev/');
  });

  it('runs etcd on loopback without fsync', () => {
    expect(flags('etcd')).toEqual(
      expect.arrayContaining([
        '--listen-client-urls=http://127.0.0.1:2379',
        '--initial-cluster=default=http://127.0.0.1:2380',
        '--unsafe-no-fsync',
      ]),
    );
  });

  it('runs kube-apiserver with certificate auth, Node+RBAC, and a client cert for kubelets', () => {
    expect(flags('kube-apiserver')).toEqual(
      expect.arrayContaining([
        '--etcd-servers=http://127.0.0.1:2379',
        '--secure-port=6443',
        '--bind-address=127.0.0.1',
        '--client-ca-file=/tmp/dev/pki/ca.crt',
        '--authorization-mode=Node,RBAC',
        '--allow-privileged=true',
        '--service-cluster-ip-range=10.0.0.0/24',
        '--service-account-key-file=/tmp/dev/pki/sa.pub',
        '--service-account-signing-key-file=/tmp/dev/pki/sa.key',
        '--kubelet-client-certificate=/tmp/dev/pki/apiserver-kubelet-client.crt',
        '--kubelet-client-key=/tmp/dev/pki/apiserver-kubelet-client.key',
        '--kubelet-preferred-address-types=InternalIP',
      ]),
    );
  });

  it('advertises the non-loopback node address, so the kubernetes Service gets valid Endpoints', () => {
    expect(flags('kube-apiserver')).toContain('--advertise-address=198.18.0.1');
  });

  it('lets the API server proxy to aggregated API servers as front-proxy-client, at their Endpoints', () => {
    expect(flags('kube-apiserver')).toEqual(
      expect.arrayContaining([
        '--requestheader-client-ca-file=/tmp/dev/pki/ca.crt',
        '--requestheader-allowed-names=front-proxy-client',
        '--proxy-client-cert-file=/tmp/dev/pki/front-proxy-client.crt',
        '--proxy-client-key-file=/tmp/dev/pki/front-proxy-client.key',
        '--enable-aggregator-routing=true',
      ]),
    );
  });

  it('runs the scheduler and controller manager without leader election, each with its own identity', () => {
    expect(flags('kube-scheduler')).toEqual(
      expect.arrayContaining(['--kubeconfig=/tmp/dev/pki/kube-scheduler.kubeconfig', '--leader-elect=false']),
    );
    expect(flags('kube-controller-manager')).toEqual(
      expect.arrayContaining([
        '--kubeconfig=/tmp/dev/pki/kube-controller-manager.kubeconfig',
        '--leader-elect=false',
        '--service-account-private-key-file=/tmp/dev/pki/sa.key',
        '--root-ca-file=/tmp/dev/pki/ca.crt',
        '--service-cluster-ip-range=10.0.0.0/24',
        '--use-service-account-credentials',
      ]),
    );
  });

  it('points the controller at the simulator with the cluster id and the extra env winning', () => {
    const ports = { simulator: 41000, webhook: 41001, kubelet: 41002, metrics: 41003, coredns: 41004 };
    const kubelet = { address: '198.18.0.1', cert: '/tmp/dev/pki/k.crt', key: '/tmp/dev/pki/k.key' };
    const [simulator, webhook, controller] = appSpecs(info, ports, '/repo/dist/src/cli.js', kubelet, {
      LOG_LEVEL: 'debug',
    });
    expect(simulator.args).toEqual([
      '/repo/dist/src/cli.js',
      'simulator',
      '--listen',
      '127.0.0.1:41000',
      '--state-file',
      path.join('/tmp/dev', 'simulator-state.json'),
      '--cluster-dns',
      '198.18.0.1:41004',
      '--cluster-api',
      '/tmp/dev/kubeconfig',
    ]);
    expect(webhook.args).toEqual([
      '/repo/dist/src/cli.js',
      'webhook',
      '--listen',
      '127.0.0.1:41001',
      '--kubeconfig',
      '/tmp/dev/kubeconfig',
      '--url',
      'https://127.0.0.1:41001/mutate',
      '--cert-dir',
      '/tmp/dev/pki/webhook',
    ]);
    expect(controller.command).toBe(process.execPath);
    expect(controller.args).toEqual(['/repo/dist/src/cli.js', 'controller']);
    expect(controller.env).toEqual({
      KUBECONFIG: '/tmp/dev/kubeconfig',
      ECI_BACKEND: 'alibaba',
      ECI_ENDPOINT: 'http://127.0.0.1:41000',
      KUBELET_PORT_FORWARD_PROXY: 'http://127.0.0.1:41000',
      ALIBABA_CLOUD_ACCESS_KEY_ID: 'testAccessKeyId',
      ALIBABA_CLOUD_ACCESS_KEY_SECRET: 'testAccessKeySecret',
      ECI_REGION: 'cn-hangzhou',
      ECI_VSWITCH: 'vsw-sim-hangzhou-b,vsw-sim-hangzhou-c',
      VKUBELET_NODE_NAME: 'virtual-kubelet-cn-hangzhou-b',
      ECI_SECURITY_GROUP: 'sg-sim-default',
      ALIYUN_CLUSTERID: 'c-0123456789abcdef',
      KUBELET_PORT: '41002',
      KUBELET_ADDRESS: '198.18.0.1',
      KUBELET_CERT_FILE: '/tmp/dev/pki/k.crt',
      KUBELET_KEY_FILE: '/tmp/dev/pki/k.key',
      KUBELET_CLIENT_CA_FILE: '/tmp/dev/pki/ca.crt',
      METRICS_PORT: '41003',
      LOG_LEVEL: 'debug',
    });
  });
});
