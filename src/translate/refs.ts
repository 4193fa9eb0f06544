import type { V1Container, V1Pod, V1ServiceAccountTokenProjection } from '@kubernetes/client-node';

/**
 * One TokenRequest, as the kubelet makes one per projected token source: that source's audience
 * ('' for the API server's own) and lifetime. One token for all sources would carry every audience
 * and the shortest lifetime: the API server refuses a token whose audience is not its own, and only
 * extends the kube-api-access lifetime (3607 s) of a token for it alone.
 */
export interface TokenWanted {
  audience: string;
  expirationSeconds: number;
}

/** The lifetime of a projected token that names none (the API's default). */
const DEFAULT_TOKEN_EXPIRATION_SECONDS = 3600;

export function tokenWanted(s: V1ServiceAccountTokenProjection): TokenWanted {
  return {
    audience: s.audience ?? '',
    expirationSeconds: s.expirationSeconds ?? DEFAULT_TOKEN_EXPIRATION_SECONDS,
  };
}

/** Where a token is kept in ReferencedObjects.serviceAccountTokens. */
export function tokenKey(t: TokenWanted): string {
  return `${t.expirationSeconds}/${t.audience}`;
}

export interface PodReferences {
  configMaps: string[];
  secrets: string[];
  persistentVolumeClaims: string[];
  /** The distinct tokens the pod's projected volumes hold, each of them requested on its own. */
  tokens: TokenWanted[];
  serviceAccountName?: string;
}

function allContainers(pod: V1Pod): V1Container[] {
  return [...(pod.spec?.initContainers ?? []), ...(pod.spec?.containers ?? [])];
}

/** What the controller must fetch before `translatePod` can run: names in the pod's namespace. */
export function referencesOf(pod: V1Pod): PodReferences {
  const configMaps = new Set<string>();
  const secrets = new Set<string>();
  const claims = new Set<string>();
  const tokens = new Map<string, TokenWanted>();

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
        const token = tokenWanted(s.serviceAccountToken);
        tokens.set(tokenKey(token), token);
      }
    }
  }
  for (const s of pod.spec?.imagePullSecrets ?? []) if (s.name) secrets.add(s.name);

  const refs: PodReferences = {
    configMaps: [...configMaps].sort(),
    secrets: [...secrets].sort(),
    persistentVolumeClaims: [...claims].sort(),
    tokens: [...tokens.values()],
  };
  if (tokens.size > 0)
    refs.serviceAccountName = pod.spec?.serviceAccountName ?? pod.spec?.serviceAccount ?? 'default';
  return refs;
}
