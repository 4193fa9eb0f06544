/**
 * Why a pod cannot become an ECI request. The message always names the pod field, the bad value and the
 * fix, because it ends up verbatim in a Kubernetes Event and in `kubectl describe pod`.
 */
export type TranslationErrorReason = 'ProviderFailed' | 'CreateContainerConfigError';

export class TranslationError extends Error {
  readonly field: string;
  readonly value: string;
  /** What is wrong with the value, without field or fix. */
  readonly problem: string;
  readonly fix: string;
  readonly reason: TranslationErrorReason;
  /** false: the input may become valid later (a ConfigMap not created yet), so the controller retries. */
  readonly permanent: boolean;

  constructor(
    field: string,
    value: string,
    problem: string,
    fix: string,
    opts: { reason?: TranslationErrorReason; permanent?: boolean } = {},
  ) {
    super(`${field}: ${value} ${problem}; ${fix}`);
    this.name = 'TranslationError';
    this.field = field;
    this.value = value;
    this.problem = problem;
    this.fix = fix;
    this.reason = opts.reason ?? 'ProviderFailed';
    this.permanent = opts.permanent ?? this.reason === 'ProviderFailed';
  }
}

/** Something ECI cannot run: retrying never helps. */
export function unsupported(field: string, value: string, problem: string, fix: string): TranslationError {
  return new TranslationError(field, value, problem, fix, { reason: 'ProviderFailed', permanent: true });
}

/** A referenced object or key that does not exist yet: the kubelet waits and retries, and so do we. */
export function notYetAvailable(
  field: string,
  value: string,
  problem: string,
  fix: string,
): TranslationError {
  return new TranslationError(field, value, problem, fix, {
    reason: 'CreateContainerConfigError',
    permanent: false,
  });
}

/** Several problems of one pod at once: the message lists each, so one edit fixes them all. */
export class TranslationErrors extends TranslationError {
  readonly all: readonly TranslationError[];

  constructor(all: readonly TranslationError[]) {
    const [first] = all;
    // One that retrying never helps makes the whole pod fail.
    const permanent = all.some((e) => e.permanent);
    super(first.field, first.value, first.problem, first.fix, {
      reason: permanent ? 'ProviderFailed' : first.reason,
      permanent,
    });
    this.name = 'TranslationErrors';
    this.all = all;
    // Led by the first problem's field, as every translation error is.
    this.message = all.map((e) => e.message).join('. Also ');
  }
}

/**
 * Runs checks that do not depend on each other and keeps every problem they find, where stopping at
 * the first would have a pod with three bad annotations fixed in three rounds.
 */
export class Problems {
  private readonly found: TranslationError[] = [];

  /** The check's result, or undefined when it found a problem. */
  check<T>(run: () => T): T | undefined {
    try {
      return run();
    } catch (err) {
      if (err instanceof TranslationErrors) this.found.push(...err.all);
      else if (err instanceof TranslationError) this.found.push(err);
      else throw err;
      return undefined;
    }
  }

  /** Throws what was found (the one problem as it is, several as one TranslationErrors); else the checks' results. */
  results<T extends unknown[]>(...values: { [K in keyof T]: T[K] | undefined }): T {
    if (this.found.length === 1) throw this.found[0];
    if (this.found.length > 1) throw new TranslationErrors(this.found);
    return values as T;
  }
}
