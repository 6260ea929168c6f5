import { Topics } from '@countersign/contracts';
import { aDecision, aReviewRequest, aRouting } from '@countersign/contracts/testing';
import { apiCaller, KafkaProbe, readInfrastructure, ServiceProcess } from '@countersign/testing';
import { createServer, IncomingMessage, Server } from 'node:http';
import { AddressInfo } from 'node:net';
import { verifyWebhook } from './webhook-signature';

// What teams wire to Slack or email, and what protects the service from a runaway client, against the running review
// service (built, as a real process), the real broker and Postgres: the webhook is told when a task enters a queue
// and when it breaches its SLA — and is retried when it fails; a reviewer's writes are limited per token subject.

const runId = Date.now().toString(36);
const PORT = 24105;
const WRITE_LIMIT = 4;
const WEBHOOK_SECRET = 'whsec_dGVzdC13ZWJob29rLXNpZ25pbmcta2V5LTMyYnl0ZXM=';
const workflow = `notify-${runId}`;

interface Notice {
  type: string;
  taskId: string;
  decisionId: string;
  workflow: string;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

function readBody(request: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    let text = '';
    request.on('data', (chunk: Buffer) => (text += chunk.toString('utf8')));
    request.on('end', () => resolve(text));
    request.on('error', reject);
  });
}

describe('review notifications and write limits', () => {
  const infrastructure = readInfrastructure();
  const kafka = new KafkaProbe(infrastructure.kafkaBrokers);
  /** Every POST the webhook received, including the ones it refused. */
  const received: Array<{ notice: Notice; refused: boolean }> = [];
  /** Decision ids whose first delivery the webhook refuses with a 503, to see the retry. */
  const refuseFirst = new Set<string>();
  /** Bodies that came without a valid signature: none may. */
  const unsigned: string[] = [];
  let webhook: Server;
  let review: ServiceProcess;

  beforeAll(async () => {
    webhook = createServer((request, response) => {
      void readBody(request).then((text) => {
        // A receiver checks the signature over the raw body before trusting anything in it.
        if (!verifyWebhook(WEBHOOK_SECRET, request.headers as Record<string, string>, text, new Date())) {
          unsigned.push(text);
          response.writeHead(401).end();
          return;
        }
        const notice = JSON.parse(text) as Notice;
        const refused = refuseFirst.delete(notice.decisionId);
        received.push({ notice, refused });
        response.writeHead(refused ? 503 : 204).end();
      });
    });
    await new Promise<void>((resolve) => webhook.listen(0, '127.0.0.1', resolve));
    const { port } = webhook.address() as AddressInfo;
    review = new ServiceProcess('review', PORT, {
      KAFKA_BROKERS: infrastructure.kafkaBrokers,
      DATABASE_URL: infrastructure.databaseUrl,
      INSTANCE_ID: 'review-notify-0',
      LOG_LEVEL: 'warn',
      REVIEW_WEBHOOK_URL: `http://127.0.0.1:${port}/hooks/countersign`,
      REVIEW_WEBHOOK_SECRET: WEBHOOK_SECRET,
      REVIEW_WRITE_LIMIT: String(WRITE_LIMIT),
      REVIEW_SLA_SCAN_INTERVAL_MS: '500',
    });
    await review.start();
  }, 120_000);

  afterAll(async () => {
    await review?.stop();
    await kafka.close();
    await new Promise((resolve) => webhook?.close(resolve));
  });

  /** A review request made `ageSeconds` ago with an SLA of `slaSeconds` (at least 60: the contract's minimum). */
  function request(id: string, slaSeconds: number, ageSeconds = 0) {
    const requestedAt = new Date(Date.now() - ageSeconds * 1000).toISOString();
    const decision = aDecision({ id: `${workflow}-${id}`, workflow, occurredAt: requestedAt });
    return aReviewRequest({ decision, routing: aRouting({ requiredApprovals: 1, slaSeconds }), requestedAt });
  }

  async function noticesFor(decisionId: string, type: string, count: number): Promise<Notice[]> {
    const deadline = Date.now() + 30_000;
    for (;;) {
      const matching = received
        .map((entry) => entry.notice)
        .filter((notice) => notice.decisionId === decisionId && notice.type === type);
      if (matching.length >= count) return matching;
      if (Date.now() > deadline) {
        throw new Error(`${count} ${type} notices for ${decisionId} expected, got ${JSON.stringify(received)}`);
      }
      await sleep(100);
    }
  }

  it('tells the webhook when a task enters a queue, and delivers again after a refusal', async () => {
    const queued = request('queued', 3_600);
    refuseFirst.add(queued.decisionId);
    await kafka.send(Topics.reviewRequested, queued.decisionId, JSON.stringify(queued));

    const notices = await noticesFor(queued.decisionId, 'task.queued', 2);
    expect(notices[0]).toMatchObject({ workflow, decisionId: queued.decisionId });
    expect(notices[1].taskId).toBe(notices[0].taskId);
    const deliveries = received.filter((entry) => entry.notice.decisionId === queued.decisionId);
    expect(deliveries.map((entry) => entry.refused)).toEqual([true, false]);
    expect(unsigned).toEqual([]);
  }, 60_000);

  it('tells the webhook when a task breaches its SLA', async () => {
    const overdue = request('overdue', 60, 120);
    await kafka.send(Topics.reviewRequested, overdue.decisionId, JSON.stringify(overdue));

    const [breach] = await noticesFor(overdue.decisionId, 'task.sla_breached', 1);
    expect(breach).toMatchObject({ workflow, decisionId: overdue.decisionId });
  }, 60_000);

  it('limits writes per reviewer with 429 and Retry-After, without slowing other reviewers', async () => {
    const quiet = `${workflow}-quiet`;
    const greedy = await apiCaller(review.baseUrl, `greedy-${runId}`, [quiet]);
    const other = await apiCaller(review.baseUrl, `other-${runId}`, [quiet]);

    const statuses: number[] = [];
    let retryAfter: string | null = null;
    for (let attempt = 0; attempt < WRITE_LIMIT + 2; attempt += 1) {
      const reply = await greedy.post(`/tasks/next?workflow=${quiet}`);
      statuses.push(reply.status);
      if (reply.status === 429) retryAfter = reply.headers.get('retry-after');
    }
    expect(statuses.slice(0, WRITE_LIMIT).every((status) => status === 204)).toBe(true);
    expect(statuses.slice(WRITE_LIMIT)).toEqual([429, 429]);
    expect(Number(retryAfter)).toBeGreaterThan(0);

    expect((await other.post(`/tasks/next?workflow=${quiet}`)).status).toBe(204);
    // Reads are not limited.
    expect((await greedy.get(`/tasks?workflow=${quiet}`)).status).toBe(200);
  }, 60_000);
});
