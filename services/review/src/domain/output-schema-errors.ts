import { JsonObject } from '@countersign/contracts';
import Ajv, { ErrorObject, ValidateFunction } from 'ajv';
import addFormats from 'ajv-formats';
import { FieldError } from './task-errors';

// strict off: workflow owners write their schemas with annotations of their own (`x-…`, `examples`) and a reviewer
// must not be refused for them. addUsedSchema off: a schema's `$id` must not be registered, or the next version of the
// same workflow's schema (same `$id`) could not be compiled in this process.
const ajv = new Ajv({ allErrors: true, strict: false, addUsedSchema: false });
addFormats(ajv);

// Compiling is far slower than validating; a workflow has few schema versions, so keep each one compiled.
const compiled = new Map<string, ValidateFunction>();

/**
 * Every way `value` breaks the workflow's output JSON Schema (draft-07, formats included), as field errors under
 * `field` with dotted paths like the rest of the API's 400s (`correction.liabilityCap.amount`). A missing or
 * disallowed property is reported at that property. Throws when the schema itself does not compile: that is the
 * workflow's configuration at fault, not the reviewer.
 */
export function outputSchemaErrors(schema: JsonObject, value: unknown, field: string): FieldError[] {
  const key = JSON.stringify(schema);
  let validate = compiled.get(key);
  if (!validate) {
    validate = ajv.compile(schema);
    compiled.set(key, validate);
  }
  if (validate(value)) return [];
  const byField = new Map<string, string[]>();
  for (const error of validate.errors ?? []) {
    const [path, message] = described(error);
    const name = [field, ...path].join('.');
    byField.set(name, [...(byField.get(name) ?? []), message]);
  }
  return [...byField].map(([name, errors]) => ({ field: name, errors }));
}

function described(error: ErrorObject): [string[], string] {
  const path = error.instancePath
    .split('/')
    .slice(1)
    .map((token) => token.replaceAll('~1', '/').replaceAll('~0', '~'));
  const params = error.params as { missingProperty?: string; additionalProperty?: string };
  if (error.keyword === 'required' && params.missingProperty !== undefined) {
    return [[...path, params.missingProperty], 'is required'];
  }
  if (error.keyword === 'additionalProperties' && params.additionalProperty !== undefined) {
    return [[...path, params.additionalProperty], 'is not a field of this workflow’s output'];
  }
  return [path, error.message ?? `fails ${error.keyword}`];
}
