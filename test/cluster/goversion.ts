/** Pure checks of the installed Go toolchain against what the build needs. */

/** "go version go1.26.8 linux/amd64" (or "go1.26.8" from `go env GOVERSION`) → [1, 26, 8]. */
export function parseGoVersion(output: string): number[] | undefined {
  const m = /\bgo(\d+)\.(\d+)(?:\.(\d+))?/.exec(output);
  return m ? [Number(m[1]), Number(m[2]), Number(m[3] ?? 0)] : undefined;
}

function compare(a: number[], b: number[]): number {
  for (let i = 0; i < Math.max(a.length, b.length); i++) {
    const d = (a[i] ?? 0) - (b[i] ?? 0);
    if (d !== 0) return d;
  }
  return 0;
}

/** Throws a message saying what to install when `goVersionOutput` is older than `required` (e.g. "1.25.0"). */
export function checkGoVersion(goVersionOutput: string, required: string): void {
  const found = parseGoVersion(goVersionOutput);
  const need = parseGoVersion(`go${required}`);
  if (!need) throw new Error(`required Go version "${required}" is not of the form 1.N or 1.N.P`);
  if (!found) {
    throw new Error(
      `could not read a Go version from "${goVersionOutput.trim()}": install Go ${required} or newer (https://go.dev/dl)`,
    );
  }
  if (compare(found, need) < 0) {
    throw new Error(
      `Go ${found.join('.')} is too old to build Kubernetes: its go.mod needs Go ${required} or newer. ` +
        `Install a newer Go (https://go.dev/dl) and put it first on PATH`,
    );
  }
}
