import XML from '@alicloud/tea-xml';
import * as eciSdk from '@alicloud/eci20180808';
import { answerFormat } from '../../../providers/simulator/openapi/answer-format.js';
import { REGION, callV1, callV1Raw, createParams, useSimulatorServer } from './helpers.js';

const h = useSimulatorServer();
const XmlReader = XML.default;

/** What an official SDK's XML reader (tea-xml, as the Tea SDKs use it) makes of an answer, under its model. */
function readXml(text: string, root: string, model: unknown): Record<string, unknown> {
  const tree = XmlReader.parseXml(text, null) as Record<string, unknown>;
  return XmlReader._xmlCast(tree[root], model);
}

/** The JSON answer put through the same model walk, so both are compared as a client reads them. */
function readJson(body: Record<string, unknown>, model: unknown): Record<string, unknown> {
  return XmlReader._xmlCast(body, model);
}

function withoutRequestId(o: Record<string, unknown>): Record<string, unknown> {
  const { RequestId, ...rest } = o;
  expect(RequestId).toMatch(/^[0-9A-F-]{36}$/);
  return rest;
}

describe('an answer is JSON or XML as Format asks, XML when a V1 call sends none (POP’s default)', () => {
  test('DescribeContainerGroups in XML says what its JSON says, lists as repeated elements', async () => {
    const created = await callV1(
      h.server.url,
      'CreateContainerGroup',
      createParams('xml-a', {
        'Tag.1.Key': 'team',
        'Tag.1.Value': 'a&b <c>',
        'Tag.2.Key': 'tier',
        'Tag.2.Value': '前端',
        'Container.1.Command.1': 'sh',
        'Container.1.Command.2': '-c',
        'Container.1.Arg.1': 'echo "<hi>" && sleep 1',
      }),
    );
    expect(created.status).toBe(200);
    const query = { RegionId: REGION, ContainerGroupIds: JSON.stringify([created.body.ContainerGroupId]) };
    const json = await callV1(h.server.url, 'DescribeContainerGroups', query);
    for (const Format of [undefined, 'XML', 'xml']) {
      const xml = await callV1Raw(h.server.url, 'DescribeContainerGroups', query, { common: { Format } });
      expect([xml.status, xml.contentType]).toEqual([200, 'text/xml; charset=utf-8']);
      expect(xml.text).toMatch(/^<\?xml version="1.0" encoding="UTF-8"\?><DescribeContainerGroupsResponse>/);
      // Two tags: the element repeated, not wrapped in an item element.
      expect(xml.text.match(/<Tags><Key>/g)).toHaveLength(2);
      expect(xml.text).toContain('<Value>a&amp;b &lt;c&gt;</Value>');
      const model = eciSdk.DescribeContainerGroupsResponseBody;
      const fromXml = readXml(xml.text, 'DescribeContainerGroupsResponse', model);
      expect(withoutRequestId(fromXml)).toEqual(withoutRequestId(readJson(json.body, model)));
      const groups = fromXml.ContainerGroups as { Containers: { Commands: string[]; Args: string[] }[] }[];
      expect(groups[0]?.Containers[0]?.Commands).toEqual(['sh', '-c']);
      expect(groups[0]?.Containers[0]?.Args).toEqual(['echo "<hi>" && sleep 1']);
    }
  });

  test('CreateContainerGroup and DescribeContainerGroupStatus answer in XML when asked', async () => {
    const created = await callV1Raw(h.server.url, 'CreateContainerGroup', createParams('xml-b'), {
      common: { Format: 'XML' },
    });
    expect(created.status).toBe(200);
    const id = readXml(
      created.text,
      'CreateContainerGroupResponse',
      eciSdk.CreateContainerGroupResponseBody,
    ).ContainerGroupId;
    expect(id).toMatch(/^eci-/);
    const query = { RegionId: REGION, ContainerGroupIds: JSON.stringify([id]) };
    const model = eciSdk.DescribeContainerGroupStatusResponseBody;
    const json = await callV1(h.server.url, 'DescribeContainerGroupStatus', query);
    const xml = await callV1Raw(h.server.url, 'DescribeContainerGroupStatus', query, {
      common: { Format: undefined },
    });
    const fromXml = readXml(xml.text, 'DescribeContainerGroupStatusResponse', model);
    expect(withoutRequestId(fromXml)).toEqual(withoutRequestId(readJson(json.body, model)));
    expect((fromXml.Data as { ContainerGroupId: string }[]).map((d) => d.ContainerGroupId)).toEqual([id]);
  });

  test('an error is an <Error> with the same Code, Message and HTTP status as in JSON', async () => {
    const json = await callV1(h.server.url, 'CreateContainerGroup', { RegionId: REGION });
    const xml = await callV1Raw(
      h.server.url,
      'CreateContainerGroup',
      { RegionId: REGION },
      { common: { Format: undefined } },
    );
    expect([xml.status, xml.contentType]).toEqual([json.status, 'text/xml; charset=utf-8']);
    const tree = XmlReader.parseXml(xml.text, null) as { Error: Record<string, string> };
    expect(tree.Error.Code).toBe(json.body.Code);
    expect(tree.Error.Message).toBe(json.body.Message);
    expect(tree.Error.HostId).toBe(json.body.HostId);
    expect(tree.Error.RequestId).toMatch(/^[0-9A-F-]{36}$/);
    expect(xml.requestIdHeader).toBe(tree.Error.RequestId);
  });

  test('the RequestId is also in the x-acs-request-id header, as POP sends it', async () => {
    const ok = await callV1Raw(h.server.url, 'DescribeRegions', { RegionId: REGION });
    const body = JSON.parse(ok.text) as { RequestId: string };
    expect([ok.status, ok.requestIdHeader]).toEqual([200, body.RequestId]);
  });

  test('an unsigned call is refused in the format it asked for, XML by default', async () => {
    const path = `${h.server.url}/?Action=DescribeContainerGroups&Version=2018-08-08&RegionId=${REGION}`;
    const bare = await fetch(path);
    expect([bare.status, bare.headers.get('content-type')]).toEqual([400, 'text/xml; charset=utf-8']);
    expect((XmlReader.parseXml(await bare.text(), null) as { Error: { Code: string } }).Error.Code).toBe(
      'MissingParameter',
    );
    const asJson = await fetch(`${path}&Format=JSON`);
    expect(((await asJson.json()) as { Code: string }).Code).toBe('MissingParameter');
  });
});

describe('answerFormat', () => {
  const v3 = { authorization: 'ACS3-HMAC-SHA256 Credential=k,SignedHeaders=host,Signature=s' };
  test.each([
    ['V1 without Format', 'XML', [], {}],
    ['V1 Format=JSON', 'JSON', [['Format', 'JSON']], {}],
    ['V1 Format=json', 'JSON', [['Format', 'json']], {}],
    ['V1 Format=XML', 'XML', [['Format', 'XML']], {}],
    ['V3 Accept: application/json', 'JSON', [], { ...v3, accept: 'application/json' }],
    ['V3 without Accept', 'JSON', [], v3],
    ['V3 Accept: application/xml', 'XML', [], { ...v3, accept: 'application/xml' }],
    ['V3 Format=XML', 'XML', [['Format', 'XML']], { ...v3, accept: 'application/json' }],
  ] as const)('%s → %s', (_name, expected, params, headers) => {
    expect(
      answerFormat(
        params.map(([k, v]) => [k, v]),
        headers,
      ),
    ).toBe(expected);
  });
});
