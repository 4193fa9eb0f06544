import { benchAdmission } from '../../../bench/admission.js';

describe('benchAdmission', () => {
  it('fires the requested AdmissionReviews and reports percentiles', async () => {
    const result = await benchAdmission({ requests: 40, concurrency: 4 });
    expect(result.p50Ms).toBeGreaterThan(0);
    expect(result.p99Ms).toBeGreaterThanOrEqual(result.p50Ms);
    expect(result.rps).toBeGreaterThan(0);
  });

  it('refuses unbounded runs', async () => {
    await expect(benchAdmission({ requests: 1e9, concurrency: 4 })).rejects.toThrow(
      /requests is 1000000000: use a whole number from 1 to/,
    );
    await expect(benchAdmission({ requests: 10, concurrency: 0 })).rejects.toThrow(/concurrency is 0/);
  });
});
