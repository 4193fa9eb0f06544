import type * as k8s from '@kubernetes/client-node';
import { createNamespace, deleteNamespace, kubectlStdin } from './lib/cluster.js';
import {
  chartDir,
  envOf,
  find,
  fullValues,
  helm,
  helmBinary,
  render,
  templateYaml,
  valuesFile,
  type Manifest,
} from './lib/chart.js';

const ns = 'e2e-chart';

function container(objects: Manifest[], deployment: string): k8s.V1Container {
  const d = find<k8s.V1Deployment>(objects, 'Deployment', deployment);
  const c = d.spec?.template.spec?.containers[0];
  if (c === undefined) throw new Error(`Deployment ${deployment} has no container`);
  return c;
}

describe('the Helm chart', () => {
  beforeAll(async () => {
    await helmBinary();
    await createNamespace(ns);
  }, 30 * 60_000);
  afterAll(() => deleteNamespace(ns));

  it('passes helm lint with the default values and with the full example', async () => {
    for (const args of [[], ['--values', fullValues]]) {
      const lint = await helm('lint', chartDir, '--strict', ...args);
      expect({ args, code: lint.code, out: lint.stdout + lint.stderr }).toMatchObject({ code: 0 });
      expect(lint.stdout).toContain('1 chart(s) linted, 0 chart(s) failed');
    }
  });

  it('renders the controller as documented with the default values', async () => {
    const objects = await render('kube-system');
    const deployment = find<k8s.V1Deployment>(objects, 'Deployment', 'ack-virtual-node-controller');
    expect(deployment.metadata?.namespace).toBe('kube-system');
    expect(deployment.spec?.replicas).toBe(2);
    const pod = deployment.spec?.template.spec;
    expect(pod?.terminationGracePeriodSeconds).toBe(30);
    expect(pod?.serviceAccountName).toBe('ack-virtual-node-controller');
    expect(pod?.securityContext).toMatchObject({
      runAsNonRoot: true,
      runAsUser: 10001,
      seccompProfile: { type: 'RuntimeDefault' },
    });
    const c = container(objects, 'ack-virtual-node-controller');
    expect(c.args).toEqual(['controller']);
    expect(c.securityContext).toMatchObject({
      runAsNonRoot: true,
      runAsUser: 10001,
      readOnlyRootFilesystem: true,
      allowPrivilegeEscalation: false,
      capabilities: { drop: ['ALL'] },
      seccompProfile: { type: 'RuntimeDefault' },
    });
    expect(envOf(c)).toMatchObject({
      // backend=simulator: the SDK backend, pointed at the chart's simulator Service.
      ECI_BACKEND: 'alibaba',
      ECI_ENDPOINT: 'http://ack-virtual-node-simulator.kube-system.svc:8080',
      // The simulated pods' addresses are reached through the simulator.
      KUBELET_PORT_FORWARD_PROXY: 'http://ack-virtual-node-simulator.kube-system.svc:8080',
      ECI_VSWITCH: 'vsw-sim-b',
      ECI_SECURITY_GROUP: 'sg-sim-default',
      ALIBABA_ADDON_SECRET_DIR: '/var/addon',
      ECI_REGION: 'cn-hangzhou',
      ECI_KUBE_PROXY: 'true',
      LEADER_ELECT: 'true',
      POD_NAMESPACE: 'fieldRef:metadata.namespace',
      POD_IP: 'fieldRef:status.podIP',
      KUBELET_PORT: '10250',
      METRICS_ADDRESS: '0.0.0.0',
      METRICS_PORT: '10255',
      NODE_OPTIONS: '--max-old-space-size=768 --max-semi-space-size=8',
      HEAP_GROWING_PERCENT: '20',
    });
    expect(c.livenessProbe?.httpGet).toMatchObject({ path: '/healthz', port: 'metrics' });
    expect(c.readinessProbe?.httpGet).toMatchObject({ path: '/readyz', port: 'metrics' });
    expect(c.ports).toEqual(
      expect.arrayContaining([expect.objectContaining({ name: 'metrics', containerPort: 10255 })]),
    );
    // The simulator's access key, mounted as ECI's addon secret would be.
    expect(c.volumeMounts?.map((m) => m.mountPath)).toEqual(['/tmp', '/var/addon']);
    expect(pod?.volumes).toContainEqual(
      expect.objectContaining({
        name: 'addon-secret',
        secret: expect.objectContaining({ secretName: 'ack-virtual-node-simulator' }),
      }),
    );

    const webhook = container(objects, 'ack-virtual-node-webhook');
    expect(webhook.args).toEqual(
      expect.arrayContaining([
        'webhook',
        '--service-namespace=kube-system',
        '--service-name=ack-virtual-node-webhook',
      ]),
    );
    const service = find<k8s.V1Service>(objects, 'Service', 'ack-virtual-node-webhook');
    expect(service.spec?.ports).toEqual([expect.objectContaining({ port: 443, targetPort: 'https' })]);
    expect(webhook.ports).toEqual([expect.objectContaining({ name: 'https', containerPort: 9443 })]);

    const profile = find<k8s.V1ConfigMap>(objects, 'ConfigMap', 'eci-profile');
    expect(profile.metadata?.namespace).toBe('kube-system');
    expect(profile.data).toEqual({
      selectors: '[]',
      vSwitchIds: '',
      securityGroupId: '',
      enableLinuxArm64Node: 'false',
    });
    expect(
      find<k8s.V1Service>(objects, 'Service', 'ack-virtual-node-controller-metrics').spec?.ports?.[0].port,
    ).toBe(10255);
    expect(objects.some((o) => o.kind === 'ServiceMonitor')).toBe(false);
  });

  it('renders the simulator as its own Deployment and Service, its state in an emptyDir or a PVC', async () => {
    const objects = await render('kube-system');
    const sim = find<k8s.V1Deployment>(objects, 'Deployment', 'ack-virtual-node-simulator');
    expect(sim.spec?.replicas).toBe(1);
    expect(sim.spec?.strategy?.type).toBe('Recreate');
    // It watches Services and EndpointSlices as its own ServiceAccount, as a pod's kube-proxy does.
    expect(sim.spec?.template.spec?.serviceAccountName).toBe('ack-virtual-node-simulator');
    const c = container(objects, 'ack-virtual-node-simulator');
    expect(c.args).toEqual(['simulator']);
    expect(envOf(c)).toMatchObject({
      ECI_SIMULATOR_LISTEN: '0.0.0.0:8080',
      ECI_SIMULATOR_STATE_FILE: '/var/lib/eci-simulator/state.json',
      ECI_SIMULATOR_ACCESS_KEY_ID: 'secret:ack-virtual-node-simulator/access-key-id',
      ECI_SIMULATOR_ACCESS_KEY_SECRET: 'secret:ack-virtual-node-simulator/access-key-secret',
      // In the cluster, the simulator reaches each pod's cluster DNS as any pod does.
      ECI_SIMULATOR_CLUSTER_DNS: 'pod-nameserver',
      ECI_SIMULATOR_CLUSTER_API: 'in-cluster',
    });
    const unwatched = await render('kube-system', '--set', 'simulator.watchServices=false');
    const plain = find<k8s.V1Deployment>(unwatched, 'Deployment', 'ack-virtual-node-simulator');
    expect(plain.spec?.template.spec?.automountServiceAccountToken).toBe(false);
    expect(envOf(container(unwatched, 'ack-virtual-node-simulator'))).not.toHaveProperty(
      'ECI_SIMULATOR_CLUSTER_API',
    );
    expect(unwatched.filter((o) => o.kind === 'ServiceAccount').map((o) => o.metadata?.name)).not.toContain(
      'ack-virtual-node-simulator',
    );
    expect(c.securityContext).toMatchObject({ runAsUser: 10001, readOnlyRootFilesystem: true });
    expect(c.volumeMounts).toEqual([
      expect.objectContaining({ name: 'state', mountPath: '/var/lib/eci-simulator' }),
    ]);
    expect(sim.spec?.template.spec?.volumes?.[0].emptyDir).toBeDefined();
    const service = find<k8s.V1Service>(objects, 'Service', 'ack-virtual-node-simulator');
    expect(service.spec?.ports).toEqual([expect.objectContaining({ port: 8080, targetPort: 'http' })]);

    const persisted = await render('kube-system', '--set', 'simulator.persistence.enabled=true');
    const claim = find<k8s.V1PersistentVolumeClaim>(
      persisted,
      'PersistentVolumeClaim',
      'ack-virtual-node-simulator-state',
    );
    expect(claim.spec?.resources?.requests).toEqual({ storage: '256Mi' });
    const volume = find<k8s.V1Deployment>(persisted, 'Deployment', 'ack-virtual-node-simulator').spec
      ?.template.spec?.volumes?.[0];
    expect(volume?.persistentVolumeClaim?.claimName).toBe('ack-virtual-node-simulator-state');

    // backend=alibaba: no simulator at all.
    const real = await render('kube-system', '--values', fullValues);
    expect(real.filter((o) => o.metadata.name === 'ack-virtual-node-simulator')).toEqual([]);
  });

  it('renders the full example: the ECI settings as env, credentials mounted from the secret', async () => {
    const objects = await render('kube-system', '--values', fullValues);
    const c = container(objects, 'ack-virtual-node-controller');
    expect(envOf(c)).toMatchObject({
      ECI_BACKEND: 'alibaba',
      ECI_REGION: 'cn-shanghai',
      ECI_ZONE: 'cn-shanghai-b',
      ECI_VSWITCH: 'vsw-uf6aaa,vsw-uf6bbb',
      ECI_SECURITY_GROUP: 'sg-uf6ccc',
      ECI_KUBE_PROXY: 'false',
      ECI_ENDPOINT: 'eci-vpc.cn-shanghai.aliyuncs.com',
      ALIYUN_CLUSTERID: 'c0123456789abcdef',
      VKUBELET_CAPACITY_CPU: '40000',
      VKUBELET_CAPACITY_MEMORY: '160Ti',
      VKUBELET_CAPACITY_PODS: '40000',
      VKUBELET_NODES_PER_ZONE: '1',
      LOG_LEVEL: 'debug',
      ALIBABA_ADDON_SECRET_DIR: '/var/addon',
      WORKERS: '128',
    });
    // On the cloud, port-forward dials the pods' VPC addresses itself.
    expect(envOf(c).KUBELET_PORT_FORWARD_PROXY).toBeUndefined();
    expect(c.image).toBe('registry.example.com/acs/ack-virtual-node:0.1.0');
    const pod = find<k8s.V1Deployment>(objects, 'Deployment', 'ack-virtual-node-controller').spec?.template
      .spec;
    expect(pod?.volumes).toContainEqual(
      expect.objectContaining({
        name: 'addon-secret',
        secret: expect.objectContaining({ secretName: 'alibaba-addon-secret' }),
      }),
    );
    expect(c.volumeMounts).toContainEqual(
      expect.objectContaining({ name: 'addon-secret', mountPath: '/var/addon', readOnly: true }),
    );
    const profile = find<k8s.V1ConfigMap>(objects, 'ConfigMap', 'eci-profile');
    expect(JSON.parse(profile.data?.selectors ?? '')).toEqual([
      expect.objectContaining({ name: 'batch-on-eci' }),
    ]);
    expect(profile.data?.vSwitchIds).toBe('vsw-uf6aaa');
    // Certificates from an existing Secret: every webhook replica serves the same CA.
    const webhookPod = find<k8s.V1Deployment>(objects, 'Deployment', 'ack-virtual-node-webhook').spec
      ?.template.spec;
    expect(webhookPod?.volumes?.[0].secret?.secretName).toBe('ack-virtual-node-webhook-tls');
  });

  it('uses RRSA (a projected service account token) instead of an AccessKey when rrsa.enabled', async () => {
    const objects = await render(
      'kube-system',
      '--values',
      fullValues,
      '--set',
      'rrsa.enabled=true',
      '--set',
      'rrsa.roleArn=acs:ram::1234567890:role/eci-controller',
      '--set',
      'rrsa.oidcProviderArn=acs:ram::1234567890:oidc-provider/ack-rrsa-c0123',
    );
    const c = container(objects, 'ack-virtual-node-controller');
    const env = envOf(c);
    expect(env).toMatchObject({
      ALIBABA_CLOUD_ROLE_ARN: 'acs:ram::1234567890:role/eci-controller',
      ALIBABA_CLOUD_OIDC_PROVIDER_ARN: 'acs:ram::1234567890:oidc-provider/ack-rrsa-c0123',
      ALIBABA_CLOUD_OIDC_TOKEN_FILE: '/var/run/secrets/ack.alibabacloud.com/rrsa-tokens/token',
    });
    expect(env.ALIBABA_ADDON_SECRET_DIR).toBeUndefined();
    const pod = find<k8s.V1Deployment>(objects, 'Deployment', 'ack-virtual-node-controller').spec?.template
      .spec;
    expect(
      pod?.volumes?.find((v) => v.name === 'rrsa-oidc-token')?.projected?.sources?.[0].serviceAccountToken,
    ).toMatchObject({
      audience: 'sts.aliyuncs.com',
      path: 'token',
    });
  });

  it('renders cert-manager certificates and a ServiceMonitor when asked', async () => {
    const objects = await render(
      'kube-system',
      '--set',
      'webhook.certs.source=cert-manager',
      '--set',
      'webhook.replicas=2',
      '--set',
      'metrics.serviceMonitor.enabled=true',
    );
    const cert = find<{ spec: { dnsNames: string[]; secretName: string } }>(
      objects,
      'Certificate',
      'ack-virtual-node-webhook',
    );
    expect(cert.spec.dnsNames).toContain('ack-virtual-node-webhook.kube-system.svc');
    const webhookPod = find<k8s.V1Deployment>(objects, 'Deployment', 'ack-virtual-node-webhook').spec
      ?.template.spec;
    expect(webhookPod?.volumes?.[0].secret?.secretName).toBe(cert.spec.secretName);
    expect(objects.filter((o) => o.kind === 'ServiceMonitor').map((o) => o.metadata.name)).toEqual([
      'ack-virtual-node-controller',
    ]);
  });

  it.each([
    ['a vSwitch ID that is not one', 'vswitches: ["subnet-1"]\n', /\/vswitches\/0.*subnet-1/],
    ['a security group ID that is not one', 'securityGroup: default\n', /\/securityGroup.*default/],
    ['a region that is not an ID', 'region: Hangzhou\n', /\/region.*Hangzhou/],
    ['zero controller replicas', 'controller:\n  replicas: 0\n', /\/controller\/replicas/],
    ['a string where a boolean belongs', 'kubeProxy: "no"\n', /\/kubeProxy.*boolean/],
    ['an unknown backend', 'backend: aws\n', /\/backend.*simulator.*alibaba/],
    ['a misspelt key', 'vswitch: [vsw-a]\n', /'vswitch' not allowed/],
    ['backend=alibaba without vSwitches', 'backend: alibaba\nsecurityGroup: sg-a\n', /\/vswitches/],
    [
      'a host name as the metrics address',
      'controller:\n  metricsAddress: localhost\n',
      /\/controller\/metricsAddress/,
    ],
    ['nodes per zone beside one named node', 'nodeName: vk\nnodesPerZone: 2\n', /\/nodesPerZone/],
    ['no nodes per zone', 'nodesPerZone: 0\n', /\/nodesPerZone/],
    ['a simulator speed below 0', 'simulator:\n  speed: -1\n', /\/simulator\/speed/],
    ['a privileged port', 'controller:\n  metricsPort: 80\n', /\/controller\/metricsPort/],
    ['a heap too small to run', 'controller:\n  maxHeapMiB: 64\n', /\/controller\/maxHeapMiB/],
    ['two webhook replicas with generated certificates', 'webhook:\n  replicas: 2\n', /webhook\.replicas/],
  ])('refuses %s, naming the field', async (_what, yaml, field) => {
    const out = await helm('template', 'ack-virtual-node', chartDir, '--values', valuesFile(yaml));
    expect(out.code).not.toBe(0);
    expect(out.stderr).toMatch(field);
  });

  it('applies to the real API server (kubectl apply --dry-run=server)', async () => {
    for (const args of [[], ['--values', fullValues]]) {
      const yaml = await templateYaml(ns, ...args);
      const out = await kubectlStdin(yaml, 'apply', '--dry-run=server', '-f', '-');
      expect(out).toMatch(
        /deployment\.apps\/ack-virtual-node-controller (created|configured|unchanged) \(server dry run\)/,
      );
      expect(out).toMatch(
        /clusterrole\.rbac\.authorization\.k8s\.io\/ack-virtual-node-controller .*\(server dry run\)/,
      );
      expect(out).toMatch(/configmap\/eci-profile .*\(server dry run\)/);
    }
  });
});
