import { parseStaffing, staffOf } from './staffing';

describe('REVIEW_STAFFING', () => {
  it('gives a workflow its own staffing, else the `*` one, else none (unknown: enough people)', () => {
    const staffing = parseStaffing(
      '{"contract-review": {"reviewers": 3, "leads": 1}, "*": {"reviewers": 9, "leads": 2}}',
    );
    expect(staffOf(staffing, 'contract-review')).toEqual({ reviewers: 3, leads: 1 });
    expect(staffOf(staffing, 'invoice-coding')).toEqual({ reviewers: 9, leads: 2 });
    expect(staffOf(parseStaffing(undefined), 'contract-review')).toBeUndefined();
    expect(staffOf(parseStaffing('{}'), 'constructor')).toBeUndefined();
  });

  it.each(['not json', '[]', '{"a": {"reviewers": -1, "leads": 0}}', '{"a": {"reviewers": 1}}', '{"a": null}'])(
    'refuses %s, naming what is wrong',
    (text) => {
      expect(() => parseStaffing(text)).toThrow(/REVIEW_STAFFING/);
    },
  );
});
