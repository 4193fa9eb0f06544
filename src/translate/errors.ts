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
