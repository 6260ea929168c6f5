import { DEVELOPMENT_HS256_SECRET, mintDevelopmentToken, Role } from '@countersign/auth';
import { FinalDecisionV1, ReviewRequestedV1, Topics } from '@countersign/contracts';
import { aDecision, aReviewRequest, aRouting } from '@countersign/contracts/testing';
import {
  ApiCaller,
  apiCaller,
  ApiReply,
  apiRequest,
  ApiRequestOptions,
  json,
  KafkaProbe,
  readInfrastructure,
  ServiceProcess,
} from '@countersign/testing';
import { SignJWT } from 'jose';

// The reviewer API of the running review service (built, as a real process) against the real broker and Postgres,
// attacked the way a curious or malicious caller would: other workflows' tasks, other reviewers' leases, forged,
// expired and unsigned tokens, request bodies that try to set what only the service may set. Every attempt must be
// refused with the status that tells the caller what went wrong, and must change nothing.

const runId = Date.now().toString(36);
const PORT = 24101;
const SETTLE_MS = 2_000;

/** A workflow of this test run alone, so no other test's tasks are in its queues. */
const workflowNamed = (name: string) => `sec-${runId}-${name}`;

type Caller = ApiCaller;
type Reply = ApiReply;

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const base64url = (value: object) => Buffer.from(JSON.stringify(value)).toString('base64url');
const fieldsOf = (body: any): string[] => (body?.fieldErrors ?? []).map((error: { field: string }) => error.field);

describe('review API security', () => {
  const infrastructure = readInfrastructure();
  const review = new ServiceProcess('review', PORT, {
    KAFKA_BROKERS: infrastructure.kafkaBrokers,
    DATABASE_URL: infrastructure.databaseUrl,
    INSTANCE_ID: 'review-security-0',
    LOG_LEVEL: 'warn',
  });
  const kafka = new KafkaProbe(infrastructure.kafkaBrokers);
  let observer: Caller;
  let sequence = 0;

  const request = (method: string, path: string, options: ApiRequestOptions = {}): Promise<Reply> =>
    apiRequest(`${review.baseUrl}/api/v1${path}`, method, options);
  const caller = (sub: string, workflows: string[], roles: Role[] = ['reviewer']) =>
    apiCaller(review.baseUrl, sub, workflows, roles);

  function reviewRequest(workflow: string, routing: { requiredApprovals?: number; slaSeconds?: number } = {}) {
    sequence += 1;
    const decision = aDecision({ id: `${workflow}-d${sequence}`, workflow, occurredAt: new Date().toISOString() });
    return aReviewRequest({
      decision,
      routing: aRouting({ requiredApprovals: 1, slaSeconds: 3_600, ...routing }),
      requestedAt: new Date().toISOString(),
    });
  }

  /** Produces the requests as the router would and waits until the service shows a task for each, in their order. */
  async function openTasks(requests: ReviewRequestedV1[]): Promise<any[]> {
    await kafka.sendMany(
      Topics.reviewRequested,
      requests.map((request) => ({ key: request.decisionId, value: JSON.stringify(request) })),
    );
    const deadline = Date.now() + 30_000;
    for (;;) {
      const views = new Map<string, any>();
      for (const workflow of new Set(requests.map((request) => request.decision.workflow))) {
        const listed = await observer.get(`/tasks?workflow=${workflow}&limit=100`);
        for (const item of listed.body?.items ?? []) views.set(item.decisionId, item);
      }
      if (requests.every((request) => views.has(request.decisionId))) {
        return requests.map((request) => views.get(request.decisionId));
      }
      if (Date.now() > deadline) {
        throw new Error(`only ${views.size} of ${requests.length} tasks appeared within 30 s`);
      }
      await sleep(100);
    }
  }

  async function openTask(workflow: string, routing: { requiredApprovals?: number; slaSeconds?: number } = {}) {
    const [task] = await openTasks([reviewRequest(workflow, routing)]);
    return task;
  }

  const published = (topic: string, decisionId: string) =>
    kafka.records((record) => record.topic === topic && record.key === decisionId);

  /** The task as the service has it now (seen by a lead of every workflow). */
  async function current(taskId: string): Promise<any> {
    const reply = await observer.get(`/tasks/${taskId}`);
    expect(reply.status).toBe(200);
    return reply.body;
  }

  beforeAll(async () => {
    await review.start();
    await kafka.watch([Topics.decisionsFinal, Topics.reviewCompleted]);
    observer = await caller('observer', ['*'], ['lead']);
  }, 90_000);

  afterAll(async () => {
    await kafka.close();
    await review.stop();
  });

  describe('tokens', () => {
    const workflow = workflowNamed('tokens');
    let task: any;
    let validReviewerToken: string;

    beforeAll(async () => {
      task = await openTask(workflow);
      validReviewerToken = (await caller('anna', [workflow])).token;
    }, 60_000);

    const claims: { sub: string; roles: Role[]; workflows: string[] } = {
      sub: 'mallory',
      roles: ['admin'],
      workflows: ['*'],
    };
    const signedWith = (secret: string, alg: string) =>
      new SignJWT({ roles: claims.roles, workflows: claims.workflows })
        .setProtectedHeader({ alg, typ: 'JWT' })
        .setSubject(claims.sub)
        .setIssuer('countersign-dev')
        .setAudience('countersign')
        .setIssuedAt()
        .setExpirationTime('1h')
        .sign(new TextEncoder().encode(secret));

    // [case, Authorization header, the reason the 401 gives (when it is one of libs/auth's documented reasons)]
    const attempts: Array<[string, () => Promise<string | undefined>, string | undefined]> = [
      ['no Authorization header', async () => undefined, 'missing'],
      ['a Basic credential', async () => `Basic ${Buffer.from('mallory:hunter2').toString('base64')}`, 'missing'],
      ['garbage', async () => 'Bearer not.a.token', 'malformed'],
      [
        'a token signed with another secret (forged)',
        async () =>
          `Bearer ${await mintDevelopmentToken(
            { sub: 'mallory', roles: ['admin'], workflows: ['*'] },
            'an-attacker-chosen-secret-that-is-long-enough',
          )}`,
        'bad_signature',
      ],
      [
        'an expired token',
        async () =>
          `Bearer ${await mintDevelopmentToken(
            { sub: 'anna', roles: ['reviewer'], workflows: [workflow], ttlSeconds: 60 },
            DEVELOPMENT_HS256_SECRET,
            { now: new Date(Date.now() - 2 * 3600 * 1000) },
          )}`,
        'expired',
      ],
      [
        'an unsigned token (alg none)',
        async () => {
          const now = Math.floor(Date.now() / 1000);
          const payload = { ...claims, iss: 'countersign-dev', aud: 'countersign', iat: now, exp: now + 3600 };
          return `Bearer ${base64url({ alg: 'none', typ: 'JWT' })}.${base64url(payload)}.`;
        },
        'unsigned',
      ],
      [
        "a reviewer's token with its payload swapped for an admin's (tampered)",
        async () => {
          const [header, , signature] = validReviewerToken.split('.');
          const now = Math.floor(Date.now() / 1000);
          const payload = { ...claims, iss: 'countersign-dev', aud: 'countersign', iat: now, exp: now + 3600 };
          return `Bearer ${header}.${base64url(payload)}.${signature}`;
        },
        'bad_signature',
      ],
      [
        "a reviewer's token with its signature stripped",
        async () => `Bearer ${validReviewerToken.split('.').slice(0, 2).join('.')}.`,
        undefined,
      ],
      [
        'a token signed with the right secret but another algorithm (HS512)',
        async () => `Bearer ${await signedWith(DEVELOPMENT_HS256_SECRET, 'HS512')}`,
        'algorithm_not_allowed',
      ],
      [
        'a token from another issuer',
        async () =>
          `Bearer ${await mintDevelopmentToken(claims, DEVELOPMENT_HS256_SECRET, {
            issuer: 'https://id.evil.example',
          })}`,
        'wrong_issuer',
      ],
      [
        'a token for another audience',
        async () =>
          `Bearer ${await mintDevelopmentToken(claims, DEVELOPMENT_HS256_SECRET, { audience: 'another-api' })}`,
        'wrong_audience',
      ],
    ];

    it.each(attempts)('refuses %s with 401 on every endpoint, and nothing changes', async (_case, header, reason) => {
      const authorization = await header();
      const endpoints: Array<[string, string, unknown]> = [
        ['GET', '/tasks', undefined],
        ['GET', `/tasks/${task.id}`, undefined],
        ['GET', '/queues', undefined],
        ['POST', '/tasks/next', undefined],
        ['POST', `/tasks/${task.id}/claim`, undefined],
        ['POST', `/tasks/${task.id}/complete`, { verdict: 'approve' }],
        ['POST', `/tasks/${task.id}/cancel`, { reason: 'mallory was here' }],
      ];
      for (const [method, path, body] of endpoints) {
        const reply = await request(method, path, { authorization, body });
        expect({ endpoint: `${method} ${path}`, status: reply.status }).toEqual({
          endpoint: `${method} ${path}`,
          status: 401,
        });
        expect(reply.body).toMatchObject({ statusCode: 401, ...(reason ? { reason } : {}) });
        expect(reply.headers.get('www-authenticate')).toMatch(/^Bearer realm=/);
        if (authorization) expect(JSON.stringify(reply.body)).not.toContain(authorization.split(' ')[1]);
      }
      const after = await current(task.id);
      expect(after).toMatchObject({ state: 'open', lease: null, judgments: [], version: task.version });
    });

    it('refuses an authenticated caller without a reviewer role with 403', async () => {
      const roleless = await caller('nora', ['*'], []);
      expect((await roleless.get('/tasks')).status).toBe(403);
      expect((await roleless.get(`/tasks/${task.id}`)).status).toBe(403);
      expect((await roleless.post('/tasks/next')).status).toBe(403);
      expect((await roleless.post(`/tasks/${task.id}/claim`)).status).toBe(403);
      expect(await current(task.id)).toMatchObject({ state: 'open', lease: null });
    });
  });

  describe('workflows', () => {
    const workflowA = workflowNamed('wf-a');
    const workflowB = workflowNamed('wf-b');
    let omar: Caller; // reviewer of A only
    let li: Caller; // reviewer of B

    beforeAll(async () => {
      omar = await caller('omar', [workflowA]);
      li = await caller('li', [workflowB]);
    });

    it('does not let a reviewer of workflow A read, claim, complete, release or renew a task of workflow B', async () => {
      const theirs = await openTask(workflowB);
      expect([403, 404]).toContain((await omar.get(`/tasks/${theirs.id}`)).status);
      expect([403, 404]).toContain((await omar.post(`/tasks/${theirs.id}/claim`)).status);
      expect(await current(theirs.id)).toMatchObject({ state: 'open', lease: null });

      expect((await li.post(`/tasks/${theirs.id}/claim`)).status).toBe(200);
      expect([403, 404]).toContain((await omar.post(`/tasks/${theirs.id}/complete`, { verdict: 'approve' })).status);
      expect([403, 404]).toContain((await omar.post(`/tasks/${theirs.id}/release`)).status);
      expect([403, 404]).toContain((await omar.post(`/tasks/${theirs.id}/renew`)).status);
      expect(await current(theirs.id)).toMatchObject({ state: 'claimed', lease: { holder: 'li' }, judgments: [] });

      await sleep(SETTLE_MS);
      expect(published(Topics.decisionsFinal, theirs.decisionId)).toHaveLength(0);
    });

    it("keeps workflow B's tasks out of the lists and queue counts a reviewer of workflow A sees", async () => {
      const ours = await openTask(workflowA);
      await openTask(workflowB);

      const listed = await omar.get('/tasks?limit=100');
      expect(listed.status).toBe(200);
      expect(listed.body.items.map((item: any) => item.workflow)).not.toContain(workflowB);
      expect(listed.body.items.map((item: any) => item.id)).toContain(ours.id);

      const filtered = await omar.get(`/tasks?workflow=${workflowB}`);
      if (filtered.status === 200) expect(filtered.body.items).toEqual([]);
      else expect(filtered.status).toBe(403);

      const queues = await omar.get('/queues');
      expect(queues.status).toBe(200);
      expect(queues.body.map((queue: any) => queue.workflow)).not.toContain(workflowB);
    });

    it('never hands a reviewer of workflow A a task of workflow B from /tasks/next, however urgent it is', async () => {
      const onlyA = workflowNamed('next-a');
      const onlyB = workflowNamed('next-b');
      const reviewerOfA = await caller('omar', [onlyA]);
      // B's tasks are due long before A's: a queue that forgot the workflow check would hand them out first.
      const b = await openTasks([reviewRequest(onlyB, { slaSeconds: 600 }), reviewRequest(onlyB, { slaSeconds: 600 })]);
      const a = await openTasks([
        reviewRequest(onlyA, { slaSeconds: 86_400 }),
        reviewRequest(onlyA, { slaSeconds: 86_400 }),
      ]);

      const explicit = await reviewerOfA.post(`/tasks/next?workflow=${onlyB}`);
      expect(explicit.status).toBe(403);
      expect(explicit.body).toMatchObject({ reason: 'workflow_not_granted' });

      const handedOut: string[] = [];
      for (let attempt = 0; attempt < 5; attempt += 1) {
        const next = await reviewerOfA.post('/tasks/next');
        if (next.status === 204) break;
        expect(next.status).toBe(200);
        handedOut.push(next.body.id);
      }
      expect(handedOut.sort()).toEqual(a.map((task) => task.id).sort());
      for (const task of b) expect(await current(task.id)).toMatchObject({ state: 'open', lease: null });
    });
  });

  describe('leases', () => {
    const workflow = workflowNamed('leases');
    let anna: Caller;
    let li: Caller;

    beforeAll(async () => {
      anna = await caller('anna', [workflow]);
      li = await caller('li', [workflow]);
    });

    it("refuses with 409 a reviewer completing, releasing, renewing or claiming another reviewer's claimed task", async () => {
      const task = await openTask(workflow);
      const claimed = await anna.post(`/tasks/${task.id}/claim`);
      expect(claimed.status).toBe(200);

      const attempts = {
        complete: (await li.post(`/tasks/${task.id}/complete`, { verdict: 'approve' })).status,
        release: (await li.post(`/tasks/${task.id}/release`)).status,
        renew: (await li.post(`/tasks/${task.id}/renew`)).status,
        claim: (await li.post(`/tasks/${task.id}/claim`)).status,
      };
      expect(attempts).toEqual({ complete: 409, release: 409, renew: 409, claim: 409 });
      expect(await current(task.id)).toMatchObject({
        state: 'claimed',
        lease: { holder: 'anna', expiresAt: claimed.body.lease.expiresAt },
        judgments: [],
      });

      // The holder can still finish it; a finished task then refuses everyone, the holder included.
      expect((await anna.post(`/tasks/${task.id}/complete`, { verdict: 'approve' })).status).toBe(200);
      expect((await li.post(`/tasks/${task.id}/complete`, { verdict: 'reject', reasonCode: 'incorrect' })).status).toBe(
        409,
      );
      expect((await anna.post(`/tasks/${task.id}/complete`, { verdict: 'approve' })).status).toBe(409);
      expect((await li.post(`/tasks/${task.id}/claim`)).status).toBe(409);

      await kafka.waitFor((record) => record.topic === Topics.decisionsFinal && record.key === task.decisionId, 1);
      await sleep(SETTLE_MS);
      const finals = published(Topics.decisionsFinal, task.decisionId).map((record) => json<FinalDecisionV1>(record));
      expect(finals).toEqual([expect.objectContaining({ outcome: 'approved' })]);
    });

    it('refuses with 409 the old holder of a task a lead reassigned (a lost lease)', async () => {
      const lena = await caller('lena', [workflow], ['lead']);
      const task = await openTask(workflow);
      expect((await anna.post(`/tasks/${task.id}/claim`)).status).toBe(200);
      expect((await lena.post(`/tasks/${task.id}/reassign`, { to: 'li' })).status).toBe(200);

      expect((await anna.post(`/tasks/${task.id}/complete`, { verdict: 'approve' })).status).toBe(409);
      expect((await anna.post(`/tasks/${task.id}/renew`)).status).toBe(409);
      expect(await current(task.id)).toMatchObject({ state: 'claimed', lease: { holder: 'li' }, judgments: [] });
    });
  });

  describe('request bodies', () => {
    const workflow = workflowNamed('bodies');
    let anna: Caller;
    let lena: Caller;

    beforeAll(async () => {
      anna = await caller('anna', [workflow]);
      lena = await caller('lena', [workflow], ['lead']);
    });

    it('refuses fields the caller may not set (mass assignment) with 400 and the offending field, changing nothing', async () => {
      const task = await openTask(workflow);
      const claimed = await anna.post(`/tasks/${task.id}/claim`);
      expect(claimed.status).toBe(200);
      const cases: Array<[string, unknown, string]> = [
        ['state', { verdict: 'approve', state: 'completed' }, 'state'],
        ['reviewer', { verdict: 'approve', reviewer: 'someone-else' }, 'reviewer'],
        ['decision', { verdict: 'approve', decision: { output: { liabilityCap: 1 } } }, 'decision'],
        ['judgments', { verdict: 'approve', judgments: [{ reviewer: 'li', verdict: 'approve' }] }, 'judgments'],
        ['lease', { verdict: 'approve', lease: { holder: 'anna', expiresAt: '2999-01-01T00:00:00Z' } }, 'lease'],
        ['requiredApprovals', { verdict: 'approve', requiredApprovals: 0 }, 'requiredApprovals'],
        ['finalOutput', { verdict: 'approve', finalOutput: { liabilityCap: 1 } }, 'finalOutput'],
        ['version', { verdict: 'approve', version: 99 }, 'version'],
      ];
      const outcomes = [];
      for (const [name, body] of cases) {
        const reply = await anna.post(`/tasks/${task.id}/complete`, body);
        outcomes.push({ name, status: reply.status, fields: fieldsOf(reply.body) });
      }
      expect(outcomes).toEqual(
        cases.map(([name, , field]) => ({ name, status: 400, fields: expect.arrayContaining([field]) })),
      );

      const reassign = await lena.post(`/tasks/${task.id}/reassign`, { to: 'li', lease: { holder: 'mallory' } });
      expect(reassign.status).toBe(400);
      expect(fieldsOf(reassign.body)).toContain('lease');
      const cancel = await lena.post(`/tasks/${task.id}/cancel`, { reason: 'tidy up', state: 'completed' });
      expect(cancel.status).toBe(400);
      expect(fieldsOf(cancel.body)).toContain('state');

      const after = await current(task.id);
      expect(after).toMatchObject({ state: 'claimed', lease: { holder: 'anna' }, judgments: [], requiredApprovals: 1 });
      expect(after.decision).toEqual(claimed.body.decision);
      await sleep(SETTLE_MS);
      expect(published(Topics.decisionsFinal, task.decisionId)).toHaveLength(0);
      expect(published(Topics.reviewCompleted, task.decisionId)).toHaveLength(0);
    });

    it('refuses verdicts that cannot be recorded with 400 and the field to fix', async () => {
      const task = await openTask(workflow);
      const claimed = await anna.post(`/tasks/${task.id}/claim`);
      expect(claimed.status).toBe(200);
      const aiOutput = claimed.body.decision.output;
      const cases: Array<[string, unknown, string]> = [
        ['a rejection without a reason code', { verdict: 'reject' }, 'reasonCode'],
        ['an unknown verdict', { verdict: 'maybe' }, 'verdict'],
        ['no verdict at all', {}, 'verdict'],
        ['a correction without the corrected output', { verdict: 'correct' }, 'correction'],
        ['a correction that is not an object', { verdict: 'correct', correction: 'cap is 500k' }, 'correction'],
        ['a correction that changes nothing', { verdict: 'correct', correction: aiOutput }, 'correction'],
        [
          'an approval carrying a correction',
          { verdict: 'approve', correction: { governingLaw: 'France' } },
          'correction',
        ],
        ['a reason code that is not a code', { verdict: 'reject', reasonCode: 'Not a code!' }, 'reasonCode'],
        ['a comment of 4,001 characters', { verdict: 'approve', comment: 'x'.repeat(4001) }, 'comment'],
      ];
      const outcomes = [];
      for (const [name, body] of cases) {
        const reply = await anna.post(`/tasks/${task.id}/complete`, body);
        outcomes.push({ name, status: reply.status, fields: fieldsOf(reply.body) });
      }
      expect(outcomes).toEqual(
        cases.map(([name, , field]) => ({ name, status: 400, fields: expect.arrayContaining([field]) })),
      );

      const notJson = await request('POST', `/tasks/${task.id}/complete`, {
        authorization: `Bearer ${anna.token}`,
        rawBody: '{"verdict": "approve",',
      });
      expect(notJson.status).toBe(400);
      const notAnObject = await request('POST', `/tasks/${task.id}/complete`, {
        authorization: `Bearer ${anna.token}`,
        rawBody: '["approve"]',
      });
      expect(notAnObject.status).toBe(400);

      expect(await current(task.id)).toMatchObject({ state: 'claimed', lease: { holder: 'anna' }, judgments: [] });
    });

    it('answers unknown and malformed task ids and query parameters with 4xx, never 5xx', async () => {
      const unknown = '00000000-0000-4000-8000-000000000000';
      expect((await anna.get(`/tasks/${unknown}`)).status).toBe(404);
      expect((await anna.post(`/tasks/${unknown}/claim`)).status).toBe(404);
      expect((await anna.post(`/tasks/${unknown}/complete`, { verdict: 'approve' })).status).toBe(404);

      const malformed = [
        ['GET', '/tasks/not-a-uuid'],
        ['POST', `/tasks/${encodeURIComponent("' OR 1=1 --")}/claim`],
        ['GET', '/tasks?limit=0'],
        ['GET', '/tasks?limit=lots'],
        ['GET', '/tasks?state=done-ish'],
        ['GET', '/tasks?cursor=not-a-cursor'],
        ['GET', `/tasks?workflow=${encodeURIComponent('Robert"); DROP TABLE tasks;--')}`],
        ['POST', `/tasks/next?workflow=${encodeURIComponent('../../etc')}`],
      ];
      const statuses = [];
      for (const [method, path] of malformed) {
        const reply = await request(method, path, {
          authorization: `Bearer ${anna.token}`,
          ...(method === 'POST' ? { body: {} } : {}),
        });
        statuses.push({ request: `${method} ${path}`, clientError: reply.status >= 400 && reply.status < 500 });
      }
      expect(statuses).toEqual(
        malformed.map(([method, path]) => ({ request: `${method} ${path}`, clientError: true })),
      );
    });
  });

  describe('roles', () => {
    const workflow = workflowNamed('roles');
    let anna: Caller;
    let li: Caller;
    let lena: Caller;

    beforeAll(async () => {
      anna = await caller('anna', [workflow]);
      li = await caller('li', [workflow]);
      lena = await caller('lena', [workflow], ['lead']);
    });

    it('lets only a lead of the workflow reassign a task, and the new holder complete it', async () => {
      const task = await openTask(workflow);
      expect((await anna.post(`/tasks/${task.id}/claim`)).status).toBe(200);

      expect((await anna.post(`/tasks/${task.id}/reassign`, { to: 'li' })).status).toBe(403);
      expect((await li.post(`/tasks/${task.id}/reassign`, { to: 'li' })).status).toBe(403);
      const leadElsewhere = await caller('lars', [workflowNamed('elsewhere')], ['lead']);
      expect([403, 404]).toContain((await leadElsewhere.post(`/tasks/${task.id}/reassign`, { to: 'li' })).status);
      expect(await current(task.id)).toMatchObject({ state: 'claimed', lease: { holder: 'anna' } });

      const reassigned = await lena.post(`/tasks/${task.id}/reassign`, { to: 'li' });
      expect(reassigned.status).toBe(200);
      expect(reassigned.body).toMatchObject({ state: 'claimed', lease: { holder: 'li' } });
      expect((await li.post(`/tasks/${task.id}/complete`, { verdict: 'approve' })).status).toBe(200);

      const [final] = await kafka.waitFor(
        (record) => record.topic === Topics.reviewCompleted && record.key === task.decisionId,
        1,
      );
      expect(json(final)).toMatchObject({ verdict: 'approve', reviewers: ['li'] });
    });

    it('lets only a lead cancel a task; a cancelled task takes no verdict and publishes one outcome: withdrawn', async () => {
      const task = await openTask(workflow);
      expect((await anna.post(`/tasks/${task.id}/cancel`, { reason: 'duplicate' })).status).toBe(403);
      expect(await current(task.id)).toMatchObject({ state: 'open' });

      const cancelled = await lena.post(`/tasks/${task.id}/cancel`, { reason: 'duplicate of another task' });
      expect(cancelled.status).toBe(200);
      expect(cancelled.body).toMatchObject({ state: 'cancelled', lease: null });

      expect((await anna.post(`/tasks/${task.id}/claim`)).status).toBe(409);
      expect((await anna.post(`/tasks/${task.id}/complete`, { verdict: 'approve' })).status).toBe(409);
      expect((await lena.post(`/tasks/${task.id}/cancel`, {})).status).toBe(409);
      await sleep(SETTLE_MS);
      // Every decision ends (#13): downstream learns the review was withdrawn, once; no human verdict is published.
      const finals = published(Topics.decisionsFinal, task.decisionId);
      expect(finals).toHaveLength(1);
      expect(JSON.parse(finals[0].value?.toString() ?? '{}')).toMatchObject({
        outcome: 'withdrawn',
        finalOutput: null,
      });
      expect(published(Topics.reviewCompleted, task.decisionId)).toHaveLength(0);
    });
  });

  it("keeps the AI's decision exactly as produced when a reviewer corrects its output", async () => {
    const workflow = workflowNamed('integrity');
    const anna = await caller('anna', [workflow]);
    const request = reviewRequest(workflow);
    const [task] = await openTasks([request]);
    expect((await anna.post(`/tasks/${task.id}/claim`)).status).toBe(200);
    const correction = {
      ...request.decision.output,
      governingLaw: 'Austria',
      liabilityCap: { amount: 1, currency: 'EUR' },
    };
    const corrected = await anna.post(`/tasks/${task.id}/complete`, {
      verdict: 'correct',
      correction,
      reasonCode: 'misread-amount',
    });
    expect(corrected.status).toBe(200);

    const after = await current(task.id);
    expect(after.state).toBe('completed');
    expect(after.decision).toEqual(request.decision);
    expect(after.decision.output).toEqual(aDecision().output);
    const [final] = await kafka.waitFor(
      (record) => record.topic === Topics.decisionsFinal && record.key === task.decisionId,
      1,
    );
    expect(json<FinalDecisionV1>(final)).toMatchObject({ outcome: 'corrected', finalOutput: correction });
  });
});
