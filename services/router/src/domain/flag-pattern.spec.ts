import fc from 'fast-check';
import { compileFlagPattern, flagPatternProblem } from './flag-pattern';

/** The textbook glob matcher, as the reference: `*` matches any run of characters, anything else itself. */
function globMatches(pattern: string, text: string): boolean {
  if (pattern === '') return text === '';
  if (pattern[0] === '*')
    return [...Array(text.length + 1).keys()].some((i) => globMatches(pattern.slice(1), text.slice(i)));
  return text !== '' && text[0] === pattern[0] && globMatches(pattern.slice(1), text.slice(1));
}

describe('compileFlagPattern', () => {
  it.each([
    ['anomaly:*', 'anomaly:liability-cap', true],
    ['anomaly:*', 'anomaly:', true],
    ['anomaly:*', 'pii:anomaly:x', false],
    ['*:cap', 'anomaly:cap', true],
    ['*liability*', 'anomaly:liability-cap', true],
    ['pii:email', 'pii:email', true],
    ['pii:email', 'pii:emails', false],
    ['a.b', 'axb', false],
    ['risk(high)+', 'risk(high)+', true],
    ['[x]', 'x', false],
    ['*', '', true],
    ['a**b', 'ab', true],
    ['*a*a', 'aa', true],
    ['*ab*b', 'abb', true],
    ['*ab*b', 'ab', false],
  ])('%p against flag %p matches: %p', (pattern, flag, matches) => {
    expect(compileFlagPattern(pattern).test(flag)).toBe(matches);
  });

  it('agrees with the textbook glob matcher', () => {
    const text = (chars: string[]) => fc.array(fc.constantFrom(...chars), { maxLength: 8 }).map((c) => c.join(''));
    fc.assert(
      fc.property(text(['a', 'b', ':', '.', '*']), text(['a', 'b', ':', '.']), (pattern, flag) => {
        expect(compileFlagPattern(pattern).test(flag)).toBe(globMatches(pattern, flag));
      }),
      { numRuns: 2000 },
    );
  });

  it('matches in linear time even where `.*` would backtrack for minutes (flags come from producers)', () => {
    const started = Date.now();
    expect(compileFlagPattern('*a*a*a*a*a*a*a*a*a*a*a*a*c').test('a'.repeat(200))).toBe(false);
    expect(Date.now() - started).toBeLessThan(100);
  });
});

describe('flagPatternProblem', () => {
  it.each([
    ['', 'must not be empty'],
    [' anomaly:*', 'must not start or end with white space'],
    ['anomaly:*\n', 'must not start or end with white space'],
  ])('rejects %p: %s', (pattern, problem) => {
    expect(flagPatternProblem(pattern)).toBe(problem);
  });

  it.each(['anomaly:*', '*', 'pii:e-mail address'])('accepts %p', (pattern) => {
    expect(flagPatternProblem(pattern)).toBeUndefined();
  });
});
