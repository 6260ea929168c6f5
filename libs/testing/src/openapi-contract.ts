import Ajv, { ValidateFunction } from 'ajv';
import addFormats from 'ajv-formats';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { ServiceName } from './service-process';
import { repoRoot } from './test-infrastructure';

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- an OpenAPI document is read as plain JSON
type Json = any;

export interface OpenApiOperation {
  service: ServiceName;
  method: string;
  /** The path template, e.g. /api/v1/tasks/{id}/complete. */
  path: string;
  operation: Json;
}

const METHODS = ['get', 'put', 'post', 'delete', 'patch'];

/**
 * OpenAPI 3.0's `nullable: true` beside an `allOf: [{$ref}]` means "this, or null"; in JSON Schema (and Ajv) the
 * sibling keywords would still apply to null. Rewritten as anyOf [null, the rest].
 */
function withNullAsJsonSchema(schema: Json): Json {
  if (Array.isArray(schema)) return schema.map(withNullAsJsonSchema);
  if (schema === null || typeof schema !== 'object') return schema;
  const converted = Object.fromEntries(
    Object.entries(schema).map(([key, value]) => [key, withNullAsJsonSchema(value)]),
  );
  if (converted.nullable !== true) return converted;
  const { nullable: _nullable, ...rest } = converted;
  return { anyOf: [{ type: 'null' }, rest] };
}

/**
 * One service's checked-in OpenAPI document (docs/api/<service>.openapi.json), read by tests: the operations it
 * declares, and whether a real answer is one it declares (status, and the body against the response schema).
 */
export class OpenApiContract {
  readonly document: Json;
  private readonly ajv: Ajv;
  private readonly validators = new Map<string, ValidateFunction>();
  private readonly templates: Array<{ pattern: RegExp; path: string }>;

  constructor(readonly service: ServiceName) {
    this.document = JSON.parse(readFileSync(join(repoRoot, 'docs', 'api', `${service}.openapi.json`), 'utf8'));
    // strict off: OpenAPI's `example` and `x-` keywords are not JSON Schema; `nullable` is understood by Ajv.
    this.ajv = new Ajv({ strict: false, allErrors: true });
    addFormats(this.ajv);
    this.ajv.addSchema({ components: withNullAsJsonSchema(this.document.components) }, 'openapi');
    this.templates = Object.keys(this.document.paths).map((path) => ({
      path,
      pattern: new RegExp(`^${path.replace(/\{[^}]+\}/g, '[^/]+')}$`),
    }));
  }

  operations(): OpenApiOperation[] {
    return Object.entries(this.document.paths as Record<string, Json>).flatMap(([path, item]) =>
      METHODS.filter((method) => item[method]).map((method) => ({
        service: this.service,
        method,
        path,
        operation: item[method],
      })),
    );
  }

  /** Follows a local $ref (#/components/schemas/X) to the schema it names. */
  resolve(schema: Json): Json {
    if (!schema?.$ref) return schema;
    const name = String(schema.$ref).replace('#/components/schemas/', '');
    return this.resolve(this.document.components.schemas[name]);
  }

  /**
   * What is wrong with an answer, by the document: an undeclared status, or a JSON body that does not match the
   * declared schema. Empty when the answer is one the document promises. `url` is the path with its query, if any.
   */
  responseErrors(method: string, url: string, status: number, body: unknown, contentType: string | null): string[] {
    const path = url.split('?')[0];
    const template = this.templates.find((candidate) => candidate.pattern.test(path))?.path;
    const operation = template && this.document.paths[template][method.toLowerCase()];
    if (!operation) return [`${method} ${path}: no such operation in ${this.service}'s document`];
    const where = `${method.toUpperCase()} ${template} → ${status}`;
    const response = operation.responses[String(status)] ?? operation.responses.default;
    if (!response) return [`${where}: status not declared`];
    const schema = response.content?.['application/json']?.schema;
    if (!schema || !contentType?.includes('application/json')) return [];
    const validate = this.validatorFor(`${template} ${method} ${status}`, schema);
    if (validate(body)) return [];
    return (validate.errors ?? []).map((error) => `${where}: body${error.instancePath} ${error.message}`);
  }

  private validatorFor(key: string, schema: Json): ValidateFunction {
    let validate = this.validators.get(key);
    if (!validate) {
      const rooted = JSON.parse(
        JSON.stringify(withNullAsJsonSchema(schema)).replaceAll('"#/components/', '"openapi#/components/'),
      );
      validate = this.ajv.compile(rooted);
      this.validators.set(key, validate);
    }
    return validate;
  }
}
