import type { V1Container } from '@kubernetes/client-node';
import { translatePod } from '../../../src/translate/index.js';
import { makeCtx, makePod } from './fixtures.js';

const ANNOTATION = 'k8s.aliyun.com/eci-extra-ephemeral-storage';
const storage = (name: string, requests?: string, limits?: string): V1Container => ({
  name,
  image: 'nginx',
  resources: {
    ...(requests && { requests: { 'ephemeral-storage': requests } }),
    ...(limits && { limits: { 'ephemeral-storage': limits } }),
  },
});
const extra = (containers: V1Container[], annotation?: string) =>
  translatePod(
    makePod({ containers }, annotation ? { annotations: { [ANNOTATION]: annotation } } : {}),
    makeCtx(),
  ).request.EphemeralStorage;

describe("temporary storage beyond ECI's free 30 GiB", () => {
  test("the containers' ephemeral-storage requests, less 30 GiB, as ECI's page computes them", () => {
    expect(extra([storage('a', '50Gi'), storage('b', '20Gi')])).toBe(40);
    // A limit alone is the request, as the API server defaults it.
    expect(extra([storage('a', undefined, '80Gi')])).toBe(50);
    expect(extra([storage('a', '100Mi', '1Gi')])).toBeUndefined();
    expect(extra([storage('a')])).toBeUndefined();
  });

  test('with the annotation as well, the greater of the two', () => {
    expect(extra([storage('a', '50Gi')], '10Gi')).toBe(20);
    expect(extra([storage('a', '50Gi')], '100Gi')).toBe(100);
    expect(extra([storage('a')], '10Gi')).toBe(10);
  });
});
