import { RoutingPolicyDocument, validateEvent } from '@countersign/contracts';
import { compilePolicy, PolicyCompilationError, PolicyProblem } from './compile-policy';

const aDocument = (fields: Partial<RoutingPolicyDocument> = {}): RoutingPolicyDocument =>
  Object.assign(new RoutingPolicyDocument(), { threshold: 0.85, trustLevel: 2, ...fields });

const highValue = { name: 'high-value', when: { '>': [{ var: 'attributes.amount' }, 100_000] } };

function problemsOf(document: RoutingPolicyDocument): PolicyProblem[] {
  try {
    compilePolicy('contract-review', 1, document);
  } catch (error) {
    if (error instanceof PolicyCompilationError) return error.errors;
    throw error;
  }
  throw new Error('expected the policy not to compile');
}

describe('compilePolicy', () => {
  it('compiles a sound policy with the contract defaults for everything left out', () => {
    const policy = compilePolicy('contract-review', 3, aDocument({ alwaysReview: [highValue] }));
    expect(policy).toMatchObject({
      workflow: 'contract-review',
      version: 3,
      terms: { threshold: 0.85, trustLevel: 2 },
      alwaysReview: [highValue],
      slaSeconds: 86_400,
      sampleSeed: 'countersign',
      ladder: { level1ReviewRate: 0.8, level2EdgeBand: 0.05, level2SampleRate: 0.1, level3SampleRate: 0.02 },
      standingReasons: [],
    });
  });

  it('takes the expiry the document states, and the contract defaults (a day, hold) for what it leaves out', () => {
    expect(compilePolicy('w', 1, aDocument()).expiry).toEqual({ afterSeconds: 86_400, outcome: 'hold' });
    const stated = aDocument({ expiry: { afterSeconds: 600, outcome: 'reject' } });
    expect(compilePolicy('w', 1, stated).expiry).toEqual({ afterSeconds: 600, outcome: 'reject' });
  });

  it('refuses an expiry block the contract does not allow, naming the field', () => {
    const invalid = { threshold: 0.85, trustLevel: 2, expiry: { afterSeconds: 0, outcome: 'approve' } };
    const result = validateEvent(RoutingPolicyDocument, invalid);
    expect(result.ok).toBe(false);
    expect(JSON.stringify(result)).toMatch(/expiry\.afterSeconds/);
    expect(JSON.stringify(result)).toMatch(/expiry\.outcome/);
  });

  it('takes the default for each ladder rate the document leaves out', () => {
    const ladder = { level2SampleRate: 0.25 } as RoutingPolicyDocument['ladder'];
    expect(compilePolicy('w', 1, aDocument({ ladder })).ladder).toEqual({
      level1ReviewRate: 0.8,
      level2EdgeBand: 0.05,
      level2SampleRate: 0.25,
      level3SampleRate: 0.02,
    });
  });

  it('applies each model-version override on top of the workflow terms', () => {
    const policy = compilePolicy(
      'w',
      1,
      aDocument({
        modelOverrides: [
          { modelVersion: '2026.12', trustLevel: 1 },
          { modelVersion: '2027.01', threshold: 0.95 },
        ],
      }),
    );
    expect(policy.overrides.get('2026.12')).toEqual({ threshold: 0.85, trustLevel: 1 });
    expect(policy.overrides.get('2027.01')).toEqual({ threshold: 0.95, trustLevel: 2 });
  });

  it('is not changed by later edits to the document it was compiled from', () => {
    const document = aDocument({ alwaysReview: [structuredClone(highValue)] });
    const policy = compilePolicy('w', 1, document);
    (document.alwaysReview[0].when['>'] as unknown[])[1] = 0;
    expect(policy.alwaysReview[0].when).toEqual(highValue.when);
  });

  it.each<[string, Partial<RoutingPolicyDocument>, PolicyProblem]>([
    [
      'an unknown operation',
      { alwaysReview: [{ name: 'r', when: { contains: [{ var: 'flags' }, 'x'] } }] },
      { path: 'alwaysReview[0].when', message: 'unknown operation "contains"' },
    ],
    [
      'an unknown field in an approval rule',
      { requiredApprovals: [{ name: 'big', when: { '>': [{ var: 'amount' }, 1] }, approvals: 2 }] },
      { path: 'requiredApprovals[0].when', message: expect.stringContaining('"amount" is not a field') as string },
    ],
    [
      'a rule name used twice',
      { alwaysReview: [highValue, { ...highValue, when: { '==': [1, 1] } }] },
      { path: 'alwaysReview[1].name', message: '"high-value" is already the name of alwaysReview[0]' },
    ],
    [
      'an empty flag pattern',
      { reviewFlags: ['anomaly:*', ''] },
      { path: 'reviewFlags[1]', message: 'must not be empty' },
    ],
    [
      'a flag pattern with a stray space',
      { reviewFlags: ['anomaly:* '] },
      { path: 'reviewFlags[0]', message: 'must not start or end with white space' },
    ],
    [
      'a repeated flag pattern',
      { reviewFlags: ['anomaly:*', 'pii:*', 'anomaly:*'] },
      { path: 'reviewFlags[2]', message: 'repeats reviewFlags[0]' },
    ],
    [
      'two overrides for one model version',
      {
        modelOverrides: [
          { modelVersion: '2026.12', threshold: 0.9 },
          { modelVersion: '2026.12', trustLevel: 1 },
        ],
      },
      { path: 'modelOverrides[1].modelVersion', message: 'model version "2026.12" already has modelOverrides[0]' },
    ],
    [
      'an override that changes nothing',
      { modelOverrides: [{ modelVersion: '2026.12' }] },
      { path: 'modelOverrides[0]', message: 'must change threshold, trustLevel or both' },
    ],
  ])('rejects %s, at its field', (_name, fields, problem) => {
    expect(problemsOf(aDocument(fields))).toEqual([problem]);
  });

  it('reports every problem at once, for one 400 the administrator can fix in one go', () => {
    const document = aDocument({
      alwaysReview: [{ name: 'r', when: { foo: [] } }],
      reviewFlags: [''],
      modelOverrides: [{ modelVersion: 'v' }],
    });
    expect(problemsOf(document).map((problem) => problem.path)).toEqual([
      'alwaysReview[0].when',
      'reviewFlags[0]',
      'modelOverrides[0]',
    ]);
  });

  it('names the workflow and every problem in the error message, for logs', () => {
    expect(() => compilePolicy('contract-review', 1, aDocument({ reviewFlags: [''] }))).toThrow(
      'routing policy for contract-review is invalid: reviewFlags[0]: must not be empty',
    );
  });
});
