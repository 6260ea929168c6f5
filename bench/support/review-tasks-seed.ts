import { Topics } from '@countersign/contracts';
import { aDecision, aReviewRequest, aRouting } from '@countersign/contracts/testing';
import { Kafka } from 'kafkajs';
import { Client } from 'pg';
import { formatCount, progress, sleep } from './progress';

/**
 * Puts `count` review tasks of one workflow into the review service the way production does: as
 * `countersign.review.requested` events it consumes, then waits until all are stored. Due times, error costs and ages
 * vary, so queue order is real work for the database.
 */
export async function seedReviewTasks(
  kafka: Kafka,
  databaseUrl: string,
  workflow: string,
  count: number,
): Promise<void> {
  const producer = kafka.producer({ idempotent: true });
  await producer.connect();
  const base = Date.now();
  try {
    for (let offset = 0; offset < count; offset += 1_000) {
      const messages = Array.from({ length: Math.min(1_000, count - offset) }, (_, index) => {
        const n = offset + index;
        const decision = aDecision({
          id: `${workflow}-${n}`,
          workflow,
          confidence: 0.5 + (n % 40) / 100,
          attributes: { amount: (n * 7919) % 1_000_000, currency: 'EUR', region: 'EU' },
          occurredAt: new Date(base - n * 10).toISOString(),
        });
        const request = aReviewRequest({
          decision,
          routing: aRouting({ requiredApprovals: 1, slaSeconds: 3_600 + (n % 97) * 60 }),
          // Ages spread over the last minute and SLAs of one to two and a half hours: queue order is real work, and no
          // task breaches its SLA (and leaves the reviewers' queue) while the bench runs.
          requestedAt: new Date(base - n * 10).toISOString(),
        });
        return { key: decision.id, value: JSON.stringify(request) };
      });
      await producer.send({ topic: Topics.reviewRequested, messages });
    }
  } finally {
    await producer.disconnect();
  }
  await waitForTasks(databaseUrl, workflow, count);
}

async function waitForTasks(databaseUrl: string, workflow: string, count: number): Promise<void> {
  const client = new Client({ connectionString: databaseUrl });
  await client.connect();
  const deadline = Date.now() + 180_000;
  try {
    for (;;) {
      const { rows } = await client.query<{ n: string }>('SELECT count(*) AS n FROM review.tasks WHERE workflow = $1', [
        workflow,
      ]);
      const stored = Number(rows[0].n);
      if (stored >= count) break;
      if (Date.now() > deadline) throw new Error(`only ${stored} of ${count} tasks stored after 180 s`);
      await sleep(250);
    }
    await client.query('ANALYZE review.tasks');
    progress(`  ${formatCount(count)} tasks of ${workflow} stored by the review service`);
  } finally {
    await client.end();
  }
}
