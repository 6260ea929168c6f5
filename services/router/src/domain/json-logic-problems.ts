import { RULE_DATA_FIELDS } from './rule-data';

/**
 * The operations a rule may use: json-logic-js 2's own, less `log`, which would write to the console on the routing
 * hot path. (`?:` and dotted names such as `var.length` also reach json-logic-js's operation table; neither is part
 * of JSON Logic.)
 */
const OPERATIONS: ReadonlySet<string> = new Set([
  ...['var', 'missing', 'missing_some'],
  ...['if', '==', '===', '!=', '!==', '!', '!!', 'or', 'and'],
  ...['>', '>=', '<', '<=', 'max', 'min', '+', '-', '*', '/', '%'],
  ...['map', 'filter', 'reduce', 'all', 'none', 'some', 'merge', 'in', 'cat', 'substr'],
]);

/** Operations whose second argument runs once per element of the first, with the element (not the decision) as data. */
const PER_ELEMENT: ReadonlySet<string> = new Set(['map', 'filter', 'reduce', 'all', 'none', 'some']);

/** Far deeper than any sensible rule; keeps a hostile document from exhausting the stack of the walk below. */
const MAX_DEPTH = 32;

interface Scope {
  /** JSON Pointer of the node inside the rule, for messages. */
  readonly at: string;
  /** Inside a per-element argument, `var` reads the element, so field names cannot be checked. */
  readonly perElement: boolean;
  readonly depth: number;
}

/**
 * What is wrong with a rule's JSON Logic, one message per problem; none when the rule is sound.
 *
 * The walk is static on purpose. json-logic-js reports an unknown operation only when it evaluates it, and a trial
 * evaluation on sample data cannot reach every operation: `and`, `or` and `if` stop early, and `some`, `all`, `filter`
 * and the like never evaluate their condition over an empty list. A typo in a branch the sample did not take would
 * pass compilation and throw later, on the first real decision that takes it.
 */
export function jsonLogicProblems(logic: unknown): string[] {
  if (!isOperation(logic))
    return ['must be one JSON Logic operation: an object with exactly one key, e.g. {">": [...]}'];
  return problemsIn(logic, { at: '', perElement: false, depth: 0 });
}

function problemsIn(node: unknown, scope: Scope): string[] {
  if (scope.depth > MAX_DEPTH) return [`${where(scope)}nested deeper than ${MAX_DEPTH} levels`];
  if (Array.isArray(node)) return node.flatMap((item, i) => problemsIn(item, within(scope, String(i), false)));
  if (typeof node !== 'object' || node === null) return [];
  if (!isOperation(node)) {
    // json-logic-js would return such an object as a literal value, which is truthy: the rule would match everything.
    const count = Object.keys(node).length;
    return [`${where(scope)}an object must have exactly one key, its operation (this one has ${count})`];
  }
  const [operation, argument] = Object.entries(node)[0];
  if (!OPERATIONS.has(operation)) return [`${where(scope)}unknown operation "${operation}"`];
  const args: unknown[] = Array.isArray(argument) ? argument : [argument];
  const opScope = within(scope, operation, false);
  return [
    ...fieldProblems(operation, args, scope),
    ...shapeProblems(operation, args, scope),
    ...args.flatMap((arg, i) => problemsIn(arg, within(opScope, String(i), PER_ELEMENT.has(operation) && i === 1))),
  ];
}

/** A `var` naming a field rules do not see would read null for every decision, silently: reject it. */
function fieldProblems(operation: string, args: unknown[], scope: Scope): string[] {
  if (operation !== 'var' || scope.perElement) return [];
  const path = args[0];
  if (typeof path !== 'string' && typeof path !== 'number') return [];
  const field = String(path).split('.')[0];
  if (path === '' || RULE_DATA_FIELDS.has(field)) return [];
  return [
    `${where(scope)}"${path}" is not a field rules can read; they see confidence, workflow, model.name, ` +
      'model.version, attributes.<name> and flags',
  ];
}

/** json-logic-js throws at evaluation on `missing_some` without a list of fields. */
function shapeProblems(operation: string, args: unknown[], scope: Scope): string[] {
  if (operation !== 'missing_some' || Array.isArray(args[1]) || isOperation(args[1])) return [];
  return [`${where(scope)}missing_some takes [minimum, [field, ...]]`];
}

function isOperation(node: unknown): node is Record<string, unknown> {
  return typeof node === 'object' && node !== null && !Array.isArray(node) && Object.keys(node).length === 1;
}

function within(scope: Scope, key: string, perElement: boolean): Scope {
  const escaped = key.replace(/~/g, '~0').replace(/\//g, '~1');
  return { at: `${scope.at}/${escaped}`, perElement: scope.perElement || perElement, depth: scope.depth + 1 };
}

function where(scope: Scope): string {
  return scope.at === '' ? '' : `at ${scope.at}: `;
}
