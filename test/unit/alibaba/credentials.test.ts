import {
  MISSING_CREDENTIALS_MESSAGE,
  describeCredentials,
  resolveCredentials,
} from '../../../providers/alibaba/credentials.js';

const noFiles = () => undefined;
const without = (env: Record<string, string>, ...names: string[]) =>
  Object.fromEntries(Object.entries(env).filter(([k]) => !names.includes(k)));
const files =
  (content: Record<string, string>) =>
  (file: string): string | undefined =>
    content[file];

const ALL = {
  ALIBABA_CLOUD_ACCESS_KEY_ID: 'std-id',
  ALIBABA_CLOUD_ACCESS_KEY_SECRET: 'std-secret',
  ECI_ACCESS_KEY: 'legacy-id',
  ECI_SECRET_KEY: 'legacy-secret',
  ALIBABA_CLOUD_ROLE_ARN: 'acs:ram::1:role/eci',
  ALIBABA_CLOUD_OIDC_PROVIDER_ARN: 'acs:ram::1:oidc-provider/ack',
  ALIBABA_CLOUD_OIDC_TOKEN_FILE: '/var/run/secrets/tokens/oidc-token',
};
const addonFiles = files({
  '/var/addon/access-key-id': 'file-id\n',
  '/var/addon/access-key-secret': 'file-secret\n',
});

describe('resolveCredentials', () => {
  test('order: ALIBABA_CLOUD_* env, then ECI_ACCESS_KEY, then RRSA, then the addon secret files', () => {
    expect(resolveCredentials(ALL, addonFiles)).toMatchObject({ accessKeyId: 'std-id', type: 'access_key' });
    const noStd = without(ALL, 'ALIBABA_CLOUD_ACCESS_KEY_ID', 'ALIBABA_CLOUD_ACCESS_KEY_SECRET');
    expect(resolveCredentials(noStd, addonFiles)).toMatchObject({ accessKeyId: 'legacy-id' });
    const rrsaOnly = without(noStd, 'ECI_ACCESS_KEY', 'ECI_SECRET_KEY');
    expect(resolveCredentials(rrsaOnly, addonFiles)).toMatchObject({
      type: 'oidc_role_arn',
      roleArn: 'acs:ram::1:role/eci',
    });
    expect(resolveCredentials({}, addonFiles)).toEqual({
      type: 'access_key',
      origin: 'files in /var/addon',
      accessKeyId: 'file-id',
      accessKeySecret: 'file-secret',
      mountedAt: '/var/addon',
    });
  });

  test('ALIBABA_CLOUD_SECURITY_TOKEN makes STS credentials', () => {
    expect(resolveCredentials({ ...ALL, ALIBABA_CLOUD_SECURITY_TOKEN: 'tok' }, noFiles)).toMatchObject({
      type: 'sts',
      securityToken: 'tok',
    });
  });

  test('ALIBABA_ADDON_SECRET_DIR moves the secret files', () => {
    const read = files({ '/etc/eci/access-key-id': 'id', '/etc/eci/access-key-secret': 'secret' });
    expect(resolveCredentials({ ALIBABA_ADDON_SECRET_DIR: '/etc/eci' }, read)).toMatchObject({
      accessKeyId: 'id',
    });
  });

  test('nothing found: the message lists every accepted source', () => {
    expect(() => resolveCredentials({}, noFiles)).toThrow(MISSING_CREDENTIALS_MESSAGE);
    for (const name of [
      'ALIBABA_CLOUD_ACCESS_KEY_ID',
      'ECI_ACCESS_KEY',
      'ALIBABA_CLOUD_ROLE_ARN',
      'ALIBABA_CLOUD_OIDC_TOKEN_FILE',
      'alibaba-addon-secret',
      'access-key-id',
      '/var/addon',
    ]) {
      expect(MISSING_CREDENTIALS_MESSAGE).toContain(name);
    }
  });

  test('half a pair is an error naming the missing half, not a silent fall-through', () => {
    expect(() => resolveCredentials({ ALIBABA_CLOUD_ACCESS_KEY_ID: 'id' }, addonFiles)).toThrow(
      /ALIBABA_CLOUD_ACCESS_KEY_SECRET is not/,
    );
    expect(() => resolveCredentials({ ALIBABA_CLOUD_ROLE_ARN: 'arn' }, addonFiles)).toThrow(
      /ALIBABA_CLOUD_OIDC_PROVIDER_ARN, ALIBABA_CLOUD_OIDC_TOKEN_FILE are not set/,
    );
    expect(() => resolveCredentials({}, files({ '/var/addon/access-key-id': 'id' }))).toThrow(
      /access-key-secret is missing/,
    );
  });

  test('errors and descriptions never contain a secret', () => {
    const source = resolveCredentials(
      { ALIBABA_CLOUD_ACCESS_KEY_ID: 'LTAI5tABCDEFGH', ALIBABA_CLOUD_ACCESS_KEY_SECRET: 'TOPSECRET' },
      noFiles,
    );
    expect(describeCredentials(source)).not.toContain('TOPSECRET');
    expect(describeCredentials(source)).not.toContain('LTAI5tABCDEFGH');
    let message = '';
    try {
      resolveCredentials({ ALIBABA_CLOUD_ACCESS_KEY_SECRET: 'TOPSECRET' }, noFiles);
    } catch (err) {
      message = (err as Error).message;
    }
    expect(message).toContain('ALIBABA_CLOUD_ACCESS_KEY_ID');
    expect(message).not.toContain('TOPSECRET');
  });
});
