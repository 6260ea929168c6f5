/** The reason codes offered when rejecting, in the order of their number keys (the review API's suggested codes). */
export const REASON_CODES: Array<{ code: string; label: string }> = [
  { code: 'incorrect', label: 'Incorrect: the output is wrong' },
  { code: 'insufficient_evidence', label: 'Insufficient evidence to support it' },
  { code: 'policy_violation', label: 'Violates a policy' },
  { code: 'other', label: 'Other (say why in the comment)' },
];
