import { diffOutput, showValue } from './output-diff';

describe('diffOutput', () => {
  it('reports changed, removed and added fields, in output order then new ones', () => {
    const ai = { counterparty: 'Acme', liabilityCap: 1000, termMonths: 12 };
    const correction = { counterparty: 'Acme', liabilityCap: 2000, governingLaw: 'Germany' };
    expect(diffOutput(ai, correction)).toEqual([
      { field: 'liabilityCap', kind: 'changed', before: 1000, after: 2000 },
      { field: 'termMonths', kind: 'removed', before: 12 },
      { field: 'governingLaw', kind: 'added', after: 'Germany' },
    ]);
  });

  it('compares nested values as JSON, whatever their key order', () => {
    const ai = { cap: { amount: 5, currency: 'EUR' }, tags: ['a', 'b'] };
    expect(diffOutput(ai, { cap: { currency: 'EUR', amount: 5 }, tags: ['a', 'b'] })).toEqual([]);
    expect(diffOutput(ai, { cap: { currency: 'EUR', amount: 5 }, tags: ['b', 'a'] })).toHaveLength(1);
  });

  it('shows strings as they are and other values as JSON', () => {
    expect([showValue('Germany'), showValue(5), showValue(['x']), showValue(undefined)]).toEqual([
      'Germany',
      '5',
      '["x"]',
      '—',
    ]);
  });
});
