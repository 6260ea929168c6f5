import { DecisionV1 } from '../events/decision';
import { FinalDecisionV1, ReviewCompletedV1 } from '../events/outcomes';
import { RoutedDecisionV1 } from '../events/routing';
import { aDecision, aFieldChange, aFinalDecision, aReviewCompletion, aRoutedDecision, without } from '../testing';
import { decodeEvent, encodeEvent, validateEvent } from './decode';

const bytes = (value: unknown) => Buffer.from(JSON.stringify(value), 'utf8');

function errorsOf(result: ReturnType<typeof decodeEvent>): string[] {
  return result.ok ? [] : result.errors;
}

/** The fields the error lines are about ("model.version: version must be a string" is about model.version). */
function fieldsNamed(result: ReturnType<typeof decodeEvent>): string[] {
  return [...new Set(errorsOf(result).map((line) => line.slice(0, line.indexOf(': '))))].sort();
}

describe('decodeEvent', () => {
  it.each([
    ['bytes that are not JSON', Buffer.from('this is { not json'), 'invalid_json'],
    ['an empty value', Buffer.alloc(0), 'empty_payload'],
    ['a tombstone (null value)', null, 'empty_payload'],
    ['a JSON array', bytes([aDecision()]), 'not_an_object'],
    ['a JSON string', bytes('decision'), 'not_an_object'],
    ['JSON null', Buffer.from('null'), 'not_an_object'],
  ])('rejects %s as %s', (_case, value, reason) => {
    expect(decodeEvent(DecisionV1, value)).toMatchObject({ ok: false, reason });
  });

  it.each([
    ['missing', without(aDecision(), 'confidence')],
    ['7', { ...aDecision(), confidence: 7 }],
    ['a string', { ...aDecision(), confidence: '0.9' }],
  ])('rejects a confidence that is %s as a schema violation naming the field', (_case, decision) => {
    const result = decodeEvent(DecisionV1, bytes(decision));
    expect(result).toMatchObject({ ok: false, reason: 'schema_violation' });
    expect(fieldsNamed(result)).toEqual(['confidence']);
  });

  it('names nested fields by their path', () => {
    const decision = { ...aDecision(), model: { name: 'contract-extractor' } };
    expect(fieldsNamed(decodeEvent(DecisionV1, bytes(decision)))).toEqual(['model.version']);
  });

  it('names fields nested two levels down, and array elements by index', () => {
    const routed = { ...aRoutedDecision(), decision: { ...aDecision(), model: { ...aDecision().model, version: '' } } };
    expect(fieldsNamed(decodeEvent(RoutedDecisionV1, bytes(routed)))).toEqual(['decision.model.version']);
    const review = { ...aReviewCompletion(), diff: [aFieldChange(), { before: 1 }] };
    expect(fieldsNamed(decodeEvent(ReviewCompletedV1, bytes(review)))).toEqual(['diff.1.path']);
  });

  it('rejects unknown fields, at the top and nested, naming them', () => {
    const decision = { ...aDecision(), priority: 'high', model: { ...aDecision().model, vendor: 'acme' } };
    expect(errorsOf(decodeEvent(DecisionV1, bytes(decision))).sort()).toEqual([
      'model.vendor: property vendor should not exist',
      'priority: property priority should not exist',
    ]);
  });

  it('rejects unknown fields named like Object.prototype members, which class-validator alone lets through', () => {
    const json = JSON.stringify(aDecision()).replace(/^\{/, '{"hasOwnProperty":1,"constructor":2,"__proto__":{},');
    expect(errorsOf(decodeEvent(DecisionV1, Buffer.from(json))).sort()).toEqual([
      '__proto__: property __proto__ should not exist',
      'constructor: property constructor should not exist',
      'hasOwnProperty: property hasOwnProperty should not exist',
    ]);
  });

  it('keeps free-form JSON exactly, even keys named constructor or __proto__ (class-transformer threw on those)', () => {
    const output = '{"constructor":"Acme GmbH","__proto__":{"x":1},"toString":"clause 14.2","amount":500000}';
    const json = JSON.stringify(aDecision({ output: {} })).replace('"output":{}', `"output":${output}`);
    const result = decodeEvent(DecisionV1, Buffer.from(json));
    expect(result.ok).toBe(true);
    expect(result.ok && JSON.stringify(result.value.output)).toBe(output);
  });

  it('accepts a valid decision and fills in the defaults of the fields left out', () => {
    const minimal = without(aDecision(), 'attributes', 'flags', 'input', 'evidence');
    const result = decodeEvent(DecisionV1, bytes(minimal));
    expect(result).toEqual({ ok: true, value: { ...minimal, attributes: {}, flags: [] } });
    expect(result.ok && result.value).toBeInstanceOf(DecisionV1);
  });

  it('rejects null where a field may only be left out, instead of passing null on in place of the default', () => {
    const result = decodeEvent(DecisionV1, bytes({ ...aDecision(), attributes: null, input: null }));
    expect(fieldsNamed(result)).toEqual(['attributes', 'input']);
  });

  it('decodes a rejected final decision with a null finalOutput, and rejects null for any other outcome', () => {
    const rejected = aFinalDecision({ outcome: 'rejected', finalOutput: null });
    expect(decodeEvent(FinalDecisionV1, bytes(rejected)).ok).toBe(true);
    expect(errorsOf(decodeEvent(FinalDecisionV1, bytes({ ...rejected, outcome: 'approved' })))).toEqual([
      'finalOutput: finalOutput must be null when outcome is rejected or expired or withdrawn, and a JSON object otherwise',
    ]);
  });

  it('decodes an expired final decision with its safe default, and a withdrawn one, each without an output', () => {
    const expired = aFinalDecision({ outcome: 'expired', finalOutput: null, safeDefault: 'hold' });
    expect(decodeEvent(FinalDecisionV1, bytes(expired)).ok).toBe(true);
    expect(decodeEvent(FinalDecisionV1, bytes(aFinalDecision({ outcome: 'withdrawn', finalOutput: null }))).ok).toBe(
      true,
    );
    expect(fieldsNamed(decodeEvent(FinalDecisionV1, bytes({ ...expired, safeDefault: 'approve' })))).toEqual([
      'safeDefault',
    ]);
    expect(fieldsNamed(decodeEvent(FinalDecisionV1, bytes({ ...expired, finalOutput: { x: 1 } })))).toEqual([
      'finalOutput',
    ]);
  });
});

describe('validateEvent', () => {
  it('does not change the value it is given', () => {
    const decision = without(aDecision(), 'attributes');
    const before = JSON.stringify(decision);
    validateEvent(DecisionV1, decision);
    expect(JSON.stringify(decision)).toBe(before);
  });
});

describe('encodeEvent', () => {
  it('writes the event as UTF-8 JSON', () => {
    const decision = aDecision({ attributes: { counterparty: 'Müller & Söhne' } });
    expect(JSON.parse(encodeEvent(decision).toString('utf8'))).toEqual(decision);
  });
});
