import XML from '@alicloud/tea-xml';
import * as sdk from '@alicloud/eci20180808';
import { toXml } from '../../../../providers/simulator/openapi/answer-format.js';
import { ACTIONS } from '../../../../providers/simulator/openapi/index.js';
import { covers, NEVER_PRODUCED } from './allow-list.js';
import { runCorpus } from './corpus.js';
import { runErrors, STATUS_BY_CODE } from './errors.js';
import type { Answer, Harness } from './harness.js';
import {
  isModelClass,
  modelPaths,
  newWalkResult,
  walkModel,
  type ModelClass,
  type WalkResult,
} from './walk.js';

/**
 * The official SDK's response models are the schema of truth: every answer the emulator gives
 * over HTTP, for a corpus covering every group status, container shape, event kind and error, is
 * walked against its action's model. Any field the model lacks or any wrong JSON type fails; every
 * model field the corpus never produced must be on the allow-list, with its reason.
 */

const XmlReader = XML.default;
let h: Harness;
let errors: Answer[];

beforeAll(async () => {
  h = await runCorpus();
  errors = await runErrors(h);
}, 60_000);
afterAll(() => h.close());

function responseModel(action: string): ModelClass {
  const model: unknown = (sdk as Record<string, unknown>)[`${action}ResponseBody`];
  if (!isModelClass(model)) throw new Error(`the SDK has no ${action}ResponseBody model`);
  return model;
}

function walkAnswers(action: string): WalkResult {
  const out = newWalkResult();
  for (const a of h.answers)
    if (a.action === action && a.status === 200) walkModel(a.body, responseModel(action), '', out);
  return out;
}

const served = Object.keys(ACTIONS);

test.each(served)('%s: every answer has only model fields, of the model types', (action) => {
  const answered = h.answers.filter((a) => a.action === action && a.status === 200);
  expect(answered.length).toBeGreaterThan(0);
  expect([...new Set(walkAnswers(action).problems)]).toEqual([]);
});

test.each(served)('%s: each model field is produced or allow-listed with a reason', (action) => {
  const produced = walkAnswers(action).produced;
  const allowed = NEVER_PRODUCED[action] ?? {};
  const never = modelPaths(responseModel(action)).filter((p) => !produced.has(p));
  expect(never.filter((p) => !Object.keys(allowed).some((entry) => covers(entry, p)))).toEqual([]);
  // No stale entries: each allow-listed field is indeed never produced, and names a model field.
  for (const entry of Object.keys(allowed)) expect([entry, never.includes(entry)]).toEqual([entry, true]);
});

test('the corpus reaches every group status, container state and event kind', () => {
  const groups = h.answers.flatMap((a) =>
    a.action === 'DescribeContainerGroups' && a.status === 200
      ? (a.body.ContainerGroups as Record<string, unknown>[])
      : [],
  );
  const statuses = new Set(groups.map((g) => g.Status));
  expect([...statuses].sort()).toEqual([
    'Expired',
    'Failed',
    'Pending',
    'Restarting',
    'Running',
    'ScheduleFailed',
    'Scheduling',
    'Succeeded',
    'Terminating',
    'Updating',
  ]);
  const states = new Set(
    groups.flatMap((g) =>
      [
        ...(g.Containers as Record<string, { State: string }>[]),
        ...(g.InitContainers as Record<string, { State: string }>[]),
      ].map((c) => c.CurrentState.State),
    ),
  );
  expect([...states].sort()).toEqual(['Running', 'Terminated', 'Waiting']);
  const reasons = new Set(
    h.answers.flatMap((a) =>
      a.action === 'DescribeContainerGroupEvents' && a.status === 200
        ? (a.body.Data as { Events: { Reason: string }[] }[]).flatMap((d) => d.Events.map((e) => e.Reason))
        : [],
    ),
  );
  for (const reason of [
    'Pulling',
    'Pulled',
    'Created',
    'Started',
    'Killing',
    'BackOff',
    'Failed',
    'NoStock',
    'SpotToBeReleased',
    'DeadlineExceeded',
    'OOMKilled',
  ])
    expect([reason, reasons.has(reason)]).toEqual([reason, true]);
});

test('every error answers {RequestId, HostId, Code, Message, Recommend} with its documented HTTP status', () => {
  const codes = errors.map((a) => String(a.body.Code));
  expect([...new Set(codes)].sort()).toEqual(Object.keys(STATUS_BY_CODE).sort());
  for (const a of errors) {
    expect(Object.keys(a.body).sort()).toEqual(['Code', 'HostId', 'Message', 'Recommend', 'RequestId']);
    for (const v of Object.values(a.body)) expect(typeof v).toBe('string');
    expect([a.body.Code, a.status]).toEqual([a.body.Code, STATUS_BY_CODE[String(a.body.Code)]]);
  }
});

test.each(served)(
  '%s: every answer reads the same in XML as in JSON, through the SDKs’ XML reader',
  (action) => {
    const model = responseModel(action);
    const answered = h.answers.filter((a) => a.action === action && a.status === 200);
    for (const a of answered) {
      const root = `${action}Response`;
      const tree = XmlReader.parseXml(toXml(root, a.body as object), null) as Record<string, unknown>;
      expect(XmlReader._xmlCast(tree[root], model)).toEqual(asXmlText(XmlReader._xmlCast(a.body, model)));
    }
  },
);

/**
 * What XML can say of a JSON answer read under its model: the model's typed fields come back typed,
 * but a map of any values (ListUsage's Attributes) has no types to restore, so its values read as text.
 */
function asXmlText(read: Record<string, unknown>): Record<string, unknown> {
  const attributes = read.Attributes;
  if (typeof attributes !== 'object' || attributes === null) return read;
  const text = Object.entries(attributes).map(([k, v]) => [k, String(v)]);
  return { ...read, Attributes: Object.fromEntries(text) };
}
