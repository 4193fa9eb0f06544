import type { V1Container, V1Pod } from '@kubernetes/client-node';

export interface PodReferences {
  configMaps: string[];
  secrets: string[];
  persistentVolumeClaims: string[];
  needsServiceAccountToken: boolean;
  serviceAccountName?: string;
  /** Every audience a projected token asks for (empty: the API server's default audience). */
  tokenAudiences?: string[];
  /**
   * The shortest expiration a projection asks for. ECI writes the token once and never refreshes it,
   * so the controller should ask the TokenRequest API for no less than this.
   */
  tokenExpirationSeconds?: number;
}

function allContainers(pod: V1Pod): V1Container[] {
  return [...(pod.spec?.initContainers ?? []), ...(pod.spec?.containers ?? [])];
}

/** What the controller must fetch before `translatePod` can run: names in the pod's namespace. */
export function referencesOf(pod: V1Pod): PodReferences {
  const configMaps = new Set<string>();
  const secrets = new Set<string>();
  const claims = new Set<string>();
  const audiences = new Set<string>();
  let needsToken = false;
  let expiration: number | undefined;

  for (const c of allContainers(pod)) {
    for (const e of c.env ?? []) {
      if (e.valueFrom?.configMapKeyRef?.name) configMaps.add(e.valueFrom.configMapKeyRef.name);
      if (e.valueFrom?.secretKeyRef?.name) secrets.add(e.valueFrom.secretKeyRef.name);
    }
    for (const f of c.envFrom ?? []) {
      if (f.configMapRef?.name) configMaps.add(f.configMapRef.name);
      if (f.secretRef?.name) secrets.add(f.secretRef.name);
    }
  }
  for (const v of pod.spec?.volumes ?? []) {
    if (v.configMap?.name) configMaps.add(v.configMap.name);
    if (v.secret?.secretName) secrets.add(v.secret.secretName);
    if (v.persistentVolumeClaim?.claimName) claims.add(v.persistentVolumeClaim.claimName);
    for (const s of v.projected?.sources ?? []) {
      if (s.configMap?.name) configMaps.add(s.configMap.name);
      if (s.secret?.name) secrets.add(s.secret.name);
      if (s.serviceAccountToken) {
        needsToken = true;
        if (s.serviceAccountToken.audience) audiences.add(s.serviceAccountToken.audience);
        const exp = s.serviceAccountToken.expirationSeconds;
        if (exp !== undefined) expiration = expiration === undefined ? exp : Math.min(expiration, exp);
      }
    }
  }
  for (const s of pod.spec?.imagePullSecrets ?? []) if (s.name) secrets.add(s.name);

  const refs: PodReferences = {
    configMaps: [...configMaps].sort(),
    secrets: [...secrets].sort(),
    persistentVolumeClaims: [...claims].sort(),
    needsServiceAccountToken: needsToken,
  };
  if (needsToken) {
    refs.serviceAccountName = pod.spec?.serviceAccountName ?? pod.spec?.serviceAccount ?? 'default';
    refs.tokenAudiences = [...audiences].sort();
    if (expiration !== undefined) refs.tokenExpirationSeconds = expiration;
  }
  return refs;
}
