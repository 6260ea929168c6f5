import Ajv, { ValidateFunction } from 'ajv';
import addFormats from 'ajv-formats';
import fc from 'fast-check';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { validateEvent } from '../codec/decode';
import { DecisionV1 } from '../events/decision';
import { AuditEventV1, PolicyChangedV1, PolicyRecommendationV1 } from '../events/governance';
import { FinalDecisionV1, ReviewCompletedV1 } from '../events/outcomes';
import { ReviewRequestedV1, RoutedDecisionV1 } from '../events/routing';
import {
  aDecision,
  aFieldChange,
  aFinalDecision,
  anAuditEvent,
  anEventOf,
  aPolicyChange,
  aPolicyRecommendation,
  arbitraryDecision,
  aReviewCompletion,
  aReviewRequest,
  aRoutedDecision,
  aRouting,
  without,
} from '../testing';
import { EventClass, EventClasses } from './event-classes';
import { JsonObject } from './json-value';

// The generated schemas are what other teams validate against; the classes are what Countersign decodes with. Each
// case goes through both and expects the same answer.
const schemas = JSON.parse(
  readFileSync(path.join(__dirname, '..', '..', 'generated', 'events.schema.json'), 'utf8'),
) as Record<string, JsonObject>;
const ajv = new Ajv({ strict: false, allErrors: true });
addFormats(ajv);
const validators = new Map<EventClass, ValidateFunction>(
  EventClasses.map((eventClass) => [eventClass, ajv.compile(schemas[eventClass.name])]),
);

function verdicts(eventClass: EventClass, event: unknown): { codec: string[]; schema: string[] } {
  const decoded = validateEvent(eventClass, event);
  const validate = validators.get(eventClass) as ValidateFunction;
  const valid = validate(event);
  return {
    codec: decoded.ok ? [] : decoded.errors,
    schema: valid ? [] : (validate.errors ?? []).map((error) => `${error.instancePath} ${error.message}`),
  };
}

type Case = [string, EventClass, unknown];
const long = (length: number) => 'x'.repeat(length);
const decision = (patch: object) => ({ ...aDecision(), ...patch });
const routed = (routing: object) => ({ ...aRoutedDecision(), routing: { ...aRouting(), ...routing } });
const review = (patch: object) => ({ ...aReviewCompletion(), ...patch });
const final = (patch: object) => ({ ...aFinalDecision(), ...patch });
const audit = (patch: object) => ({ ...anAuditEvent(), ...patch });

const valid: Case[] = [
  ['a contract-review decision with amount and region attributes and an anomaly flag', DecisionV1, aDecision()],
  [
    'a decision with only the required fields',
    DecisionV1,
    without(aDecision(), 'input', 'evidence', 'attributes', 'flags'),
  ],
  [
    'a decision with attributes of every scalar type',
    DecisionV1,
    decision({ attributes: { a: 's', b: 1.5, c: false, d: null } }),
  ],
  [
    'a decision timed with an offset and microseconds',
    DecisionV1,
    decision({ occurredAt: '2026-11-03T10:15:00.123456+01:00' }),
  ],
  ['a decision made on a leap day', DecisionV1, decision({ occurredAt: '2028-02-29T23:59:59Z' })],
  [
    'a decision whose output nests arrays and nulls',
    DecisionV1,
    decision({ output: { clauses: [{ id: 1, text: null }] } }),
  ],
  ['a decision with confidence exactly 0 and 1', DecisionV1, decision({ confidence: 1 })],
  ['a routed decision (review)', RoutedDecisionV1, aRoutedDecision()],
  [
    'a routed decision whose reasons name a flag of 200 characters',
    RoutedDecisionV1,
    routed({ reasons: ['below_threshold', `flag:${long(200)}`] }),
  ],
  [
    'an autonomous routed decision without SLA',
    RoutedDecisionV1,
    { ...aRoutedDecision(), routing: without(aRouting({ route: 'autonomous', reasons: [] }), 'slaSeconds') },
  ],
  ['a review request', ReviewRequestedV1, aReviewRequest()],
  [
    'an audit request for a random sample',
    ReviewRequestedV1,
    aReviewRequest({
      kind: 'audit',
      routing: aRouting({ route: 'autonomous', randomSample: true, reasons: ['random_sample'] }),
    }),
  ],
  ['a correction', ReviewCompletedV1, aReviewCompletion()],
  ['an approval', ReviewCompletedV1, review({ verdict: 'approve', finalOutput: aDecision().output, diff: [] })],
  [
    'a rejection with finalOutput null',
    ReviewCompletedV1,
    without(review({ verdict: 'reject', finalOutput: null, diff: [] }), 'reasonCode', 'comment'),
  ],
  [
    'a diff that adds, removes and nulls fields',
    ReviewCompletedV1,
    review({
      diff: [without(aFieldChange(), 'before'), without(aFieldChange(), 'after'), aFieldChange({ before: null })],
    }),
  ],
  ['an approved final decision', FinalDecisionV1, aFinalDecision()],
  [
    'a rejected final decision with finalOutput null',
    FinalDecisionV1,
    final({ outcome: 'rejected', finalOutput: null }),
  ],
  [
    'an autonomous final decision',
    FinalDecisionV1,
    final({ outcome: 'autonomous', routing: aRouting({ route: 'autonomous', reasons: [] }) }),
  ],
  ['an audit event about a decision', AuditEventV1, anAuditEvent()],
  [
    'a policy audit event, keyed by workflow',
    AuditEventV1,
    without(audit({ type: 'policy.changed', eventId: '6F1C2A7E-3B9D-4C1E-9A2F-8D7E6C5B4A39' }), 'decisionId'),
  ],
  ['a policy change', PolicyChangedV1, aPolicyChange()],
  ['a threshold recommendation', PolicyRecommendationV1, aPolicyRecommendation()],
  [
    'a trust-level recommendation for every model version',
    PolicyRecommendationV1,
    without(aPolicyRecommendation({ kind: 'trust_level', current: 2, recommended: 3 }), 'modelVersion'),
  ],
];

const invalid: Case[] = [
  ['a decision without confidence', DecisionV1, without(aDecision(), 'confidence')],
  ['confidence 7', DecisionV1, decision({ confidence: 7 })],
  ['a negative confidence', DecisionV1, decision({ confidence: -0.01 })],
  ['confidence as a string', DecisionV1, decision({ confidence: '0.9' })],
  ['an unknown field', DecisionV1, decision({ priority: 'high' })],
  ['an unknown field named like an Object.prototype method', DecisionV1, decision({ hasOwnProperty: true })],
  ['an unknown field in the model', DecisionV1, decision({ model: { ...aDecision().model, vendor: 'acme' } })],
  ['a model without version', DecisionV1, decision({ model: { name: 'contract-extractor' } })],
  ['a model given as an array', DecisionV1, decision({ model: [] })],
  ['an empty id', DecisionV1, decision({ id: '' })],
  ['an id of 201 characters', DecisionV1, decision({ id: long(201) })],
  ['schemaVersion 2', DecisionV1, decision({ schemaVersion: 2 })],
  ['a workflow that is not kebab-case', DecisionV1, decision({ workflow: 'Contract Review' })],
  ['an output that is an array', DecisionV1, decision({ output: [] })],
  ['a null output', DecisionV1, decision({ output: null })],
  ['a null input', DecisionV1, decision({ input: null })],
  ['null attributes', DecisionV1, decision({ attributes: null })],
  ['an object as attribute value', DecisionV1, decision({ attributes: { region: { code: 'EU' } } })],
  ['an array as attribute value', DecisionV1, decision({ attributes: { regions: ['EU'] } })],
  ['flags as a string', DecisionV1, decision({ flags: 'anomaly:liability-cap' })],
  ['a flag that is a number', DecisionV1, decision({ flags: [42] })],
  ['101 flags', DecisionV1, decision({ flags: Array.from({ length: 101 }, (_, i) => `flag-${i}`) })],
  ['a flag of 201 characters', DecisionV1, decision({ flags: [long(201)] })],
  ['a time that is not a date', DecisionV1, decision({ occurredAt: 'yesterday' })],
  ['a date without a time', DecisionV1, decision({ occurredAt: '2026-11-03' })],
  ['a time without an offset', DecisionV1, decision({ occurredAt: '2026-11-03T09:15:00' })],
  ['February 29 in a common year', DecisionV1, decision({ occurredAt: '2026-02-29T09:15:00Z' })],
  ['hour 24', DecisionV1, decision({ occurredAt: '2026-11-03T24:00:00Z' })],
  ['a leap second', DecisionV1, decision({ occurredAt: '2026-12-31T23:59:60Z' })],
  ['a week date', DecisionV1, decision({ occurredAt: '2026-W45-2' })],
  ['a time as a number', DecisionV1, decision({ occurredAt: 1_793_000_000_000 })],
  ['a route that does not exist', RoutedDecisionV1, routed({ route: 'manual' })],
  ['a fractional number of approvals', RoutedDecisionV1, routed({ requiredApprovals: 1.5 })],
  ['six approvals', RoutedDecisionV1, routed({ requiredApprovals: 6 })],
  ['an SLA under a minute', RoutedDecisionV1, routed({ slaSeconds: 30 })],
  ['randomSample as a string', RoutedDecisionV1, routed({ randomSample: 'false' })],
  ['an unknown field in the routing', RoutedDecisionV1, routed({ reviewer: 'anna.schmidt' })],
  ['trust level 5', RoutedDecisionV1, routed({ trustLevel: 5 })],
  ['a threshold above 1', RoutedDecisionV1, routed({ threshold: 1.01 })],
  [
    'a routing without the threshold applied',
    RoutedDecisionV1,
    { ...aRoutedDecision(), routing: without(aRouting(), 'threshold') },
  ],
  ['a reason of 206 characters', RoutedDecisionV1, routed({ reasons: [`flag:${long(201)}`] })],
  ['a routed decision without routing', RoutedDecisionV1, without(aRoutedDecision(), 'routing')],
  [
    'a routed decision whose decision has confidence 7',
    RoutedDecisionV1,
    { ...aRoutedDecision(), decision: decision({ confidence: 7 }) },
  ],
  ['a routed decision whose decision is an array', RoutedDecisionV1, { ...aRoutedDecision(), decision: [] }],
  ['a review request of an unknown kind', ReviewRequestedV1, { ...aReviewRequest(), kind: 'urgent' }],
  ['a rejection with a finalOutput', ReviewCompletedV1, review({ verdict: 'reject' })],
  ['a correction with a null finalOutput', ReviewCompletedV1, review({ finalOutput: null })],
  ['a review without finalOutput', ReviewCompletedV1, without(aReviewCompletion(), 'finalOutput')],
  ['an unknown verdict', ReviewCompletedV1, review({ verdict: 'maybe' })],
  ['a diff entry with an unknown field', ReviewCompletedV1, review({ diff: [{ ...aFieldChange(), op: 'replace' }] })],
  ['a diff entry without path', ReviewCompletedV1, review({ diff: [without(aFieldChange(), 'path')] })],
  ['a diff entry that is an array', ReviewCompletedV1, review({ diff: [[]] })],
  ['eleven reviewers', ReviewCompletedV1, review({ reviewers: Array.from({ length: 11 }, (_, i) => `reviewer:${i}`) })],
  ['a negative time on task', ReviewCompletedV1, review({ timeOnTaskMs: -1 })],
  ['a fractional time on task', ReviewCompletedV1, review({ timeOnTaskMs: 1.5 })],
  ['a rejected final decision with an output', FinalDecisionV1, final({ outcome: 'rejected' })],
  ['an approved final decision with a null output', FinalDecisionV1, final({ finalOutput: null })],
  ['a final decision without finalOutput', FinalDecisionV1, without(aFinalDecision(), 'finalOutput')],
  ['an unknown outcome', FinalDecisionV1, final({ outcome: 'maybe' })],
  ['an eventId that is not a UUID', AuditEventV1, audit({ eventId: 'event-1' })],
  [
    'an eventId with a urn:uuid: prefix',
    AuditEventV1,
    audit({ eventId: 'urn:uuid:6f1c2a7e-3b9d-4c1e-9a2f-8d7e6c5b4a39' }),
  ],
  ['a UUID with version digit 0', AuditEventV1, audit({ eventId: '6f1c2a7e-3b9d-0c1e-9a2f-8d7e6c5b4a39' })],
  ['an unknown audit event type', AuditEventV1, audit({ type: 'decision.deleted' })],
  ['a source outside Countersign', AuditEventV1, audit({ source: 'platform' })],
  ['a null decisionId', AuditEventV1, audit({ decisionId: null })],
  ['policy version 0', PolicyChangedV1, { ...aPolicyChange(), version: 0 }],
  ['a fractional policy version', PolicyChangedV1, { ...aPolicyChange(), version: 1.5 }],
  ['a policy that is an array', PolicyChangedV1, { ...aPolicyChange(), policy: [] }],
  ['a reason of 2001 characters', PolicyChangedV1, { ...aPolicyChange(), reason: long(2001) }],
  ['an unknown recommendation kind', PolicyRecommendationV1, { ...aPolicyRecommendation(), kind: 'vibes' }],
  ['a current value as a string', PolicyRecommendationV1, { ...aPolicyRecommendation(), current: '0.9' }],
];

describe('the generated JSON Schema and the class codec', () => {
  it.each(valid)('both accept %s', (_case, eventClass, event) => {
    expect(verdicts(eventClass, event)).toEqual({ codec: [], schema: [] });
  });

  it.each(invalid)('both reject %s', (_case, eventClass, event) => {
    const { codec, schema } = verdicts(eventClass, event);
    expect({ codecRejects: codec.length > 0, schemaRejects: schema.length > 0 }).toEqual({
      codecRejects: true,
      schemaRejects: true,
    });
  });

  it.each(EventClasses.map((eventClass) => [eventClass.name, eventClass] as const))(
    'agree on which fields of %s may be left out',
    (name, eventClass) => {
      const required = new Set((schemas[name].required as string[]) ?? []);
      for (const property of Object.keys(schemas[name].properties as JsonObject)) {
        const { codec, schema } = verdicts(eventClass, without(anEventOf(eventClass), property));
        expect({ property, codecAccepts: codec.length === 0, schemaAccepts: schema.length === 0 }).toEqual({
          property,
          codecAccepts: !required.has(property),
          schemaAccepts: !required.has(property),
        });
      }
    },
  );

  it('both accept any valid decision', () => {
    fc.assert(
      fc.property(arbitraryDecision(), (event) => {
        expect(verdicts(DecisionV1, event)).toEqual({ codec: [], schema: [] });
      }),
      { numRuns: 200 },
    );
  });
});
