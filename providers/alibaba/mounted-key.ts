import type { CredentialsProvider } from '@alicloud/credentials';
import { errorMessage, type Logger } from '../logger.js';
import { maskedKeyId, readMountedKey, type AccessKey, type ReadFile } from './credentials.js';

/**
 * How long a read of the mounted secret is trusted. The kubelet writes a changed Secret into its
 * volume within about a minute; a rotation (new key into the Secret, then the old key disabled in
 * RAM) is then followed within this much more, without a restart.
 */
export const MOUNTED_KEY_RECHECK_MS = 10_000;
/**
 * What the SDK names the credential to ECI (header x-acs-credentials-provider): an access key pair,
 * as its own static provider names one, so POP sees nothing it does not know.
 */
const PROVIDER_NAME = 'static_ak';

export interface MountedKeyOptions {
  dir: string;
  /** The key read when the controller started. */
  initial: AccessKey;
  readFile: ReadFile;
  now: () => number;
  logger: Logger;
  recheckMs?: number;
}

/**
 * Signs every call with the key pair the mounted alibaba-addon-secret holds now. A read that finds
 * the files half-written or gone keeps the key it had (the kubelet swaps the whole directory at
 * once, so that is a mistake in the mount, reported once until it is fixed).
 */
export function mountedKeyProvider(opts: MountedKeyOptions): CredentialsProvider {
  const recheckMs = opts.recheckMs ?? MOUNTED_KEY_RECHECK_MS;
  let key = opts.initial;
  let checkedAt = opts.now();
  let unreadable: string | undefined;

  function recheck(): void {
    let read: AccessKey | undefined;
    try {
      read = readMountedKey(opts.dir, opts.readFile);
      if (read === undefined)
        throw new Error(`neither access-key-id nor access-key-secret is in ${opts.dir}`);
    } catch (err) {
      const message = errorMessage(err).split('\n')[0] ?? '';
      if (message !== unreadable)
        opts.logger.warn(
          'cannot read the mounted ECI credentials again; still signing with the last key read',
          {
            key: maskedKeyId(key.accessKeyId),
            err: message,
            fix: 'mount both keys of the secret alibaba-addon-secret, access-key-id and access-key-secret',
          },
        );
      unreadable = message;
      return;
    }
    unreadable = undefined;
    if (read.accessKeyId === key.accessKeyId && read.accessKeySecret === key.accessKeySecret) return;
    opts.logger.info('the mounted ECI credentials changed: signing with the new key', {
      from: maskedKeyId(key.accessKeyId),
      to: maskedKeyId(read.accessKeyId),
      dir: opts.dir,
    });
    key = read;
  }

  return {
    getProviderName: () => PROVIDER_NAME,
    getCredentials: () => {
      const now = opts.now();
      if (now - checkedAt >= recheckMs) {
        checkedAt = now;
        recheck();
      }
      // The SDK reads these four fields (its Credentials class is not exported); the provider
      // name becomes the credential type, and any but bearer or id_token signs with the key.
      return Promise.resolve({ ...key, securityToken: '', providerName: PROVIDER_NAME });
    },
  };
}
