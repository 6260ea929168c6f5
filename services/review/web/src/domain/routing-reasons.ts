/** The routing facts a task carries (the router's RoutingFacts as the review API returns them). */
export interface RoutingFacts {
  route: string;
  reasons: string[];
  policyVersion: number;
  trustLevel: number;
  threshold: number;
  randomSample: boolean;
  requiredApprovals: number;
}

/** A JSON Logic condition of a policy rule, by rule name, when the user may read policies (leads). */
export type RuleConditions = Record<string, unknown>;

/** Why this decision is in front of the reviewer, one plain sentence per routing reason, in the router's order. */
export function explainRouting(routing: RoutingFacts, confidence: number, rules: RuleConditions = {}): string[] {
  return routing.reasons.map((reason) => explainReason(reason, routing, confidence, rules));
}

function explainReason(reason: string, routing: RoutingFacts, confidence: number, rules: RuleConditions): string {
  const threshold = routing.threshold.toFixed(2);
  if (reason === 'below_threshold') return `confidence ${confidence.toFixed(2)} is below threshold ${threshold}`;
  if (reason === 'edge_band') return `confidence ${confidence.toFixed(2)} is just above threshold ${threshold}`;
  if (reason === 'random_sample') return `random sample (trust level ${routing.trustLevel})`;
  if (reason === 'trust_level_1') return 'trust level 1: this workflow is under high oversight';
  if (reason === 'unknown_workflow') return 'no routing policy for this workflow yet: everything is reviewed';
  if (reason.startsWith('flag:')) return `flagged by the AI system: ${reason.slice('flag:'.length)}`;
  if (reason.startsWith('rule:')) {
    const name = reason.slice('rule:'.length);
    const condition = rules[name] === undefined ? undefined : describeCondition(rules[name]);
    return condition ? `${condition} (rule ${name})` : `policy rule ${name} matched`;
  }
  return reason;
}

const COMPARISONS: Record<string, string> = { '>': '>', '>=': '≥', '<': '<', '<=': '≤', '==': '=', '===': '=' };
COMPARISONS['!='] = '≠';
COMPARISONS['!=='] = '≠';

/**
 * A JSON Logic condition in words: `{">": [{"var": "attributes.amount"}, 100000]}` is "amount > 100,000".
 * Undefined for shapes it does not know; the caller then names the rule instead.
 */
export function describeCondition(logic: unknown): string | undefined {
  if (!isObject(logic)) return undefined;
  const [operator] = Object.keys(logic);
  if (Object.keys(logic).length !== 1) return undefined;
  const args = Array.isArray(logic[operator]) ? (logic[operator] as unknown[]) : [logic[operator]];
  if (operator in COMPARISONS && args.length === 2) {
    const [left, right] = args.map(operand);
    return left !== undefined && right !== undefined ? `${left} ${COMPARISONS[operator]} ${right}` : undefined;
  }
  if (operator === 'in' && args.length === 2) {
    const [needle, haystack] = args.map(operand);
    if (needle === undefined || haystack === undefined) return undefined;
    return isObject(args[1]) ? `${haystack} include ${needle}` : `${needle} is one of ${haystack}`;
  }
  if ((operator === 'and' || operator === 'or') && args.length > 0) {
    const parts = args.map(describeCondition);
    return parts.every((part) => part !== undefined) ? parts.join(` ${operator} `) : undefined;
  }
  if (operator === '!' && args.length === 1) {
    const inner = describeCondition(args[0]);
    return inner === undefined ? undefined : `not (${inner})`;
  }
  return undefined;
}

function operand(value: unknown): string | undefined {
  if (isObject(value) && typeof value.var === 'string') return value.var.replace(/^attributes\./, '');
  if (typeof value === 'number') return value.toLocaleString('en-US');
  if (typeof value === 'string') return `"${value}"`;
  if (typeof value === 'boolean') return String(value);
  if (Array.isArray(value)) {
    const items = value.map(operand);
    return items.every((item) => item !== undefined) ? items.join(', ') : undefined;
  }
  return undefined;
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
