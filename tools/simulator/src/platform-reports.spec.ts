import { createServer, IncomingMessage, Server } from 'node:http';
import { AddressInfo } from 'node:net';
import {
  auditChainVerification,
  issuedRecommendations,
  measuredAccuracy,
  measuredCatchRate,
  ReportEndpoints,
  runRecommendations,
  setFeedbackTarget,
} from './platform-reports';

// A real HTTP server stands in for feedback and audit: what matters is how each figure reads their answers.
describe('platform reports', () => {
  let server: Server;
  let answers: Record<string, { status: number; body?: unknown }>;
  let seen: { method?: string; url?: string; authorization?: string; body: string };
  let endpoints: ReportEndpoints;

  const body = (request: IncomingMessage) =>
    new Promise<string>((resolve) => {
      let text = '';
      request.on('data', (chunk) => (text += chunk));
      request.on('end', () => resolve(text));
    });

  beforeAll(async () => {
    server = createServer((request, response) => {
      void body(request).then((text) => {
        seen = { method: request.method, url: request.url, authorization: request.headers.authorization, body: text };
        const answer = answers[`${request.method} ${request.url}`] ?? { status: 404, body: { message: 'no route' } };
        response.writeHead(answer.status, { 'content-type': 'application/json' });
        response.end(answer.body === undefined ? '' : JSON.stringify(answer.body));
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    endpoints = { feedbackUrl: base, auditUrl: base, token: 'token-1' };
  });
  afterAll(() => new Promise((resolve) => server.close(resolve)));
  beforeEach(() => (answers = {}));

  const proportion = (successes: number, trials: number, lower: number, upper: number) => ({
    successes,
    trials,
    estimate: trials ? successes / trials : null,
    lower,
    upper,
  });
  const METRICS = {
    models: [
      {
        workflow: 'w',
        modelVersion: 'v1',
        judged: 30,
        basis: 'random_samples',
        accuracy: proportion(16, 20, 0.58, 0.92),
      },
      { workflow: 'w', modelVersion: 'v2', judged: 9, basis: 'audit_samples', accuracy: proportion(9, 9, 0.7, 1) },
      { workflow: 'w', modelVersion: 'v3', judged: 4, basis: 'none', accuracy: proportion(0, 0, 0, 1) },
      {
        workflow: 'other',
        modelVersion: 'v1',
        judged: 5,
        basis: 'random_samples',
        accuracy: proportion(5, 5, 0.57, 1),
      },
    ],
    catchRates: [
      {
        workflow: 'w',
        estimate: 0.9,
        lower: 0.75,
        upper: 0.97,
        escaped: { estimate: 1, lower: 0.2, upper: 3 },
        auditedErrorRate: proportion(1, 10, 0.02, 0.4),
        caught: 9,
        released: 10,
      },
      {
        workflow: 'quiet',
        estimate: null,
        lower: 0,
        upper: 1,
        auditedErrorRate: proportion(0, 0, 0, 1),
        caught: 0,
        released: 3,
      },
    ],
  };

  it('reads accuracy per model version with its basis and interval, asking over the given window with the token', async () => {
    answers['GET /api/v1/metrics?from=2026-11-25T10%3A00%3A00.000Z'] = { status: 200, body: METRICS };
    const accuracy = await measuredAccuracy(endpoints, 'w', { from: '2026-11-25T10:00:00.000Z' });
    expect(seen.authorization).toBe('Bearer token-1');
    expect(accuracy).toEqual({
      available: true,
      value: [
        { modelVersion: 'v1', basis: 'random_samples', accuracy: { value: 0.8, low: 0.58, high: 0.92, n: 20 } },
        { modelVersion: 'v2', basis: 'audit_samples', accuracy: { value: 1, low: 0.7, high: 1, n: 9 } },
      ],
    });
  });

  it('says accuracy is not available while no version of the workflow has unbiased samples', async () => {
    answers['GET /api/v1/metrics'] = { status: 200, body: { models: [METRICS.models[2]], catchRates: [] } };
    expect(await measuredAccuracy(endpoints, 'w')).toEqual({
      available: false,
      reason: 'no unbiased samples (random or audit) of w judged yet',
    });
  });

  it('reads the catch rate with its interval and counts; not available while there is nothing to divide', async () => {
    answers['GET /api/v1/metrics'] = { status: 200, body: METRICS };
    expect(await measuredCatchRate(endpoints, 'w')).toEqual({
      available: true,
      value: { value: 0.9, low: 0.75, high: 0.97, caught: 9, released: 10, audited: 10, auditErrors: 1 },
    });
    expect(await measuredCatchRate(endpoints, 'quiet')).toEqual({
      available: false,
      reason: 'no errors caught and none estimated to escape yet (3 released, 0 audited)',
    });
    expect(await measuredCatchRate(endpoints, 'unseen')).toMatchObject({ available: false });
  });

  it('reads recommendations, and has them recomputed and a target set as admin', async () => {
    const issued = {
      schemaVersion: 1,
      recommendationId: '0b7c7f0e-8d3e-4a57-a3a4-1f1f4c1f7e11',
      workflow: 'w',
      modelVersion: 'v2',
      kind: 'trust_level',
      current: 1,
      recommended: 2,
      evidence: {},
      issuedAt: '2026-11-25T10:00:00.000Z',
    };
    answers['GET /api/v1/recommendations'] = { status: 200, body: [issued] };
    expect(await issuedRecommendations(endpoints)).toEqual({
      available: true,
      value: [
        {
          workflow: 'w',
          modelVersion: 'v2',
          kind: 'trust_level',
          current: 1,
          recommended: 2,
          issuedAt: issued.issuedAt,
          summary: 'trust level 1 → 2 (model v2)',
        },
      ],
    });
    answers['POST /api/v1/recommendations/run'] = { status: 200, body: [] };
    expect(await runRecommendations(endpoints)).toEqual({ available: true, value: [] });
    answers['PUT /api/v1/targets/w'] = { status: 204 };
    expect(await setFeedbackTarget(endpoints, 'w', { maxErrorRate: 0.05, autoApply: true })).toEqual({
      available: true,
      value: true,
    });
    expect(JSON.parse(seen.body)).toEqual({ maxErrorRate: 0.05, autoApply: true });
    // Above the target in force: a proposal, approved by the second admin's token, or said to be waiting without one.
    answers['PUT /api/v1/targets/w'] = { status: 202, body: { id: 'p-1', status: 'pending' } };
    answers['POST /api/v1/targets/w/proposals/p-1/approve'] = { status: 200, body: { status: 'approved' } };
    expect(await setFeedbackTarget(endpoints, 'w', { maxErrorRate: 0.2, autoApply: true }, 'second')).toEqual({
      available: true,
      value: true,
    });
    expect(await setFeedbackTarget(endpoints, 'w', { maxErrorRate: 0.2, autoApply: true })).toEqual({
      available: false,
      reason: 'the target for w waits for a second admin (proposal p-1)',
    });
  });

  it('reads the audit trail verification, naming the first broken record', async () => {
    answers['GET /api/v1/trail/verify'] = { status: 200, body: { ok: true, chains: 4, recordsChecked: 812 } };
    expect(await auditChainVerification(endpoints)).toEqual({
      available: true,
      value: { valid: true, entries: 812, chains: 4 },
    });
    answers['GET /api/v1/trail/verify'] = {
      status: 200,
      body: {
        ok: false,
        chains: 4,
        recordsChecked: 17,
        broken: { chain: 2, seq: 9, eventId: 'e', problem: 'hash_mismatch' },
      },
    };
    expect(await auditChainVerification(endpoints)).toEqual({
      available: true,
      value: { valid: false, entries: 17, chains: 4, broken: 'chain 2 seq 9: hash_mismatch' },
    });
  });

  it('says why a figure is not available: refused, missing, an unexpected shape, or the service down', async () => {
    answers['GET /api/v1/trail/verify'] = { status: 403, body: { message: 'forbidden' } };
    expect(await auditChainVerification(endpoints)).toMatchObject({
      available: false,
      reason: expect.stringMatching(/refused \(403\)/),
    });
    expect(await issuedRecommendations(endpoints)).toMatchObject({
      available: false,
      reason: expect.stringMatching(/404/),
    });
    answers['GET /api/v1/metrics'] = { status: 200, body: { accuracy: 0.9 } };
    expect(await measuredAccuracy(endpoints, 'w')).toMatchObject({
      available: false,
      reason: expect.stringMatching(/unexpected answer/),
    });
    const away = { ...endpoints, feedbackUrl: 'http://127.0.0.1:1' };
    expect(await measuredCatchRate(away, 'w')).toMatchObject({
      available: false,
      reason: expect.stringMatching(/not reachable/),
    });
  });
});
