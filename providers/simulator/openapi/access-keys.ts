import { ApiError } from './errors.js';
import type { AccessKey } from './types.js';

/** An access key's state in RAM: a disabled key still exists, and is refused as disabled. */
export type AccessKeyStatus = 'Active' | 'Inactive';

/**
 * The account's access keys, as RAM holds them: tests create one and disable another the way a
 * user rotates the key in alibaba-addon-secret (create the new key, put it in the Secret, disable
 * the old one once nothing signs with it).
 */
export class AccessKeys {
  private readonly keys = new Map<string, { secret: string; status: AccessKeyStatus }>();

  constructor(initial: readonly AccessKey[]) {
    for (const k of initial) this.keys.set(k.accessKeyId, { secret: k.secretAccessKey, status: 'Active' });
  }

  /** The secret to check a signature with; undefined for an unknown key, POP's 400 for a disabled one. */
  readonly secretOf = (accessKeyId: string): string | undefined => {
    const key = this.keys.get(accessKeyId);
    if (key?.status === 'Inactive')
      throw new ApiError(400, 'InvalidAccessKeyId.Inactive', 'Specified access key is disabled.');
    return key?.secret;
  };

  /** Creates the key (a secret is then required) or sets the status of an existing one. */
  set(accessKeyId: string, change: { secret?: string; status?: AccessKeyStatus }): void {
    const key = this.keys.get(accessKeyId);
    if (key === undefined && change.secret === undefined)
      throw new Error(`access key ${accessKeyId} does not exist: give its accessKeySecret to create it`);
    this.keys.set(accessKeyId, {
      secret: change.secret ?? key?.secret ?? '',
      status: change.status ?? key?.status ?? 'Active',
    });
  }
}
