import type { V1Pod, V1Secret } from '@kubernetes/client-node';
import type { CreateContainerGroupRequest } from '../../providers/eci-api/index.js';
import { decodeSecretValue } from './env.js';
import type { ReferencedObjects } from './types.js';

type Credential = NonNullable<CreateContainerGroupRequest['ImageRegistryCredential']>[number];

interface DockerAuth {
  username?: string;
  password?: string;
  auth?: string;
}

/** `https://index.docker.io/v1/` → `index.docker.io`: ECI wants the registry host. */
function registryHost(key: string): string {
  return key.replace(/^[a-z]+:\/\//i, '').replace(/\/.*$/, '');
}

function credential(server: string, a: DockerAuth): Credential | undefined {
  let user = a.username;
  let password = a.password;
  if ((user === undefined || password === undefined) && a.auth) {
    const decoded = Buffer.from(a.auth, 'base64').toString('utf8');
    const colon = decoded.indexOf(':');
    if (colon > 0) {
      user = decoded.slice(0, colon);
      password = decoded.slice(colon + 1);
    }
  }
  if (!user || password === undefined) return undefined;
  return { Server: registryHost(server), UserName: user, Password: password };
}

function parseDockerConfig(secret: V1Secret): Record<string, DockerAuth> | undefined {
  try {
    if (secret.type === 'kubernetes.io/dockerconfigjson') {
      const raw = decodeSecretValue(secret, '.dockerconfigjson');
      return raw === undefined
        ? undefined
        : ((JSON.parse(raw) as { auths?: Record<string, DockerAuth> }).auths ?? {});
    }
    if (secret.type === 'kubernetes.io/dockercfg') {
      const raw = decodeSecretValue(secret, '.dockercfg');
      return raw === undefined ? undefined : (JSON.parse(raw) as Record<string, DockerAuth>);
    }
  } catch {
    return undefined;
  }
  return undefined;
}

/**
 * A docker-config Secret's registry logins as ImageRegistryCredential (one per registry host);
 * undefined when the Secret is not a readable kubernetes.io/dockerconfigjson or dockercfg one.
 */
export function dockerSecretCredentials(secret: V1Secret): Credential[] | undefined {
  const auths = parseDockerConfig(secret);
  if (!auths) return undefined;
  const out: Credential[] = [];
  for (const [server, auth] of Object.entries(auths)) {
    const c = credential(server, auth);
    if (c && !out.some((x) => x.Server === c.Server)) out.push(c);
  }
  return out;
}

/**
 * imagePullSecrets → ImageRegistryCredential. Like the kubelet, a missing or unreadable pull secret is
 * a warning, not a failure: public images still pull. Credentials never appear in warnings.
 */
export function registryCredentials(
  pod: V1Pod,
  refs: ReferencedObjects,
  warnings: string[],
): Credential[] | undefined {
  const out: Credential[] = [];
  (pod.spec?.imagePullSecrets ?? []).forEach((ref, i) => {
    const field = `spec.imagePullSecrets[${i}]`;
    const name = ref.name ?? '';
    const secret = refs.secrets.get(name);
    if (!secret) {
      warnings.push(`${field}: Secret ${name} not found; images are pulled without it`);
      return;
    }
    const auths = parseDockerConfig(secret);
    if (!auths) {
      warnings.push(
        `${field}: Secret ${name} is not a readable kubernetes.io/dockerconfigjson or kubernetes.io/dockercfg secret; ignored`,
      );
      return;
    }
    for (const [server, auth] of Object.entries(auths)) {
      const c = credential(server, auth);
      if (c && !out.some((x) => x.Server === c.Server)) out.push(c);
    }
  });
  return out.length ? out : undefined;
}
