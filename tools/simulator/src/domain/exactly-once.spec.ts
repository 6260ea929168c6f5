import { checkExactlyOnce, isClean } from './exactly-once';

describe('checkExactlyOnce', () => {
  it('is clean when every expected id is seen once', () => {
    const check = checkExactlyOnce(['a', 'b'], ['b', 'a']);
    expect(check).toMatchObject({ expected: 2, seen: 2, exactlyOnce: 2 });
    expect(isClean(check)).toBe(true);
  });

  it('reports missing, duplicated and unexpected ids', () => {
    const check = checkExactlyOnce(['a', 'b', 'c'], ['a', 'a', 'b', 'z']);
    expect(check).toMatchObject({ missing: ['c'], duplicated: ['a'], unexpected: ['z'], exactlyOnce: 1 });
    expect(isClean(check)).toBe(false);
  });
});
