import { createServer, Server } from 'node:http';
import { AddressInfo } from 'node:net';
import { catchRate, measuredAccuracy, reviewRate, workflowPolicies } from './oversight';
import { UiConfig } from './ui-config';

// A real HTTP server stands in for the services: what matters is how each figure reads their answers and refusals.
describe('oversight figures', () => {
  let server: Server;
  let answers: Record<string, { status: number; body?: unknown }>;
  let seenAuthorization: string | undefined;
  let config: UiConfig;

  beforeAll(async () => {
    server = createServer((request, response) => {
      seenAuthorization = request.headers.authorization;
      const answer = answers[request.url ?? ''] ?? { status: 404, body: { message: 'no such route' } };
      response.writeHead(answer.status, { 'content-type': 'application/json' });
      response.end(JSON.stringify(answer.body ?? {}));
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    config = { routerUrl: base, feedbackUrl: base, auditUrl: base };
  });
  afterAll(() => new Promise((resolve) => server.close(resolve)));
  beforeEach(() => (answers = {}));

  it('reads the trust levels from the router with the bearer token', async () => {
    const policies = [{ workflow: 'contract-review', version: 3, policy: { trustLevel: 2, threshold: 0.9 } }];
    answers['/api/v1/policies'] = { status: 200, body: policies };
    expect(await workflowPolicies(config, 'token-1')).toEqual(policies);
    expect(seenAuthorization).toBe('Bearer token-1');
  });

  it('gives the review rate as the reviewed share of final decisions, none when nothing ended yet', async () => {
    const summary = (total: number) => ({
      status: 200,
      body: { total, byOutcome: { autonomous: total - 4, approved: 2, corrected: 1, rejected: 1 } },
    });
    answers['/api/v1/outcomes/summary?workflow=contract-review'] = summary(16);
    expect(await reviewRate(config, 't', 'contract-review')).toBe(0.25);
    answers['/api/v1/outcomes/summary?workflow=contract-review'] = { status: 200, body: { total: 0, byOutcome: {} } };
    expect(await reviewRate(config, 't', 'contract-review')).toBeUndefined();
  });

  it("gives the accuracy of the most-sampled model version and the workflow's catch rate from feedback", async () => {
    answers['/api/v1/metrics?workflow=w'] = {
      status: 200,
      body: {
        models: [
          { modelVersion: 'v1', basis: 'random', accuracy: { estimate: 0.81, trials: 40 } },
          { modelVersion: 'v2', basis: 'random', accuracy: { estimate: 0.93, trials: 400 } },
          { modelVersion: 'v3', basis: 'none', accuracy: { estimate: null, trials: 0 } },
        ],
        catchRates: [{ workflow: 'w', estimate: 0.8 }],
      },
    };
    expect(await measuredAccuracy(config, 't', 'w')).toBe(0.93);
    expect(await catchRate(config, 't', 'w')).toBe(0.8);
  });

  it('gives no accuracy or catch rate while feedback has no samples', async () => {
    answers['/api/v1/metrics?workflow=w'] = {
      status: 200,
      body: { models: [{ accuracy: { estimate: null, trials: 0 } }], catchRates: [{ workflow: 'w', estimate: null }] },
    };
    expect(await measuredAccuracy(config, 't', 'w')).toBeUndefined();
    expect(await catchRate(config, 't', 'w')).toBeUndefined();
  });

  it.each([
    ['404', { status: 404 }],
    ['403 (a reviewer, not a lead)', { status: 403 }],
    ['an answer without the figure', { status: 200, body: { models: [{ accuracy: 'high' }], total: 'many' } }],
  ])('gives undefined, never a made-up number, on %s', async (_case, answer) => {
    answers['/api/v1/policies'] = answer;
    answers['/api/v1/metrics?workflow=w'] = answer;
    answers['/api/v1/outcomes/summary?workflow=w'] = answer;
    const figures = await Promise.all([
      measuredAccuracy(config, 't', 'w'),
      catchRate(config, 't', 'w'),
      reviewRate(config, 't', 'w'),
    ]);
    expect(figures).toEqual([undefined, undefined, undefined]);
    if (answer.status !== 200) expect(await workflowPolicies(config, 't')).toBeUndefined();
  });

  it('gives undefined when the service refuses the connection', async () => {
    const away = { routerUrl: 'http://127.0.0.1:9', feedbackUrl: 'http://127.0.0.1:9', auditUrl: 'http://127.0.0.1:9' };
    expect(await workflowPolicies(away, 't')).toBeUndefined();
    expect(await measuredAccuracy(away, 't', 'w')).toBeUndefined();
    expect(await catchRate(away, 't', 'w')).toBeUndefined();
  });
});
