import fc from 'fast-check';
import { FINAL_OUTCOMES } from '@countersign/contracts';
import { OutcomeCount, summarizeOutcomes } from './summarize-outcomes';

describe('summarizeOutcomes', () => {
  it('reports every outcome as zero before anything was decided', () => {
    expect(summarizeOutcomes([])).toEqual({
      total: 0,
      byOutcome: { autonomous: 0, approved: 0, corrected: 0, rejected: 0, expired: 0, withdrawn: 0 },
      byWorkflow: {},
    });
  });

  it('adds up outcomes across workflows and workflows across outcomes', () => {
    const summary = summarizeOutcomes([
      { workflow: 'invoice-coding', outcome: 'autonomous', count: 90 },
      { workflow: 'contract-review', outcome: 'corrected', count: 3 },
      { workflow: 'contract-review', outcome: 'autonomous', count: 5 },
      { workflow: 'invoice-coding', outcome: 'rejected', count: 2 },
    ]);
    expect(summary).toEqual({
      total: 100,
      byOutcome: { autonomous: 95, approved: 0, corrected: 3, rejected: 2, expired: 0, withdrawn: 0 },
      byWorkflow: { 'contract-review': 8, 'invoice-coding': 92 },
    });
    expect(Object.keys(summary.byWorkflow)).toEqual(['contract-review', 'invoice-coding']);
  });

  it('keeps a workflow named like an object property as an ordinary entry', () => {
    const summary = summarizeOutcomes([{ workflow: '__proto__', outcome: 'approved', count: 1 }]);
    expect(Object.keys(summary.byWorkflow)).toEqual(['__proto__']);
    expect(summary.byWorkflow['__proto__']).toBe(1);
  });

  it('never loses or invents a decision: outcomes and workflows both add up to the total', () => {
    const count: fc.Arbitrary<OutcomeCount> = fc.record({
      workflow: fc.constantFrom('contract-review', 'invoice-coding', 'kyc'),
      outcome: fc.constantFrom(...FINAL_OUTCOMES),
      count: fc.nat({ max: 1_000_000 }),
    });
    fc.assert(
      fc.property(fc.array(count), (counts) => {
        const summary = summarizeOutcomes(counts);
        const sum = (values: number[]) => values.reduce((a, b) => a + b, 0);
        expect(summary.total).toBe(sum(counts.map((c) => c.count)));
        expect(sum(Object.values(summary.byOutcome))).toBe(summary.total);
        expect(sum(Object.values(summary.byWorkflow))).toBe(summary.total);
      }),
    );
  });
});
