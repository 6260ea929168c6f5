import { DecisionV1 } from '../events/decision';
import { aDecision } from '../testing';
import { decodeEvent } from './decode';
import { compiledDecoder } from './compiled-decoder';
import { checkJsonValue } from './json-guard';
import { JsonLimits } from './json-limits';

const decoders = {
  decodeEvent: (b: Buffer | null) => decodeEvent(DecisionV1, b),
  compiled: compiledDecoder(DecisionV1),
};
const json = (value: unknown) => Buffer.from(JSON.stringify(value), 'utf8');
/** The JSON text of a valid decision with `fragment` spliced in as the first member of `output`. */
const withOutput = (fragment: string) =>
  Buffer.from(JSON.stringify(aDecision({ output: {} })).replace('"output":{}', `"output":{${fragment}}`), 'utf8');

const nested = (depth: number): unknown => (depth === 0 ? 1 : { a: nested(depth - 1) });

describe.each(Object.entries(decoders))('%s refuses what the stores cannot hold, naming the field', (_name, decode) => {
  it.each([
    ['NUL in the id', json(aDecision({ id: 'd-\u0000' })), 'unsafe_text', '/id'],
    ['a lone high surrogate in a flag', json(aDecision({ flags: ['ok', 'x\ud800'] })), 'unsafe_text', '/flags/1'],
    [
      'a lone low surrogate in the model name',
      json(aDecision({ model: { name: '\udc00', version: '1' } })),
      'unsafe_text',
      '/model/name',
    ],
    [
      'NUL in an attribute value',
      json(aDecision({ attributes: { region: 'E\u0000U' } })),
      'unsafe_text',
      '/attributes/region',
    ],
    [
      'NUL in a nested output key',
      json(aDecision({ output: { a: { 'k\u0000': 1 } } })),
      'unsafe_text',
      '/output/a/k\\u0000',
    ],
    ['NUL in evidence', json(aDecision({ evidence: { text: ['\u0000'] } })), 'unsafe_text', '/evidence/text/0'],
    [
      'an over-long string',
      json(aDecision({ output: { text: 'x'.repeat(JsonLimits.maxStringLength + 1) } })),
      'too_large',
      '/output/text',
    ],
    [
      'an over-long key',
      json(aDecision({ output: { ['k'.repeat(JsonLimits.maxKeyLength + 1)]: 1 } })),
      'too_large',
      '/output/kkkk',
    ],
    [
      'nesting beyond the limit',
      json(aDecision({ output: nested(JsonLimits.maxDepth) as Record<string, unknown> })),
      'too_deep',
      '/output/a/a',
    ],
    ['a number JSON.parse reads as Infinity', withOutput('"n":1e999'), 'unsafe_number', '/output/n'],
    ['an integer a double cannot keep', withOutput('"n":9007199254740993'), 'unsafe_number', '/output/n'],
    ['a duplicate key', withOutput('"a":1,"a":2'), 'duplicate_key', '/output/a'],
    ['a duplicate key spelled with an escape', withOutput('"a":1,"\\u0061":2'), 'duplicate_key', '/output/a'],
    [
      'invalid UTF-8',
      Buffer.concat([withOutput('"a":"'), Buffer.from([0xc3, 0x28]), Buffer.from('"}')]),
      'invalid_json',
      '/',
    ],
  ])('%s as %s at %s', (_case, bytes, reason, pointer) => {
    const result = decode(bytes);
    expect(result).toMatchObject({ ok: false, reason });
    expect(!result.ok && result.errors[0].startsWith(pointer)).toBe(true);
  });

  it('refuses a document over the size limit before parsing it', () => {
    const big = json(aDecision({ output: { text: 'x'.repeat(JsonLimits.maxDocumentBytes) } }));
    expect(decode(big)).toMatchObject({
      ok: false,
      reason: 'too_large',
      errors: [expect.stringMatching(/^\/: document/)],
    });
  });

  it.each([
    ['the same key in sibling objects', '"a":{"k":1},"b":{"k":2}'],
    ['a surrogate pair (an emoji)', '"e":"\ud83d\ude00"'],
    ['a large double as JSON.stringify writes it', `"n":${JSON.stringify(1.2345678901234568e20)}`],
    ['a double with an exponent', '"n":1.7976931348623157e308'],
    ['the largest safe integer', `"n":${Number.MAX_SAFE_INTEGER}`],
    ['nesting at the limit', `"a":${JSON.stringify(nested(JsonLimits.maxDepth - 3))}`],
    ['a key with braces in a string', '"{\\"a\\"":"[,]","a":"}"'],
  ])('accepts %s', (_case, fragment) => {
    expect(decode(withOutput(fragment))).toMatchObject({ ok: true });
  });
});

describe('checkJsonValue and bytes', () => {
  it('treats bytes as opaque (Kafka records reach the HTTP pipe too) and still checks the strings beside them', () => {
    // Not walked member by member: even a property set on the Buffer object itself is not looked at.
    const value = Object.assign(Buffer.alloc(4096), { note: 'a\u0000b' });
    const record = { key: Buffer.from('k'), value, headers: { trace: Buffer.from('t') } };
    expect(checkJsonValue(record)).toBeUndefined();
    expect(checkJsonValue({ ...record, topic: 'a\u0000b' })?.errors).toEqual([
      '/topic: string holds NUL or a lone UTF-16 surrogate',
    ]);
  });
});
