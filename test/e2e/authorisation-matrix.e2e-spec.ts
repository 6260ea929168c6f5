import {
  ALL_WORKFLOWS,
  DEVELOPMENT_HS256_SECRET,
  hasAnyRole,
  mintDevelopmentToken,
  type Principal,
  type Role,
} from '@countersign/auth';
import { Topics } from '@countersign/contracts';
import {
  eventually,
  KafkaProbe,
  readInfrastructure,
  RunningPlatform,
  storePolicyAsTwoAdmins,
} from '@countersign/testing';
import type { ServiceName } from '@countersign/testing';
import { randomUUID } from 'node:crypto';
import { Client } from 'pg';
import { type MatrixPrincipal, matrixPrincipals } from './support/matrix-principals';

// The authorisation matrix of issue #14, generated from the four services' OpenAPI documents: every operation they
// list × the principals of the acceptance line × objects (own workflow's, other workflow's, unknown, malformed). The
// expected status of each cell follows from the operation's access rule as the document states it
// (x-countersign-access / x-countersign-roles, written by @WorkflowAccess and @Roles): 401 for a token that must not
// authenticate, 403 for a role or workflow not granted, 404 for an unknown stored object, else "allowed" (the request
// passes authorisation: 2xx, or 400/404/409 from the handler). Also checked in every cell: no 5xx, and no 2xx body of
// a non-public operation naming a workflow the caller is not granted (0 cross-workflow reads). ADR 0006.

type Expectation = 401 | 403 | 404 | 'allowed' | 'pending';
type ObjectKind = 'own' | 'other' | 'unknown' | 'malformed' | 'none';

interface OpenApiOperation {
  'x-countersign-access'?: { operation: string; role: Role; scope: 'workflow' | 'all'; source: 'all' | Source };
  'x-countersign-roles'?: Role[];
}
interface Source {
  param: string;
  checkedBy: 'route' | 'lookup' | 'handler';
}

const ALLOWED = new Set([200, 201, 202, 204, 400, 404, 409, 422]);
const SERVICES: ServiceName[] = ['router', 'review', 'feedback', 'audit'];
const run = randomUUID().slice(0, 6);
const A = `mx-a-${run}`;
const B = `mx-b-${run}`;

function decision(workflow: string, confidence: number) {
  return {
    schemaVersion: 1,
    id: `mx-${workflow}-${confidence}-${randomUUID().slice(0, 8)}`,
    workflow,
    model: { name: 'm', version: '1' },
    confidence,
    output: { ok: true },
    attributes: { amount: 10 },
    flags: [],
    occurredAt: new Date().toISOString(),
  };
}

/** Request bodies that pass validation, so a granted write really happens and a refused one is refused for access. */
function bodyFor(method: string, path: string): unknown {
  if (method === 'get') return undefined;
  const reason = { reason: 'authorisation matrix' };
  const bodies: Array<[RegExp, unknown]> = [
    [
      /policies\/\{workflow\}$/,
      { policy: { threshold: 0.6, trustLevel: 3, ladder: { level3SampleRate: 0 } }, ...reason },
    ],
    [/dry-run$/, { policy: { threshold: 0.5, trustLevel: 3 } }],
    [/(stop|resume|reject)$/, reason],
    [/two-person-rule$/, { enabled: true, ...reason }],
    [/targets\/\{workflow\}$/, { maxErrorRate: 0.05, autoApply: false }],
    // The attacker's own workflow in the body: the stored decision's workflow must win.
    [/gold\/\{decisionId\}$/, { workflow: A, verdict: 'approve' }],
    [
      /audit-plans\/\{workflow\}$/,
      { ratesByTrustLevel: { 1: 1, 2: 1, 3: 1, 4: 1 }, minimumPerPeriod: 0, period: 'week', confidenceCuts: [] },
    ],
    [/complete$/, { verdict: 'approve' }],
    [/comments$/, { text: 'authorisation matrix' }],
    [/reassign$/, { to: 'mx-someone-else' }],
    [/cancel$/, reason],
  ];
  return bodies.find(([pattern]) => pattern.test(path))?.[1] ?? {};
}

describe('authorisation matrix (generated from the OpenAPI documents)', () => {
  const platform = new RunningPlatform({ LOG_LEVEL: 'warn', REVIEW_WRITE_LIMIT: '100000' });
  const infrastructure = readInfrastructure();
  const kafka = new KafkaProbe(infrastructure.kafkaBrokers);
  const db = new Client({ connectionString: infrastructure.databaseUrl });
  const objects: Record<string, { own: string; other: string }> = {};
  let principals: MatrixPrincipal[];

  beforeAll(async () => {
    await platform.start();
    await db.connect();
    principals = await matrixPrincipals(A, B);
    const adminAll = principals.find((p) => p.name === 'admin-of-all')?.token ?? '';
    const ask = (service: ServiceName, path: string) =>
      fetch(platform.url(service, path), { headers: { authorization: `Bearer ${adminAll}` } });
    const proposer = await mintDevelopmentToken(
      { sub: 'mx-proposer', roles: ['admin'], workflows: ['*'] },
      DEVELOPMENT_HS256_SECRET,
    );
    const policy = { threshold: 0.5, trustLevel: 3, ladder: { level3SampleRate: 0 } };
    const seeded: Record<string, { task: string; decision: string; proposal: string }> = {};
    for (const workflow of [A, B]) {
      await storePolicyAsTwoAdmins(platform.url('router', ''), workflow, policy, 'matrix seed');
      const toReview = decision(workflow, 0.2);
      const released = decision(workflow, 0.9);
      await kafka.sendMany(
        Topics.decisions,
        [toReview, released].map((d) => ({ key: d.id, value: JSON.stringify(d) })),
      );
      const task = await eventually(async () => {
        const listed = (await (await ask('review', `/api/v1/tasks?decisionId=${toReview.id}`)).json()) as any;
        return listed.items?.[0]?.id as string | undefined;
      }, 60_000);
      await eventually(
        async () => (await ask('audit', `/api/v1/decisions/${released.id}/history`)).ok || undefined,
        60_000,
      );
      await eventually(async () => {
        const { rowCount } = await db.query('SELECT 1 FROM feedback.final_outcomes WHERE decision_id = $1', [
          released.id,
        ]);
        return rowCount ? true : undefined;
      }, 60_000);
      // Proposed by someone outside the matrix, so that any admin of the workflow in it may approve.
      const proposed = await fetch(platform.url('router', `/api/v1/policies/${workflow}`), {
        method: 'PUT',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${proposer}` },
        body: JSON.stringify({ policy: { threshold: 0.1, trustLevel: 3 }, reason: 'pending proposal for the matrix' }),
      });
      seeded[workflow] = { task, decision: released.id, proposal: ((await proposed.json()) as { id: string }).id };
    }
    objects.task = { own: seeded[A].task, other: seeded[B].task };
    objects.decision = { own: seeded[A].decision, other: seeded[B].decision };
    objects.proposal = { own: seeded[A].proposal, other: seeded[B].proposal };
  }, 300_000);

  afterAll(async () => {
    await db.end();
    await kafka.close();
    await platform.stop();
  });

  /** The value of each path parameter for an object kind, and the workflow that object belongs to. */
  function resolve(path: string, kind: ObjectKind): { values: Record<string, string>; workflow: string } {
    const params = [...path.matchAll(/\{(\w+)\}/g)].map((m) => m[1]);
    const values: Record<string, string> = {};
    const workflow = kind === 'own' ? A : kind === 'other' ? B : kind;
    for (const param of params) {
      const of = (which: keyof typeof objects, unknown: string, malformed: string) =>
        kind === 'own' || kind === 'other' ? objects[which][kind] : kind === 'unknown' ? unknown : malformed;
      if (param === 'workflow') {
        // A proposal's path names its workflow too: the unknown proposal is asked of a workflow that exists.
        const name = kind === 'unknown' ? `mx-unknown-${run}` : kind === 'malformed' ? 'Not_A_Workflow!' : workflow;
        values[param] = path.includes('{id}') && kind !== 'own' && kind !== 'other' ? A : name;
      } else if (param === 'chain') values[param] = kind === 'unknown' ? '99999' : kind === 'malformed' ? 'abc' : '0';
      else if (path.includes('/tasks/')) values[param] = of('task', randomUUID(), 'not-a-task-id');
      else if (path.includes('/proposals/')) values[param] = of('proposal', randomUUID(), 'not-a-proposal');
      else values[param] = of('decision', `mx-unknown-decision-${run}`, 'x'.repeat(300));
    }
    return { values, workflow };
  }

  function expected(
    principal: MatrixPrincipal,
    op: OpenApiOperation,
    path: string,
    kind: ObjectKind,
    workflow: string,
  ): Expectation {
    if (principal.pending) return 'pending';
    const access = op['x-countersign-access'];
    const roles = access ? [access.role] : op['x-countersign-roles'];
    if (!roles) return 'allowed'; // public
    if (principal.invalid) return 401;
    const who: Principal = {
      subject: principal.name,
      roles: principal.roles ?? [],
      groups: [],
      workflows: principal.workflows ?? [],
    };
    if (!hasAnyRole(who, roles)) return 403;
    if (!access) return 'allowed'; // lists, narrowed to the granted workflows (checked by the leak check below)
    const all = who.workflows.includes(ALL_WORKFLOWS);
    const granted = (w: string) => all || who.workflows.includes(w);
    if (access.source === 'all') return all ? 'allowed' : 403;
    if (kind === 'none') return 'allowed';
    const chainWide = access.scope === 'all';
    if (chainWide) return all ? 'allowed' : 403;
    switch (access.source.checkedBy) {
      case 'route':
        // A proposal of an unknown id or malformed id is asked of workflow A (see resolve).
        return granted(path.includes('{id}') && (kind === 'unknown' || kind === 'malformed') ? A : workflow)
          ? 'allowed'
          : 403;
      case 'lookup':
        return kind === 'unknown' || kind === 'malformed' ? 404 : granted(workflow) ? 'allowed' : 403;
      case 'handler':
        if (kind === 'malformed') return 'allowed'; // 400 from validation, before any object is loaded
        // A gold answer for a decision nobody has seen is filed under the body's workflow (A); a task must exist.
        if (kind === 'unknown') return path.includes('/gold/') ? (granted(A) ? 'allowed' : 403) : 404;
        return granted(workflow) ? 'allowed' : 403;
    }
  }

  it('gives every cell its expected status: 0 cross-workflow reads or writes, 0 5xx', async () => {
    const cells: Array<{ cell: string; expected: Expectation; status: number; leak?: string }> = [];
    for (const service of SERVICES) {
      const document = (await (await fetch(platform.url(service, '/docs-json'))).json()) as {
        paths: Record<string, Record<string, OpenApiOperation>>;
      };
      for (const [path, methods] of Object.entries(document.paths)) {
        for (const [method, op] of Object.entries(methods)) {
          const kinds: ObjectKind[] = path.includes('{') ? ['own', 'other', 'unknown', 'malformed'] : ['none'];
          for (const kind of kinds) {
            const { values, workflow } = resolve(path, kind);
            const url = path.replace(/\{(\w+)\}/g, (_m, name: string) => encodeURIComponent(values[name]));
            for (const principal of principals) {
              const body = bodyFor(method, path);
              const response = await fetch(platform.url(service, url), {
                method: method.toUpperCase(),
                headers: {
                  ...(principal.token ? { authorization: `Bearer ${principal.token}` } : {}),
                  ...(body === undefined ? {} : { 'content-type': 'application/json' }),
                },
                body: body === undefined ? undefined : JSON.stringify(body),
              });
              const text = await response.text();
              const expectation = expected(principal, op, path, kind, workflow);
              const notGranted = principal.workflows?.includes(ALL_WORKFLOWS)
                ? []
                : [A, B].filter((w) => principal.workflows && !principal.workflows.includes(w));
              const isPublic = !op['x-countersign-access'] && !op['x-countersign-roles'];
              const leak =
                !isPublic && !principal.pending && response.ok ? notGranted.find((w) => text.includes(w)) : undefined;
              cells.push({
                cell: `${service} ${method.toUpperCase()} ${path} [${kind}] as ${principal.name}`,
                expected: expectation,
                status: response.status,
                ...(leak ? { leak } : {}),
              });
            }
          }
        }
      }
    }
    const wrong = cells.filter(
      ({ expected: e, status }) => e !== 'pending' && (e === 'allowed' ? !ALLOWED.has(status) : status !== e),
    );
    const serverErrors = cells.filter(({ status }) => status >= 500);
    const leaks = cells.filter(({ leak }) => leak);
    const pending = cells.filter(({ expected: e, status }) => e === 'pending' && status < 400);
    const tally = (e: Expectation) => cells.filter((cell) => cell.expected === e).length;
    console.log(
      `authorisation matrix: ${cells.length} cells (${tally(401)} × 401, ${tally(403)} × 403, ${tally(404)} × 404, ` +
        `${tally('allowed')} allowed, ${tally('pending')} pending); ${wrong.length} unexpected, ` +
        `${serverErrors.length} × 5xx, ${leaks.length} cross-workflow reads; pending cells accepted: ${pending.length}`,
    );
    expect(wrong.map(({ cell, expected: e, status }) => `${cell}: expected ${e}, got ${status}`)).toEqual([]);
    expect(serverErrors.map(({ cell, status }) => `${cell}: ${status}`)).toEqual([]);
    expect(leaks.map(({ cell, leak }) => `${cell} shows ${leak}`)).toEqual([]);
    expect(cells.length).toBeGreaterThan(1000);
  }, 600_000);
});
