/** Pure rendering of a kubeconfig with the CA and client credentials embedded (portable, no file paths). */

export interface KubeconfigInput {
  server: string;
  caPem: string;
  certPem: string;
  keyPem: string;
  user: string;
  clusterName?: string;
}

const b64 = (pem: string): string => Buffer.from(pem).toString('base64');

export function renderKubeconfig(input: KubeconfigInput): string {
  const cluster = input.clusterName ?? 'ack-virtual-node-dev';
  return [
    'apiVersion: v1',
    'kind: Config',
    'clusters:',
    `- name: ${cluster}`,
    '  cluster:',
    `    server: ${input.server}`,
    `    certificate-authority-data: ${b64(input.caPem)}`,
    'users:',
    `- name: ${input.user}`,
    '  user:',
    `    client-certificate-data: ${b64(input.certPem)}`,
    `    client-key-data: ${b64(input.keyPem)}`,
    'contexts:',
    `- name: ${input.user}@${cluster}`,
    '  context:',
    `    cluster: ${cluster}`,
    `    user: ${input.user}`,
    `current-context: ${input.user}@${cluster}`,
    '',
  ].join('\n');
}
