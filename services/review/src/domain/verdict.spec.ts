import { JsonObject } from '@countersign/contracts';
import { aDecision } from '@countersign/contracts/testing';
import fc from 'fast-check';
import { InvalidVerdict } from './task-errors';
import { finalOutputOf, guardRecordOf, validateVerdict, Verdict, VerdictInput } from './verdict';

const aiOutput = aDecision().output;
const corrected = { ...aiOutput, liabilityCap: { amount: 500_000, currency: 'EUR' } };

/** The contract-review output: a liability cap with amount and currency, the governing law, nothing else. */
const outputSchema: JsonObject = {
  $id: 'https://countersign.example/schemas/contract-review/output.json',
  type: 'object',
  required: ['liabilityCap', 'governingLaw'],
  additionalProperties: false,
  properties: {
    liabilityCap: {
      type: 'object',
      required: ['amount', 'currency'],
      properties: { amount: { type: 'number', minimum: 0 }, currency: { type: 'string', pattern: '^[A-Z]{3}$' } },
    },
    governingLaw: { type: 'string', minLength: 1 },
    autoRenewal: { type: 'boolean' },
    noticePeriodDays: { type: 'integer' },
    'a/b': { type: 'string' },
  },
};

function fieldErrorsOf(attempt: () => unknown): InvalidVerdict['fieldErrors'] {
  try {
    attempt();
  } catch (error) {
    if (error instanceof InvalidVerdict) return error.fieldErrors;
    throw error;
  }
  throw new Error('expected InvalidVerdict');
}

describe('validateVerdict', () => {
  it.each<[string, VerdictInput, Verdict]>([
    ['an approval', { verdict: 'approve' }, { verdict: 'approve' }],
    [
      'an approval with a comment',
      { verdict: 'approve', comment: 'Checked clause 14.' },
      { verdict: 'approve', comment: 'Checked clause 14.' },
    ],
    [
      'a rejection with a suggested code',
      { verdict: 'reject', reasonCode: 'incorrect' },
      { verdict: 'reject', reasonCode: 'incorrect' },
    ],
    [
      "a rejection with a workflow's own code",
      { verdict: 'reject', reasonCode: 'misread-amount' },
      { verdict: 'reject', reasonCode: 'misread-amount' },
    ],
    [
      'a correction that fits the schema',
      { verdict: 'correct', correction: corrected, reasonCode: 'misread-amount' },
      { verdict: 'correct', correction: corrected, reasonCode: 'misread-amount' },
    ],
    ['a verdict with a blank comment, without it', { verdict: 'approve', comment: '  ' }, { verdict: 'approve' }],
  ])('accepts %s', (_case, input, verdict) => {
    expect(validateVerdict(input, aiOutput, outputSchema)).toEqual(verdict);
  });

  it.each<[string, VerdictInput, InvalidVerdict['fieldErrors']]>([
    [
      'an approval with a correction',
      { verdict: 'approve', correction: corrected },
      [{ field: 'correction', errors: ['must be absent when approving: the AI output stands as it is'] }],
    ],
    [
      'a rejection without a reason code, with a correction',
      { verdict: 'reject', correction: corrected },
      [
        { field: 'correction', errors: ['must be absent when rejecting: a rejected output is not used'] },
        { field: 'reasonCode', errors: ['is required when rejecting'] },
      ],
    ],
    [
      'a correction without one',
      { verdict: 'correct' },
      [{ field: 'correction', errors: ['is required when correcting'] }],
    ],
    [
      'a correction that changes nothing',
      { verdict: 'correct', correction: structuredClone(aiOutput) },
      [{ field: 'correction', errors: ['must change the AI output; approve it if it is right as it is'] }],
    ],
    [
      'a correction that is an array',
      { verdict: 'correct', correction: [] as unknown as JsonObject },
      [{ field: 'correction', errors: ['must be a JSON object'] }],
    ],
    [
      'an unknown verdict',
      { verdict: 'maybe' as 'approve' },
      [{ field: 'verdict', errors: ['must be one of approve, reject, correct'] }],
    ],
  ])('refuses %s', (_case, input, fieldErrors) => {
    expect(fieldErrorsOf(() => validateVerdict(input, aiOutput, outputSchema))).toEqual(fieldErrors);
  });

  it('reports every schema violation of a correction at its field, all at once', () => {
    const correction = {
      liabilityCap: { amount: -1, currency: 'euro' },
      noticePeriodDays: 'ninety',
      'a/b': 3,
      signedBy: 'Jane',
    };
    expect(fieldErrorsOf(() => validateVerdict({ verdict: 'correct', correction }, aiOutput, outputSchema))).toEqual([
      { field: 'correction.governingLaw', errors: ['is required'] },
      { field: 'correction.signedBy', errors: ['is not a field of this workflow’s output'] },
      { field: 'correction.liabilityCap.amount', errors: ['must be >= 0'] },
      { field: 'correction.liabilityCap.currency', errors: ['must match pattern "^[A-Z]{3}$"'] },
      { field: 'correction.noticePeriodDays', errors: ['must be integer'] },
      { field: 'correction.a/b', errors: ['must be string'] },
    ]);
  });

  it('checks corrections only for shape when the workflow has no output schema', () => {
    const correction = { anything: ['goes'] };
    expect(validateVerdict({ verdict: 'correct', correction }, aiOutput)).toEqual({ verdict: 'correct', correction });
  });

  it('compiles the next version of a schema with the same $id', () => {
    const next = { ...outputSchema, required: ['liabilityCap'] };
    const correction = { liabilityCap: { amount: 1, currency: 'EUR' } };
    expect(validateVerdict({ verdict: 'correct', correction }, aiOutput, next)).toEqual({
      verdict: 'correct',
      correction,
    });
  });

  it.each([
    ['upper case', 'Incorrect'],
    ['white space', 'not right'],
    ['a trailing separator', 'incorrect-'],
    ['an empty code', ''],
    ['101 characters', 'a'.repeat(101)],
  ])('refuses a reason code with %s', (_case, reasonCode) => {
    expect(fieldErrorsOf(() => validateVerdict({ verdict: 'reject', reasonCode }, aiOutput))).toEqual([
      { field: 'reasonCode', errors: [expect.stringMatching(/^must be a code of lower-case letters/)] },
    ]);
  });

  it('refuses a comment over 4000 characters', () => {
    expect(fieldErrorsOf(() => validateVerdict({ verdict: 'approve', comment: 'x'.repeat(4001) }, aiOutput))).toEqual([
      { field: 'comment', errors: ['must be at most 4000 characters'] },
    ]);
  });

  it('records only what the reviewer said, and never accepts a correction that leaves the output as it was', () => {
    const input = fc.record(
      {
        verdict: fc.constantFrom('approve' as const, 'reject' as const, 'correct' as const),
        correction: fc.constantFrom(corrected, aiOutput, { other: true }),
        reasonCode: fc.constantFrom('incorrect', 'misread-amount', 'Bad code'),
        comment: fc.string({ maxLength: 20 }),
      },
      { requiredKeys: ['verdict'] },
    );
    fc.assert(
      fc.property(input, (given) => {
        let verdict: Verdict;
        try {
          verdict = validateVerdict(given, aiOutput);
        } catch (error) {
          expect(error).toBeInstanceOf(InvalidVerdict);
          return;
        }
        expect(verdict.verdict).toBe(given.verdict);
        if (verdict.verdict === 'correct') expect(verdict.correction).not.toEqual(aiOutput);
        if (verdict.verdict === 'reject') expect(verdict.reasonCode).toBe(given.reasonCode);
        expect(verdict).toEqual(
          expect.objectContaining({ ...(given.reasonCode ? { reasonCode: given.reasonCode } : {}) }),
        );
      }),
    );
  });
});

describe('finalOutputOf', () => {
  it.each<[string, Verdict, JsonObject | null]>([
    ["the AI's output after an approval", { verdict: 'approve' }, aiOutput],
    ['the correction after a correction', { verdict: 'correct', correction: corrected }, corrected],
    ['nothing after a rejection', { verdict: 'reject', reasonCode: 'incorrect' }, null],
  ])('is %s', (_case, verdict, output) => {
    expect(finalOutputOf(verdict, aiOutput)).toEqual(output);
  });
});

describe('the rubber-stamp guard record', () => {
  it('keeps a shown prompt (reconsidered false unless said) and nothing when no prompt was shown', () => {
    expect(guardRecordOf({ verdict: 'approve', guard: { prompted: true } })).toEqual({
      prompted: true,
      reconsidered: false,
    });
    expect(
      guardRecordOf({ verdict: 'reject', reasonCode: 'incorrect', guard: { prompted: true, reconsidered: true } }),
    ).toEqual({ prompted: true, reconsidered: true });
    expect(guardRecordOf({ verdict: 'approve', guard: { prompted: false } })).toBeUndefined();
    expect(guardRecordOf({ verdict: 'approve' })).toBeUndefined();
  });

  it('refuses "reconsidered" without a prompt, at guard.reconsidered', () => {
    const refuse = () =>
      validateVerdict({ verdict: 'approve', guard: { prompted: false, reconsidered: true } }, aiOutput);
    expect(refuse).toThrow(InvalidVerdict);
    try {
      refuse();
    } catch (error) {
      expect((error as InvalidVerdict).fieldErrors).toEqual([
        { field: 'guard.reconsidered', errors: [expect.stringContaining('no prompt')] },
      ]);
    }
  });
});
