import { DecisionV1, ScalarRecord } from '@countersign/contracts';

/**
 * What a policy's JSON Logic rules (`alwaysReview[].when`, `requiredApprovals[].when`) see of a decision:
 *
 *   { confidence: number, workflow: string, model: { name, version }, attributes: { <name>: scalar }, flags: string[] }
 *
 * e.g. `{">": [{"var": "attributes.amount"}, 100000]}`, `{"in": [{"var": "attributes.region"}, ["EU"]]}`,
 * `{"in": ["anomaly:liability-cap", {"var": "flags"}]}`. Only these fields: the output, input and evidence are for
 * reviewers, and rules over free-form output would break silently whenever a model changed its output's shape.
 */
export interface RuleData {
  readonly confidence: number;
  readonly workflow: string;
  readonly model: { readonly name: string; readonly version: string };
  readonly attributes: Readonly<ScalarRecord>;
  readonly flags: readonly string[];
}

/** The top-level fields a rule may read with `var`; compilePolicy rejects any other, which would always be null. */
export const RULE_DATA_FIELDS: ReadonlySet<string> = new Set([
  'confidence',
  'workflow',
  'model',
  'attributes',
  'flags',
]);

export function ruleDataOf(decision: DecisionV1): RuleData {
  return {
    confidence: decision.confidence,
    workflow: decision.workflow,
    model: { name: decision.model.name, version: decision.model.version },
    attributes: decision.attributes,
    flags: decision.flags,
  };
}
