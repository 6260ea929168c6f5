import { canonicalJson, humanAnswer } from './human-answer';

describe('humanAnswer', () => {
  it('is the verdict for approvals and rejections, whatever the output', () => {
    expect(humanAnswer('approve', { a: 1 })).toBe('approve');
    expect(humanAnswer('reject', null)).toBe('reject');
  });

  it('makes two corrections with the same fields in a different order agree, and different values disagree', () => {
    const one = humanAnswer('correct', { amount: 5, currency: 'EUR', lines: [{ b: 2, a: 1 }] });
    const same = humanAnswer('correct', { lines: [{ a: 1, b: 2 }], currency: 'EUR', amount: 5 });
    const other = humanAnswer('correct', { amount: 6, currency: 'EUR', lines: [{ a: 1, b: 2 }] });
    expect(one).toBe(same);
    expect(one).not.toBe(other);
    expect(one).toBe('correct:{"amount":5,"currency":"EUR","lines":[{"a":1,"b":2}]}');
  });

  it('passes the canonical output through the digest', () => {
    expect(humanAnswer('correct', { b: 1, a: 2 }, (canonical) => `#${canonical.length}`)).toBe('correct:#13');
  });

  it('leaves out undefined members like JSON does', () => {
    expect(canonicalJson({ a: undefined, b: [1, 'x', null, true] })).toBe('{"b":[1,"x",null,true]}');
  });
});
