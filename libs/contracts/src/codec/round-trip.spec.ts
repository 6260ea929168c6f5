import fc from 'fast-check';
import { DecisionV1 } from '../events/decision';
import { arbitraryDecision } from '../testing';
import { decodeEvent, encodeEvent } from './decode';

describe('encodeEvent then decodeEvent', () => {
  it('gives back any valid decision unchanged', () => {
    fc.assert(
      fc.property(arbitraryDecision(), (decision) => {
        const decoded = decodeEvent(DecisionV1, encodeEvent(decision));
        if (!decoded.ok) throw new Error(`rejected: ${decoded.errors.join('; ')}`);
        expect(decoded.value).toEqual(decision);
        expect(encodeEvent(decoded.value).equals(encodeEvent(decision))).toBe(true);
      }),
      { numRuns: 300 },
    );
  });
});
