import type { JsonPatchOp, PodLike } from './types.js';

/** The fields of an admission.k8s.io/v1 AdmissionRequest the webhook uses. */
export interface AdmissionRequest {
  uid: string;
  resource?: { group?: string; version?: string; resource?: string };
  subResource?: string;
  namespace?: string;
  operation?: string;
  object?: PodLike;
}

export interface AdmissionReviewResponse {
  apiVersion: 'admission.k8s.io/v1';
  kind: 'AdmissionReview';
  response: { uid: string; allowed: true; patchType?: 'JSONPatch'; patch?: string };
}

/** The request inside an AdmissionReview body, or why there is none. */
export function readAdmissionRequest(body: unknown): AdmissionRequest | { problem: string } {
  if (typeof body !== 'object' || body === null) return { problem: 'body is not a JSON AdmissionReview' };
  const review = body as { apiVersion?: unknown; kind?: unknown; request?: unknown };
  if (review.kind !== 'AdmissionReview' || review.apiVersion !== 'admission.k8s.io/v1') {
    return {
      problem: `expected apiVersion admission.k8s.io/v1 kind AdmissionReview, got ${String(review.apiVersion)} ${String(review.kind)}: register the webhook with admissionReviewVersions [v1]`,
    };
  }
  const request = review.request as Partial<AdmissionRequest> | undefined;
  if (
    typeof request !== 'object' ||
    request === null ||
    typeof request.uid !== 'string' ||
    request.uid === ''
  ) {
    return { problem: 'AdmissionReview has no request.uid' };
  }
  return request as AdmissionRequest;
}

/** Only the creation of a pod itself (not a subresource) is mutated. */
export function isPodCreate(request: AdmissionRequest): boolean {
  return (
    request.operation === 'CREATE' &&
    (request.resource?.group ?? '') === '' &&
    request.resource?.resource === 'pods' &&
    (request.subResource ?? '') === '' &&
    typeof request.object === 'object' &&
    request.object !== null
  );
}

/** Always allowed: the eci-profile only adds, it never blocks a pod. */
export function allowResponse(uid: string, patch: readonly JsonPatchOp[] = []): AdmissionReviewResponse {
  const response: AdmissionReviewResponse['response'] = { uid, allowed: true };
  if (patch.length > 0) {
    response.patchType = 'JSONPatch';
    response.patch = Buffer.from(JSON.stringify(patch)).toString('base64');
  }
  return { apiVersion: 'admission.k8s.io/v1', kind: 'AdmissionReview', response };
}
