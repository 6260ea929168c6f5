import { Client } from 'pg';
import { drillFindings, DrillFindings, StoredTask } from '../domain/drill-findings';
import { kafkaClient } from '../kafka-client';
import { PlatformEvents } from '../platform-events';
import { auditChainVerification, ChainVerification, PlatformFigure, reportEndpoints } from '../platform-reports';
import { sleep } from '../simulated-reviewer';
import { IsolatedPlatform } from './isolated-platform';

async function storedTasks(databaseUrl: string, runId: string): Promise<StoredTask[]> {
  const client = new Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    const { rows } = await client.query<StoredTask>(
      `SELECT id, decision_id AS "decisionId", kind, state FROM review.tasks WHERE decision_id LIKE $1`,
      [`${runId}-%`],
    );
    return rows;
  } finally {
    await client.end();
  }
}

/** Reads what the platform published about the run from the very beginning, with a fresh consumer group. */
async function readBack(brokers: string, runId: string, sent: number): Promise<PlatformEvents> {
  const events = new PlatformEvents(kafkaClient(brokers, 'countersign-drill-check'), (id) =>
    id.startsWith(`${runId}-`),
  );
  await events.start();
  const deadline = Date.now() + 120_000;
  while (Date.now() < deadline && new Set(events.finals.map((f) => f.decisionId)).size < sent) await sleep(500);
  await sleep(5_000); // a duplicate would arrive right behind
  await events.stop();
  return events;
}

export interface RunVerification {
  findings: DrillFindings;
  audit: PlatformFigure<ChainVerification>;
}

/** Checks the platform's promises for the run `runId` that sent `sentIds`: topics from the start, the review table. */
export async function verifyRun(
  platform: IsolatedPlatform,
  runId: string,
  sentIds: string[],
): Promise<RunVerification> {
  const events = await readBack(platform.kafka.brokers, runId, sentIds.length);
  const tasks = await storedTasks(platform.postgres.url, runId);
  const findings = drillFindings({
    sentIds,
    routedIds: events.routedIds,
    finalIds: events.finals.map((final) => final.decisionId),
    routedToReviewIds: [...events.routed.values()]
      .filter((event) => event.routing.route === 'review')
      .map((event) => event.decisionId),
    tasks,
    completedTaskIds: events.completions.map((completion) => completion.taskId),
  });
  const audit = await auditChainVerification(
    await reportEndpoints(platform.services.feedback.url, platform.services.audit.url),
  );
  return { findings, audit };
}
