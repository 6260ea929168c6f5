import { placeholderRouting } from './placeholder-routing';

describe('placeholderRouting', () => {
  it.each([
    [0.95, 'autonomous', []],
    [0.9, 'autonomous', []],
    [0.8999, 'review', ['below_threshold']],
    [0, 'review', ['below_threshold']],
  ])('confidence %p routes %p', (confidence, route, reasons) => {
    const facts = placeholderRouting({ confidence });
    expect(facts.route).toBe(route);
    expect(facts.reasons).toEqual(reasons);
  });
});
