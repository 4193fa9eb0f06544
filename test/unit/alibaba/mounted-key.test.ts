import nock from 'nock';
import { createAlibabaBackend } from '../../../providers/alibaba/index.js';
import { MOUNTED_KEY_RECHECK_MS, mountedKeyProvider } from '../../../providers/alibaba/mounted-key.js';
import type { Logger } from '../../../providers/logger.js';
import { ENDPOINT, useNock } from './helpers.js';

useNock();

const DIR = '/var/addon';
const OLD = { accessKeyId: 'LTAIoldkey000001', accessKeySecret: 'old-secret' };
const NEW = { accessKeyId: 'LTAInewkey000002', accessKeySecret: 'new-secret' };

/** The mounted secret: what its two files hold now. */
function mount(key: { accessKeyId?: string; accessKeySecret?: string }) {
  const files = new Map<string, string>();
  const put = (k: { accessKeyId?: string; accessKeySecret?: string }) => {
    files.clear();
    if (k.accessKeyId !== undefined) files.set(`${DIR}/access-key-id`, `${k.accessKeyId}\n`);
    if (k.accessKeySecret !== undefined) files.set(`${DIR}/access-key-secret`, `${k.accessKeySecret}\n`);
  };
  put(key);
  return { put, readFile: (f: string) => files.get(f) };
}

function recordingLogger() {
  const lines: { level: string; message: string; meta: unknown }[] = [];
  const at =
    (level: string) =>
    (message: string, meta?: unknown): void => {
      lines.push({ level, message, meta });
    };
  const logger: Logger = { debug: at('debug'), info: at('info'), warn: at('warn'), error: at('error') };
  return { logger, lines };
}

/** The provider over a secret mounted with `key`, on a clock the test moves. */
function providerOver(key: typeof OLD) {
  const secret = mount(key);
  const clock = { now: 0 };
  const { logger, lines } = recordingLogger();
  const provider = mountedKeyProvider({
    dir: DIR,
    initial: key,
    readFile: secret.readFile,
    now: () => clock.now,
    logger,
  });
  return { secret, clock, lines, provider };
}

test('a rotated secret is signed with once the recheck interval has passed, and the change is logged without secrets', async () => {
  const { secret, clock, lines, provider } = providerOver(OLD);
  expect((await provider.getCredentials()).accessKeyId).toBe(OLD.accessKeyId);

  secret.put(NEW);
  clock.now += MOUNTED_KEY_RECHECK_MS - 1;
  expect((await provider.getCredentials()).accessKeyId).toBe(OLD.accessKeyId);
  clock.now += 1;
  const signed = await provider.getCredentials();
  expect(signed).toMatchObject({ ...NEW, securityToken: '' });
  expect(lines).toEqual([
    {
      level: 'info',
      message: 'the mounted ECI credentials changed: signing with the new key',
      meta: { from: 'LTAI****0001', to: 'LTAI****0002', dir: DIR },
    },
  ]);
  expect(JSON.stringify(lines)).not.toMatch(/secret"|new-secret|old-secret/);
});

test('a half-written or missing secret keeps the last key, warns once, and the fixed secret is taken', async () => {
  const { secret, clock, lines, provider } = providerOver(OLD);

  secret.put({ accessKeyId: NEW.accessKeyId });
  for (let i = 0; i < 3; i++) {
    clock.now += MOUNTED_KEY_RECHECK_MS;
    expect((await provider.getCredentials()).accessKeyId).toBe(OLD.accessKeyId);
  }
  expect(lines).toHaveLength(1);
  expect(lines[0]).toMatchObject({
    level: 'warn',
    meta: {
      key: 'LTAI****0001',
      err: `${DIR}/access-key-secret is missing or empty while its pair is present: mount both keys of alibaba-addon-secret.`,
    },
  });

  secret.put({});
  clock.now += MOUNTED_KEY_RECHECK_MS;
  expect((await provider.getCredentials()).accessKeyId).toBe(OLD.accessKeyId);
  expect(lines[1]?.meta).toMatchObject({ err: `neither access-key-id nor access-key-secret is in ${DIR}` });

  secret.put(NEW);
  clock.now += MOUNTED_KEY_RECHECK_MS;
  expect((await provider.getCredentials()).accessKeyId).toBe(NEW.accessKeyId);
  expect(lines.map((l) => l.level)).toEqual(['warn', 'warn', 'info']);
});

test('the official SDK signs its calls with the key the mounted secret holds now', async () => {
  const secret = mount(OLD);
  let now = 0;
  const backend = await createAlibabaBackend({
    regionId: 'cn-hangzhou',
    endpoint: ENDPOINT,
    env: { ALIBABA_ADDON_SECRET_DIR: DIR },
    readFile: secret.readFile,
    tuning: { rateLimits: false, now: () => now },
  });
  const signedBy: string[] = [];
  nock(ENDPOINT)
    .post('/')
    .query(true)
    .times(2)
    // nock 15 hands the reply function the intercepted fetch Request.
    .reply((request: Request) => {
      const auth = request.headers.get('authorization') ?? '';
      signedBy.push(/Credential=([^,]+)/.exec(auth)?.[1] ?? auth);
      return [200, { RequestId: 'R', ContainerGroups: [], TotalCount: 0 }];
    });
  await backend.describeContainerGroups({});
  secret.put(NEW);
  now += MOUNTED_KEY_RECHECK_MS;
  await backend.describeContainerGroups({});
  expect(signedBy).toEqual([OLD.accessKeyId, NEW.accessKeyId]);
});
