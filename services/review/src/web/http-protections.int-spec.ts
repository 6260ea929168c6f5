import {
  apiCaller,
  OpenApiContract,
  readInfrastructure,
  ServiceProcess,
  TEST_METRICS_TOKEN,
} from '@countersign/testing';

// What a browser, a scraper and a greedy client meet at the review service (built, as a real process): security
// headers and a CSP on the web app, /metrics only with the scrape token, a per-caller rate limit answered with 429 and
// Retry-After, and answers exactly as review's OpenAPI document declares them.

const RATE_LIMIT = 30;

describe('review over HTTP: headers, metrics, rate limit, documented answers', () => {
  const infrastructure = readInfrastructure();
  const review = new ServiceProcess('review', 24160, {
    KAFKA_BROKERS: infrastructure.kafkaBrokers,
    DATABASE_URL: infrastructure.databaseUrl,
    INSTANCE_ID: 'review-http-0',
    LOG_LEVEL: 'warn',
    HTTP_RATE_LIMIT: String(RATE_LIMIT),
  });
  const contract = new OpenApiContract('review');
  const workflow = `http-${Date.now().toString(36)}`;

  beforeAll(() => review.start(), 120_000);
  afterAll(() => review.stop());

  it('sends the web app with a CSP that forbids framing and foreign scripts', async () => {
    const response = await fetch(`${review.baseUrl}/`);
    const csp = response.headers.get('content-security-policy') ?? '';
    expect(csp).toContain("frame-ancestors 'none'");
    expect(csp).toContain("script-src 'self'");
    expect(csp).toContain("default-src 'self'");
    expect(response.headers.get('x-frame-options')).toBe('DENY');
    expect(response.headers.get('x-content-type-options')).toBe('nosniff');
    expect(response.headers.get('referrer-policy')).toBe('no-referrer');
  });

  it('shows /metrics only to the scraper holding METRICS_TOKEN', async () => {
    expect((await fetch(`${review.baseUrl}/metrics`)).status).toBe(401);
    const wrong = await fetch(`${review.baseUrl}/metrics`, { headers: { authorization: 'Bearer not-the-token' } });
    expect(wrong.status).toBe(401);
    const scraped = await fetch(`${review.baseUrl}/metrics`, {
      headers: { authorization: `Bearer ${TEST_METRICS_TOKEN}` },
    });
    expect(scraped.status).toBe(200);
    expect(await scraped.text()).toContain('process_cpu_seconds_total');
  });

  it('answers as its OpenAPI document declares: a task list, nothing to review, a field error', async () => {
    const reviewer = await apiCaller(review.baseUrl, 'http-reviewer', [workflow], ['reviewer'], contract);
    expect((await reviewer.get(`/tasks?workflow=${workflow}`)).body).toEqual({ items: [], nextCursor: null });
    expect((await reviewer.post(`/tasks/next?workflow=${workflow}`)).status).toBe(204);
    const refused = await reviewer.post('/tasks/00000000-0000-4000-8000-000000000000/complete', { verdict: 'maybe' });
    expect(refused.status).toBe(400);
    expect(refused.body.fieldErrors).toEqual([{ field: 'verdict', errors: [expect.stringContaining('verdict')] }]);
  });

  it(`limits each caller to ${RATE_LIMIT} requests a minute: 429 with Retry-After, others unaffected`, async () => {
    const greedy = await apiCaller(review.baseUrl, 'http-greedy', [workflow], ['reviewer'], contract);
    const statuses: number[] = [];
    let limited;
    for (let i = 0; i < RATE_LIMIT + 5 && !limited; i += 1) {
      const reply = await greedy.get('/queues');
      statuses.push(reply.status);
      if (reply.status === 429) limited = reply;
    }
    expect(statuses.filter((status) => status === 200)).toHaveLength(RATE_LIMIT);
    expect(limited?.body).toMatchObject({ statusCode: 429 });
    const retryAfter = Number(limited?.headers.get('retry-after'));
    expect(retryAfter).toBeGreaterThanOrEqual(1);
    expect(retryAfter).toBeLessThanOrEqual(60);

    const other = await apiCaller(review.baseUrl, 'http-other', [workflow], ['reviewer'], contract);
    expect((await other.get('/queues')).status).toBe(200);
  });
});
