import client from 'prom-client';

export interface AdmissionMetrics {
  registry: client.Registry;
  /** `matched`: "true" (pod mutated), "false" (no selector matched, or not a pod creation), "error" (admitted unchanged). */
  admissions: client.Counter<'matched'>;
  duration: client.Histogram;
}

export function createAdmissionMetrics(registry: client.Registry = new client.Registry()): AdmissionMetrics {
  const admissions = new client.Counter({
    name: 'eci_profile_admission_total',
    help: 'AdmissionReviews answered by the eci-profile webhook, by whether a selector matched',
    labelNames: ['matched'] as const,
    registers: [registry],
  });
  const duration = new client.Histogram({
    name: 'eci_profile_admission_duration_seconds',
    help: 'Time to answer one AdmissionReview, namespace lookup included',
    buckets: [0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5],
    registers: [registry],
  });
  return { registry, admissions, duration };
}
