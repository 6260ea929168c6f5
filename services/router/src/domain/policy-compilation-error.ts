/** One thing wrong with a policy document, at a field path the API can show next to the field (`alwaysReview[0].when`). */
export interface PolicyProblem {
  path: string;
  message: string;
}

/**
 * A routing policy document that cannot be compiled: every problem found, not just the first, so an administrator
 * fixes them in one go. The policy API maps it to 400 with `errors`; a stored policy never raises it, because only a
 * compiled policy is stored.
 */
export class PolicyCompilationError extends Error {
  constructor(
    readonly workflow: string,
    readonly errors: PolicyProblem[],
  ) {
    super(`routing policy for ${workflow} is invalid: ${errors.map((e) => `${e.path}: ${e.message}`).join('; ')}`);
    this.name = 'PolicyCompilationError';
  }
}
