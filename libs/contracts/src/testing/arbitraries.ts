import fc from 'fast-check';
import { DecisionV1, WORKFLOW_NAME_PATTERN } from '../index';

// Values as they arrive from JSON.parse: fast-check also generates -0, which JSON writes as 0, and objects without a
// prototype; neither can come out of a Kafka record.
const parsed = <T>(value: T): T => JSON.parse(JSON.stringify(value)) as T;
const jsonNumber = fc.double({ noNaN: true, noDefaultInfinity: true }).map(parsed);
const scalar = fc.oneof(fc.string(), jsonNumber, fc.integer(), fc.boolean(), fc.constant(null));
const jsonObject = fc.dictionary(fc.string(), fc.jsonValue()).map(parsed);
// toISOString writes years 0..9999 as four digits, which is what an RFC 3339 date-time allows.
const timestamp = fc
  .date({ min: new Date('0000-01-01T00:00:00.000Z'), max: new Date('9999-12-31T23:59:59.999Z'), noInvalidDate: true })
  .map((date) => date.toISOString());

/** Any valid decision: every field anywhere in its allowed range, the optional input and evidence sometimes absent. */
export function arbitraryDecision(): fc.Arbitrary<DecisionV1> {
  return fc.record(
    {
      schemaVersion: fc.constant(1 as const),
      id: fc.string({ minLength: 1, maxLength: 200 }),
      workflow: fc.stringMatching(WORKFLOW_NAME_PATTERN),
      model: fc.record({
        name: fc.string({ minLength: 1, maxLength: 200 }),
        version: fc.string({ minLength: 1, maxLength: 100 }),
      }),
      confidence: fc.double({ min: 0, max: 1, noNaN: true }).map(parsed),
      output: jsonObject,
      input: jsonObject,
      evidence: jsonObject,
      attributes: fc.dictionary(fc.string(), scalar).map(parsed),
      flags: fc.array(fc.string({ maxLength: 200 }), { maxLength: 100 }),
      occurredAt: timestamp,
    },
    {
      requiredKeys: [
        'schemaVersion',
        'id',
        'workflow',
        'model',
        'confidence',
        'output',
        'attributes',
        'flags',
        'occurredAt',
      ],
    },
  );
}
