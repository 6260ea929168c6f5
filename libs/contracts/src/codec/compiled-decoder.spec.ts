import fc from 'fast-check';
import { DecisionV1 } from '../events/decision';
import { arbitraryDecision } from '../testing/arbitraries';
import { aDecision } from '../testing/fixtures';
import { compiledDecoder } from './compiled-decoder';
import { decodeEvent } from './decode';

const decode = compiledDecoder(DecisionV1);
const bytes = (value: unknown) => Buffer.from(JSON.stringify(value));

describe('compiledDecoder', () => {
  it('accepts a valid decision and applies the defaults', () => {
    const { attributes: _a, flags: _f, ...withoutDefaults } = aDecision();
    const result = decode(bytes(withoutDefaults));
    expect(result).toEqual({ ok: true, value: { ...withoutDefaults, attributes: {}, flags: [] } });
  });

  it.each([
    ['not json', Buffer.from('{nope'), 'invalid_json'],
    ['empty', Buffer.alloc(0), 'empty_payload'],
    ['missing confidence', bytes({ ...aDecision(), confidence: undefined }), 'schema_violation'],
    ['confidence 7', bytes({ ...aDecision(), confidence: 7 }), 'schema_violation'],
    ['unknown field', bytes({ ...aDecision(), extra: 1 }), 'schema_violation'],
  ])('rejects %s with the reason and words of the class decoder', (_name, input, reason) => {
    const result = decode(input);
    expect(result).toEqual(decodeEvent(DecisionV1, input));
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.reason).toBe(reason);
  });

  it('agrees with the class decoder on arbitrary valid and mutated decisions', () => {
    const mutation = fc.oneof(
      fc.constant((d: Record<string, unknown>) => d),
      fc.constant((d: Record<string, unknown>) => ({ ...d, confidence: 1.5 })),
      fc.constant((d: Record<string, unknown>) => ({ ...d, id: '' })),
      fc.constant((d: Record<string, unknown>) => ({ ...d, flags: [1] })),
      fc.constant((d: Record<string, unknown>) => ({ ...d, attributes: { nested: {} } })),
      fc.constant((d: Record<string, unknown>) => ({ ...d, occurredAt: 'yesterday' })),
      fc.constant((d: Record<string, unknown>) => ({ ...d, model: { name: 'm' } })),
    );
    fc.assert(
      fc.property(arbitraryDecision(), mutation, (decision, mutate) => {
        const input = bytes(mutate({ ...decision } as unknown as Record<string, unknown>));
        expect(decode(input).ok).toBe(decodeEvent(DecisionV1, input).ok);
      }),
      { numRuns: 300 },
    );
  });
});
