/** Pure reading and writing of go.mod text for the wrapper module that builds Kubernetes. */

/** Staging modules the kubernetes go.mod replaces with local folders (`k8s.io/X => ./staging/src/k8s.io/X`). */
export function stagingModules(kubernetesGoMod: string): string[] {
  const found = new Set<string>();
  const line = /^\s*(?:replace\s+)?(\S+)(?:\s+\S+)?\s+=>\s+\.\/staging\/src\/\S+\s*$/;
  for (const text of kubernetesGoMod.split('\n')) {
    const m = line.exec(text.replace(/\/\/.*$/, ''));
    if (m) found.add(m[1]);
  }
  return [...found].sort();
}

/** The `go` directive (e.g. "1.25.0"), or undefined when the file has none. */
export function goDirective(goMod: string): string | undefined {
  return /^go\s+(\d+\.\d+(?:\.\d+)?)\s*$/m.exec(goMod)?.[1];
}

/** The version a go.mod requires for `modulePath`, direct or indirect. */
export function requiredVersion(goMod: string, modulePath: string): string | undefined {
  const escaped = modulePath.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  return new RegExp(`^\\s*(?:require\\s+)?${escaped}\\s+(v\\S+)`, 'm').exec(goMod)?.[1];
}

/** Staging modules are published as v0.MINOR.PATCH for Kubernetes v1.MINOR.PATCH. */
export function stagingVersion(kubernetesVersion: string): string {
  const m = /^v1\.(\d+)\.(\d+)$/.exec(kubernetesVersion);
  if (!m) {
    throw new Error(
      `Kubernetes version "${kubernetesVersion}" is not of the form v1.MINOR.PATCH, e.g. v1.35.4`,
    );
  }
  return `v0.${m[1]}.${m[2]}`;
}

export interface WrapperModuleInput {
  kubernetesGoMod: string;
  kubernetesVersion: string;
  etcdModule: string;
  etcdVersion: string;
}

/**
 * The go.mod of a module that requires kubernetes and etcd and points every staging module at its
 * published version, since `go build` of a dependency cannot follow the kubernetes module's
 * `./staging` folder replaces.
 */
export function wrapperGoMod(input: WrapperModuleInput): string {
  const staging = stagingModules(input.kubernetesGoMod);
  if (staging.length === 0) {
    throw new Error(
      'the kubernetes go.mod has no "k8s.io/X => ./staging/src/k8s.io/X" replace lines: ' +
        'is it really the go.mod of k8s.io/kubernetes?',
    );
  }
  const goVersion = goDirective(input.kubernetesGoMod) ?? '1.25.0';
  const published = stagingVersion(input.kubernetesVersion);
  const requires = [
    `\t${input.etcdModule} ${input.etcdVersion}`,
    `\tk8s.io/kubernetes ${input.kubernetesVersion}`,
  ].sort();
  return [
    'module kbuild',
    '',
    `go ${goVersion}`,
    '',
    'require (',
    ...requires,
    ')',
    '',
    'replace (',
    ...staging.map((mod) => `\t${mod} => ${mod} ${published}`),
    ')',
    '',
  ].join('\n');
}
