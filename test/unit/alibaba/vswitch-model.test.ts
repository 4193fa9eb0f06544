/**
 * Every DescribeVSwitches response field the zone code relies on exists in the official VPC SDK's
 * response model (`names()`/`types()` of the model classes, generated from Alibaba's API metadata):
 * the paths are recorded from what the code actually reads, not listed by hand.
 */
import * as vpcSdk from '@alicloud/vpc20160428';
import type { VSwitch } from '../../../providers/backend.js';
import { readVSwitches } from '../../../providers/alibaba/vswitches.js';
import { resolveZones } from '../../../src/controller/zone.js';
import { pathsRead, typeAt } from '../openapi/model-walk.js';
import { HANGZHOU_K, vSwitchesAnswer } from './vswitch-answers.js';

const BODY = vpcSdk.DescribeVSwitchesResponseBody;
const ID = HANGZHOU_K.VSwitchId;
const sample = vSwitchesAnswer(HANGZHOU_K);

test('the wire reader reads only fields of DescribeVSwitchesResponseBody, with the types it declares', () => {
  const paths = pathsRead(sample, (body) => readVSwitches(body, ID));
  expect(paths).toEqual(
    expect.arrayContaining(['RequestId', 'VSwitches.VSwitch', 'VSwitches.VSwitch[].ZoneId']),
  );
  const types = Object.fromEntries(paths.map((p) => [p, typeAt(BODY, p)]));
  expect(Object.entries(types).filter(([, t]) => t === undefined)).toEqual([]);
  expect(types).toMatchObject({
    RequestId: 'string',
    'VSwitches.VSwitch[].VSwitchId': 'string',
    'VSwitches.VSwitch[].ZoneId': 'string',
    'VSwitches.VSwitch[].AvailableIpAddressCount': 'number',
  });
});

test('every field of the VSwitch the backends return is a wire name of the VSwitch model, same type', () => {
  const { match } = readVSwitches(sample, ID);
  expect(match).toBeDefined();
  for (const [field, value] of Object.entries(match ?? {})) {
    expect([field, typeAt(BODY, `VSwitches.VSwitch[].${field}`)]).toEqual([field, typeof value]);
  }
});

test('every VSwitch field zone resolution reads is one of them', async () => {
  const read = new Set<string>();
  const recorded = (v: VSwitch): VSwitch =>
    new Proxy(v, {
      get(target, prop, receiver) {
        if (typeof prop === 'string') read.add(prop);
        return Reflect.get(target, prop, receiver) as unknown;
      },
    });
  await resolveZones(
    { region: 'cn-hangzhou', vSwitchIds: [ID], zone: 'cn-hangzhou-b' },
    { describeVSwitches: async () => [recorded(HANGZHOU_K)] },
  );
  expect([...read]).toEqual(expect.arrayContaining(['ZoneId', 'VSwitchId']));
  expect([...read].filter((f) => typeAt(BODY, `VSwitches.VSwitch[].${f}`) === undefined)).toEqual([]);
});

test('the walk is not vacuous: a misspelt or invented field has no type in the model', () => {
  expect(typeAt(BODY, 'VSwitches.VSwitch[].ZoneID')).toBeUndefined();
  expect(typeAt(BODY, 'VSwitches.VSwitch[].Zone')).toBeUndefined();
  expect(typeAt(BODY, 'VSwitch[].ZoneId')).toBeUndefined();
  expect(pathsRead(sample, (b) => (b as { Vswitches?: unknown }).Vswitches)).toEqual(['Vswitches']);
});
