import { readFileSync } from 'node:fs';
import path from 'node:path';

/** Where the mounted `kube-system/alibaba-addon-secret` is looked for when ALIBABA_ADDON_SECRET_DIR is unset. */
export const DEFAULT_ADDON_SECRET_DIR = '/var/addon';

/** Credentials as resolved, with where they came from (never logged with their secret parts). */
export type CredentialSource =
  | {
      type: 'access_key' | 'sts';
      /** Human-readable origin, e.g. `env ALIBABA_CLOUD_ACCESS_KEY_ID` or `files in /var/addon`. */
      origin: string;
      accessKeyId: string;
      accessKeySecret: string;
      securityToken?: string;
      /** The directory of a mounted secret these keys came from: read again when it changes (rotation). */
      mountedAt?: string;
    }
  | {
      type: 'oidc_role_arn';
      origin: string;
      roleArn: string;
      oidcProviderArn: string;
      oidcTokenFilePath: string;
      roleSessionName?: string;
    };

export type Env = Record<string, string | undefined>;
/** Reads a small text file; undefined when it does not exist. */
export type ReadFile = (file: string) => string | undefined;

export const MISSING_CREDENTIALS_MESSAGE = [
  'No Alibaba Cloud credentials found. Provide one of (checked in this order):',
  '  1. ALIBABA_CLOUD_ACCESS_KEY_ID and ALIBABA_CLOUD_ACCESS_KEY_SECRET (plus ALIBABA_CLOUD_SECURITY_TOKEN for an STS token);',
  '  2. ECI_ACCESS_KEY and ECI_SECRET_KEY (the names of the older virtual-kubelet provider);',
  '  3. RRSA: ALIBABA_CLOUD_ROLE_ARN, ALIBABA_CLOUD_OIDC_PROVIDER_ARN and ALIBABA_CLOUD_OIDC_TOKEN_FILE;',
  `  4. the secret kube-system/alibaba-addon-secret mounted as files access-key-id and access-key-secret in ALIBABA_ADDON_SECRET_DIR (default ${DEFAULT_ADDON_SECRET_DIR}).`,
].join('\n');

function value(env: Env, name: string): string | undefined {
  const v = env[name]?.trim();
  return v ? v : undefined;
}

/** Both or neither: one half of a pair is a mistake to report, not a reason to try the next source. */
function pair(env: Env, idName: string, secretName: string): [string, string] | undefined {
  const id = value(env, idName);
  const secret = value(env, secretName);
  if (id && secret) return [id, secret];
  if (id || secret) {
    const [set, unset] = id ? [idName, secretName] : [secretName, idName];
    throw new Error(
      `${set} is set but ${unset} is not: set both, or neither to use another credential source.\n${MISSING_CREDENTIALS_MESSAGE}`,
    );
  }
  return undefined;
}

function rrsa(env: Env): CredentialSource | undefined {
  const names = [
    'ALIBABA_CLOUD_ROLE_ARN',
    'ALIBABA_CLOUD_OIDC_PROVIDER_ARN',
    'ALIBABA_CLOUD_OIDC_TOKEN_FILE',
  ] as const;
  const [roleArn, oidcProviderArn, oidcTokenFilePath] = names.map((n) => value(env, n));
  if (roleArn && oidcProviderArn && oidcTokenFilePath) {
    const roleSessionName = value(env, 'ALIBABA_CLOUD_ROLE_SESSION_NAME');
    return {
      type: 'oidc_role_arn',
      origin: 'RRSA (ALIBABA_CLOUD_ROLE_ARN)',
      roleArn,
      oidcProviderArn,
      oidcTokenFilePath,
      ...(roleSessionName ? { roleSessionName } : {}),
    };
  }
  const set = names.filter((n) => value(env, n));
  if (set.length > 0) {
    const unset = names.filter((n) => !value(env, n));
    throw new Error(
      `RRSA needs all of ${names.join(', ')}; ${unset.join(', ')} ${unset.length > 1 ? 'are' : 'is'} not set.\n${MISSING_CREDENTIALS_MESSAGE}`,
    );
  }
  return undefined;
}

export interface AccessKey {
  accessKeyId: string;
  accessKeySecret: string;
}

/** The key pair of alibaba-addon-secret mounted at `dir`; undefined when neither file is there, an error when one is. */
export function readMountedKey(dir: string, readFile: ReadFile): AccessKey | undefined {
  const id = readFile(path.join(dir, 'access-key-id'))?.trim();
  const secret = readFile(path.join(dir, 'access-key-secret'))?.trim();
  if (id && secret) return { accessKeyId: id, accessKeySecret: secret };
  if (id || secret) {
    const missing = id ? 'access-key-secret' : 'access-key-id';
    throw new Error(
      `${path.join(dir, missing)} is missing or empty while its pair is present: mount both keys of alibaba-addon-secret.\n${MISSING_CREDENTIALS_MESSAGE}`,
    );
  }
  return undefined;
}

function addonSecret(env: Env, readFile: ReadFile): CredentialSource | undefined {
  const dir = value(env, 'ALIBABA_ADDON_SECRET_DIR') ?? DEFAULT_ADDON_SECRET_DIR;
  const key = readMountedKey(dir, readFile);
  return key && { type: 'access_key', origin: `files in ${dir}`, ...key, mountedAt: dir };
}

/**
 * The first credential source present, in a fixed order: explicit environment variables, the older
 * provider's names, RRSA (pod identity), then the mounted addon secret. Throws with every accepted
 * source listed when none is, or when a source is half-configured.
 */
export function resolveCredentials(env: Env, readFile: ReadFile): CredentialSource {
  const standard = pair(env, 'ALIBABA_CLOUD_ACCESS_KEY_ID', 'ALIBABA_CLOUD_ACCESS_KEY_SECRET');
  if (standard) {
    const securityToken = value(env, 'ALIBABA_CLOUD_SECURITY_TOKEN');
    return {
      type: securityToken ? 'sts' : 'access_key',
      origin: 'env ALIBABA_CLOUD_ACCESS_KEY_ID',
      accessKeyId: standard[0],
      accessKeySecret: standard[1],
      ...(securityToken ? { securityToken } : {}),
    };
  }
  const legacy = pair(env, 'ECI_ACCESS_KEY', 'ECI_SECRET_KEY');
  if (legacy)
    return {
      type: 'access_key',
      origin: 'env ECI_ACCESS_KEY',
      accessKeyId: legacy[0],
      accessKeySecret: legacy[1],
    };
  const fromRrsa = rrsa(env);
  if (fromRrsa) return fromRrsa;
  const fromFiles = addonSecret(env, readFile);
  if (fromFiles) return fromFiles;
  throw new Error(MISSING_CREDENTIALS_MESSAGE);
}

export const readTextFile: ReadFile = (file) => {
  try {
    return readFileSync(file, 'utf8');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw err;
  }
};

/** For logs: an access key ID masked, as the RAM console shows it. */
export function maskedKeyId(id: string): string {
  return id.length > 8 ? `${id.slice(0, 4)}****${id.slice(-4)}` : '****';
}

/** For logs: the origin and a masked key ID, never a secret. */
export function describeCredentials(source: CredentialSource): string {
  if (source.type === 'oidc_role_arn') return `${source.origin}, role ${source.roleArn}`;
  return `${source.origin}, access key ${maskedKeyId(source.accessKeyId)}${source.type === 'sts' ? ' (STS)' : ''}`;
}
