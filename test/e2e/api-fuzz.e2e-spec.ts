import { DEVELOPMENT_HS256_SECRET, mintDevelopmentToken } from '@countersign/auth';
import { Topics } from '@countersign/contracts';
import { aDecision, aReviewRequest, aRouting } from '@countersign/contracts/testing';
import {
  apiRequest,
  eventually,
  KafkaProbe,
  OpenApiContract,
  OpenApiOperation,
  readInfrastructure,
  RunningPlatform,
  ServiceName,
} from '@countersign/testing';
import fc, { Arbitrary } from 'fast-check';
import { randomUUID } from 'node:crypto';
import { junk, valueFor } from './support/openapi-arbitraries';

// Every operation of the four OpenAPI documents, called with generated requests (mostly valid by the document, some
// with junk in one place, some with a member the document does not declare) by an admin of every workflow and by a
// reviewer of one, against the four real services: no answer may be a 5xx, no request carrying an undeclared member
// may succeed, and every answer must be one the document declares (status and body).

const REQUESTS = Number(process.env.FUZZ_REQUESTS ?? 10_000);
const SEED = Number(process.env.FUZZ_SEED ?? Date.now() % 1_000_000);
const CONCURRENCY = 4;
const UNKNOWN = 'fuzzUndeclaredMember';

interface FuzzRequest {
  op: OpenApiOperation;
  as: 'admin' | 'reviewer';
  url: string;
  body?: unknown;
  /** Where an undeclared member was put, if anywhere: such a request must not succeed. */
  undeclared?: 'body' | 'query';
}

/** How a value goes into a URL: objects as JSON (junk may have a `toString` member, so never String()). */
const text = (value: unknown): string =>
  value !== null && typeof value === 'object' ? JSON.stringify(value) : String(value ?? '');

const services: ServiceName[] = ['router', 'review', 'feedback', 'audit'];

describe(`OpenAPI fuzz: ${REQUESTS} generated requests over every operation of the four services`, () => {
  const platform = new RunningPlatform({
    LOG_LEVEL: 'warn',
    // The rate limits are tested on their own; here they would only turn requests into 429s.
    REVIEW_WRITE_LIMIT: '100000000',
    HTTP_RATE_LIMIT: '100000000',
    AUDIT_REPORT_CRON: '',
    AUDIT_CHECKPOINT_EVERY_MS: '0',
  });
  const kafka = new KafkaProbe(readInfrastructure().kafkaBrokers);
  const contracts = Object.fromEntries(services.map((name) => [name, new OpenApiContract(name)])) as Record<
    ServiceName,
    OpenApiContract
  >;
  const workflow = `fuzz-${randomUUID().slice(0, 8)}`;
  const tokens = { admin: '', reviewer: '' };
  const known: Record<string, string[]> = { workflow: [workflow] };

  beforeAll(async () => {
    await platform.start();
    tokens.admin = await mintDevelopmentToken(
      { sub: 'fuzz-admin', roles: ['admin'], workflows: ['*'] },
      DEVELOPMENT_HS256_SECRET,
    );
    tokens.reviewer = await mintDevelopmentToken(
      { sub: 'fuzz-reviewer', roles: ['reviewer'], workflows: [workflow] },
      DEVELOPMENT_HS256_SECRET,
    );
    // Real objects for the generated paths to hit: tasks (and so decisions, chains) of the fuzz workflow.
    const requests = Array.from({ length: 6 }, (_, index) =>
      aReviewRequest({
        decision: aDecision({ id: `${workflow}-d${index}`, workflow, occurredAt: new Date().toISOString() }),
        routing: aRouting({ requiredApprovals: 1, slaSeconds: 3_600 }),
        requestedAt: new Date().toISOString(),
      }),
    );
    await kafka.sendMany(
      Topics.reviewRequested,
      requests.map((request) => ({ key: request.decisionId, value: JSON.stringify(request) })),
    );
    const tasks = await eventually(async () => {
      const reply = await apiRequest(platform.url('review', `/api/v1/tasks?workflow=${workflow}`), 'GET', {
        token: tokens.admin,
      });
      const items = reply.body?.items as Array<{ id: string; decisionId: string }> | undefined;
      return items?.length === requests.length ? items : undefined;
    });
    known.id = tasks.map((task) => task.id);
    known.decisionId = tasks.map((task) => task.decisionId);
    const heads = await apiRequest(platform.url('audit', '/api/v1/trail/heads'), 'GET', { token: tokens.admin });
    known.chain = Array.isArray(heads.body) ? heads.body.map((head: { chain: string }) => head.chain).slice(0, 5) : [];
  });

  afterAll(async () => {
    await kafka.close();
    await platform.stop();
  });

  function requestFor(op: OpenApiOperation): Arbitrary<FuzzRequest> {
    const contract = contracts[op.service];
    const parameters = (op.operation.parameters ?? []) as Array<{ name: string; in: string; schema: unknown }>;
    const pathParameters = parameters.filter((parameter) => parameter.in === 'path');
    const queryParameters = parameters.filter((parameter) => parameter.in === 'query');
    const bodySchema = op.operation.requestBody?.content?.['application/json']?.schema;
    const value = (parameter: { name: string; in: string; schema: unknown }) =>
      fc
        .oneof({ weight: 9, arbitrary: valueFor(contract, parameter.schema, known, parameter.name) }, junk)
        // An empty path segment is another route (a 404 from the router, not this operation's answer).
        .filter((generated) => parameter.in !== 'path' || text(generated) !== '');
    const path = fc
      .tuple(...pathParameters.map(value))
      .map((values) =>
        pathParameters.reduce(
          (url, parameter, index) => url.replace(`{${parameter.name}}`, encodeURIComponent(text(values[index]))),
          op.path,
        ),
      );
    const query = fc.record(
      Object.fromEntries(queryParameters.map((parameter) => [parameter.name, value(parameter)])),
      {
        requiredKeys: [],
      },
    );
    const body = bodySchema
      ? fc.oneof({ weight: 8, arbitrary: valueFor(contract, bodySchema, known) }, junk)
      : fc.constant(undefined);
    const undeclared = fc.constantFrom<FuzzRequest['undeclared']>(
      undefined,
      undefined,
      undefined,
      ...(bodySchema ? (['body'] as const) : []),
      ...(queryParameters.length ? (['query'] as const) : []),
    );
    return fc
      .record({ as: fc.constantFrom('admin' as const, 'reviewer' as const), path, query, body, undeclared })
      .map(({ as, path: concretePath, query: values, body: payload, undeclared: where }) => {
        const search = new URLSearchParams();
        for (const [key, item] of Object.entries(values)) {
          for (const one of Array.isArray(item) ? item : [item]) search.append(key, text(one));
        }
        let sentBody = payload;
        if (where === 'query') search.append(UNKNOWN, 'x');
        if (where === 'body') {
          sentBody = {
            ...(typeof payload === 'object' && payload && !Array.isArray(payload) ? payload : {}),
            [UNKNOWN]: 1,
          };
        }
        const queryString = search.toString();
        return {
          op,
          as,
          url: queryString ? `${concretePath}?${queryString}` : concretePath,
          body: sentBody,
          undeclared: where,
        };
      });
  }

  it(
    'answers no 5xx, accepts no undeclared member, and gives only answers its document declares',
    async () => {
      const operations = services.flatMap((service) =>
        contracts[service].operations().filter((op) => op.path.startsWith('/api/')),
      );
      const requests = fc.sample(fc.oneof(...operations.map(requestFor)), { numRuns: REQUESTS, seed: SEED });
      const serverErrors: string[] = [];
      const acceptedUnknown: string[] = [];
      const undeclaredAnswers = new Map<string, number>();
      const perOperation = new Map<string, number>();
      let sent = 0;
      let undeclaredSent = 0;

      async function send(request: FuzzRequest): Promise<void> {
        const { op } = request;
        const reply = await apiRequest(platform.url(op.service, request.url), op.method.toUpperCase(), {
          token: tokens[request.as],
          body: request.body,
        });
        sent += 1;
        const key = `${op.service} ${op.method.toUpperCase()} ${op.path}`;
        perOperation.set(key, (perOperation.get(key) ?? 0) + 1);
        const described = `${key} as ${request.as}: ${op.method.toUpperCase()} ${request.url} ${JSON.stringify(request.body)?.slice(0, 300)} → ${reply.status} ${JSON.stringify(reply.body)?.slice(0, 300)}`;
        if (reply.status >= 500) serverErrors.push(described);
        if (request.undeclared) {
          undeclaredSent += 1;
          if (reply.status < 300) acceptedUnknown.push(described);
        }
        for (const error of contracts[op.service].responseErrors(
          op.method,
          request.url,
          reply.status,
          reply.body,
          reply.headers.get('content-type'),
        )) {
          undeclaredAnswers.set(error, (undeclaredAnswers.get(error) ?? 0) + 1);
        }
      }

      let next = 0;
      await Promise.all(
        Array.from({ length: CONCURRENCY }, async () => {
          while (next < requests.length) await send(requests[next++]);
        }),
      );

      process.stdout.write(
        `OpenAPI fuzz (seed ${SEED}): ${sent} requests over ${perOperation.size} of ${operations.length} operations, ` +
          `${undeclaredSent} with an undeclared member; ${serverErrors.length} 5xx, ${acceptedUnknown.length} accepted ` +
          `undeclared members, ${undeclaredAnswers.size} kinds of undeclared answer\n`,
      );
      expect(sent).toBe(REQUESTS);
      expect(perOperation.size).toBe(operations.length);
      expect(serverErrors.slice(0, 10)).toEqual([]);
      expect(acceptedUnknown.slice(0, 10)).toEqual([]);
      for (const [answer, count] of undeclaredAnswers) process.stdout.write(`undeclared answer ×${count}: ${answer}\n`);
      expect([...undeclaredAnswers.entries()].slice(0, 20)).toEqual([]);
    },
    20 * 60_000,
  );
});
