import { AbandonedWorkflow, expiryFindings, FinalFact, RoutedFact } from './expiry-findings';

const abandoned: AbandonedWorkflow = {
  workflow: 'supplier-onboarding',
  slaSeconds: 60,
  expirySeconds: 20,
  safeDefault: 'reject',
  graceSeconds: 10,
};
const at = (seconds: number) => new Date(Date.UTC(2026, 11, 4, 12, 0, seconds)).toISOString();
const routed: RoutedFact[] = [
  { decisionId: 'd1', workflow: 'supplier-onboarding', route: 'review', routedAt: at(0) },
  { decisionId: 'd2', workflow: 'supplier-onboarding', route: 'review', routedAt: at(1) },
  { decisionId: 'd3', workflow: 'supplier-onboarding', route: 'autonomous', routedAt: at(2) },
  { decisionId: 'd4', workflow: 'contract-review', route: 'review', routedAt: at(3) },
];
const expired = (decisionId: string, seconds: number): FinalFact => ({
  decisionId,
  outcome: 'expired',
  safeDefault: 'reject',
  decidedAt: at(seconds),
});
const finals: FinalFact[] = [
  expired('d1', 82),
  expired('d2', 84),
  { decisionId: 'd3', outcome: 'autonomous', decidedAt: at(2) },
  { decisionId: 'd4', outcome: 'approved', decidedAt: at(9) },
];

describe('expiryFindings', () => {
  it('counts each review of the abandoned workflow that expired once, with the safe default, in its window', () => {
    const findings = expiryFindings(abandoned, routed, finals);
    expect(findings).toMatchObject({ reviews: 2, expiredExactlyOnce: 2, late: [], wrong: [], windowSeconds: 80 });
    expect(findings.slowestSeconds).toBe(83);
    expect(findings.medianSeconds).toBe(82);
    expect(findings.violations).toEqual([]);
  });

  it.each([
    ['a review that never ended', finals.filter((f) => f.decisionId !== 'd2'), /1 reviews without exactly one/],
    ['a second final outcome', [...finals, expired('d2', 90)], /1 reviews without exactly one/],
    ['another safe default', [...finals.slice(1), { ...expired('d1', 82), safeDefault: 'hold' }], /without exactly/],
    ['a human verdict', [...finals.slice(1), { ...expired('d1', 82), outcome: 'approved' }], /without exactly/],
    ['an expiry past the window and grace', [...finals.slice(1), expired('d1', 91)], /1 expired later than 80 s/],
  ])('reports %s', (_case, observed, message) => {
    expect(expiryFindings(abandoned, routed, observed).violations.join('\n')).toMatch(message);
  });
});
