import { INestApplication } from '@nestjs/common';
import { DocumentBuilder, OpenAPIObject, SwaggerModule } from '@nestjs/swagger';
import { describeValidatedClassesForOpenApi, validatedClassNames } from './dto-api-properties';

export interface OpenApiServiceInfo {
  name: string;
  description: string;
}

type Operation = NonNullable<OpenAPIObject['paths'][string]['get']>;

const METHODS = ['get', 'put', 'post', 'delete', 'patch'] as const;

/** The one shape of every error answer (libs/platform's badRequest, Nest's HttpException, the task error filter). */
const ERROR_SCHEMA = {
  type: 'object',
  required: ['statusCode', 'message'],
  properties: {
    statusCode: { type: 'integer', example: 400 },
    error: { type: 'string', example: 'Bad Request' },
    message: { type: 'string', example: 'request validation failed' },
    code: { type: 'string', description: 'A stable error code, where the service has one (e.g. lease_expired)' },
    fieldErrors: {
      type: 'array',
      description: 'One entry per invalid field path (e.g. policy.alwaysReview.0.name)',
      items: {
        type: 'object',
        required: ['field', 'errors'],
        properties: { field: { type: 'string' }, errors: { type: 'array', items: { type: 'string' } } },
      },
    },
  },
};

const ERRORS: Record<string, string> = {
  '400': 'Invalid request: `fieldErrors` names each invalid field',
  '401': 'No valid bearer token',
  '403': 'The token lacks the role or the workflow this needs',
  '404': 'No such object (or none the caller may see)',
  '409': 'Conflicts with the current state (stale version, lease held by someone else, ...)',
  '429': 'Rate limit exceeded: retry after the Retry-After header (seconds)',
};

function errorResponse(status: string): Operation['responses'][string] {
  const response = {
    description: ERRORS[status],
    content: { 'application/json': { schema: { $ref: '#/components/schemas/ErrorResponse' } } },
  };
  if (status !== '429') return response;
  return {
    ...response,
    headers: { 'Retry-After': { description: 'Seconds to wait before retrying', schema: { type: 'integer' } } },
  };
}

/** Which error answers an operation can give, from what it takes: the same rule for every service. */
function declareErrors(path: string, method: string, operation: Operation): void {
  const statuses = ['400', '429'];
  if ((operation.security ?? []).length > 0) statuses.push('401', '403');
  if (/\{[^}]+\}/.test(path)) statuses.push('404');
  if (method !== 'get') statuses.push('409');
  for (const status of statuses) operation.responses[status] ??= errorResponse(status);
}

/**
 * The OpenAPI 3 document of one service: every DTO described from its class-validator rules, every /api operation
 * with its error answers. Served at /docs (and /docs-json), and exported to docs/api/ by `npm run openapi:generate`.
 */
export function buildOpenApiDocument(app: INestApplication, service: OpenApiServiceInfo): OpenAPIObject {
  describeValidatedClassesForOpenApi();
  const config = new DocumentBuilder()
    .setTitle(`Countersign ${service.name}`)
    .setDescription(service.description)
    .setVersion('0.1.0')
    .setLicense('Apache-2.0', 'https://www.apache.org/licenses/LICENSE-2.0')
    // Relative: the document is served by the service it describes, wherever that is deployed.
    .addServer('/', `the ${service.name} service`)
    .addBearerAuth({ type: 'http', scheme: 'bearer', bearerFormat: 'JWT' })
    .build();
  const document = SwaggerModule.createDocument(app, config, {
    operationIdFactory: (controllerKey, methodKey) => `${controllerKey.replace(/Controller$/, '')}_${methodKey}`,
  });
  document.components ??= {};
  document.components.schemas = { ...document.components.schemas, ErrorResponse: ERROR_SCHEMA as never };
  // The ValidationPipe runs with whitelist + forbidNonWhitelisted: a member the class does not declare is a 400.
  const validated = validatedClassNames();
  for (const [name, schema] of Object.entries(document.components.schemas)) {
    if (validated.has(name) && 'properties' in schema) schema.additionalProperties = false;
  }
  for (const [path, item] of Object.entries(document.paths)) {
    for (const method of METHODS) {
      const operation = item[method];
      if (!operation) continue;
      // Open routes (health probes) say so explicitly, rather than by leaving security out.
      operation.security ??= [];
      if (path.startsWith('/api/')) declareErrors(path, method, operation);
    }
  }
  return document;
}
