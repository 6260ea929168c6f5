import { apply } from 'json-logic-js';
import { jsonLogicProblems } from './json-logic-problems';

describe('jsonLogicProblems', () => {
  it.each<[string, unknown]>([
    ['a comparison on an attribute', { '>': [{ var: 'attributes.amount' }, 100_000] }],
    ['membership of an attribute in a list', { in: [{ var: 'attributes.region' }, ['EU', 'UK']] }],
    ['a flag present', { in: ['anomaly:liability-cap', { var: 'flags' }] }],
    [
      'a flag by prefix, over each flag',
      { some: [{ var: 'flags' }, { '==': [{ substr: [{ var: '' }, 0, 8] }, 'anomaly:'] }] },
    ],
    ['a between on confidence', { '<': [0.4, { var: 'confidence' }, 0.6] }],
    ['the model version with a default', { '==': [{ var: ['model.version', 'none'] }, '2026.11'] }],
    ['nested and/or/if/!', { and: [{ or: [{ '!': { var: 'attributes.renewal' } }, true] }, { if: [true, 1, 0] }] }],
    ['a reduce over flags', { '>': [{ reduce: [{ var: 'flags' }, { '+': [{ var: 'accumulator' }, 1] }, 0] }, 3] }],
    ['missing_some with a field list', { missing_some: [1, ['attributes.amount', 'attributes.region']] }],
  ])('accepts %s', (_name, logic) => {
    expect(jsonLogicProblems(logic)).toEqual([]);
  });

  it.each<[string, unknown, string]>([
    ['an unknown operation', { contains: [{ var: 'flags' }, 'x'] }, 'unknown operation "contains"'],
    [
      'an unknown operation in a branch `and` never reaches on sample data',
      { and: [false, { regex: [{ var: 'workflow' }, '.*'] }] },
      'at /and/1: unknown operation "regex"',
    ],
    [
      'an unknown operation inside `some`, which an empty list never evaluates',
      { some: [{ var: 'flags' }, { startsWith: [{ var: '' }, 'anomaly:'] }] },
      'at /some/1: unknown operation "startsWith"',
    ],
    ['log, which writes to the console', { log: { var: 'confidence' } }, 'unknown operation "log"'],
    ['a dotted operation', { 'var.length': ['flags'] }, 'unknown operation "var.length"'],
    [
      'a field rules cannot see',
      { '>': [{ var: 'amount' }, 100_000] },
      'at />/0: "amount" is not a field rules can read',
    ],
    ['the output', { '==': [{ var: 'output.governingLaw' }, 'Germany'] }, '"output.governingLaw" is not a field'],
    [
      'an object with two keys, which json-logic-js would return as a (truthy) literal',
      { and: [{ '>': [{ var: 'confidence' }, 0.5], '<': [{ var: 'confidence' }, 0.9] }] },
      'at /and/0: an object must have exactly one key, its operation (this one has 2)',
    ],
    ['an empty object', {}, 'must be one JSON Logic operation'],
    ['missing_some without a field list', { missing_some: [1, null] }, 'missing_some takes [minimum, [field, ...]]'],
  ])('rejects %s', (_name, logic, problem) => {
    expect(jsonLogicProblems(logic).join('\n')).toContain(problem);
  });

  it('reports every problem, not just the first', () => {
    expect(jsonLogicProblems({ or: [{ foo: [] }, { bar: [] }] })).toHaveLength(2);
  });

  it('rejects what a trial evaluation would let through', () => {
    const typo = { and: [{ '>': [{ var: 'confidence' }, 2] }, { contians: [{ var: 'flags' }, 'x'] }] };
    expect(() => apply(typo as any, { confidence: 0.5, flags: [] })).not.toThrow();
    expect(jsonLogicProblems(typo)).toEqual(['at /and/1: unknown operation "contians"']);
  });

  it('stops at a nesting no sensible rule reaches, instead of overflowing the stack', () => {
    let deep: unknown = { var: 'confidence' };
    for (let i = 0; i < 10_000; i++) deep = { '!': [deep] };
    expect(jsonLogicProblems(deep)).toEqual([expect.stringContaining('nested deeper than 32 levels')]);
  });
});
