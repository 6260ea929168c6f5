import { Client } from 'pg';
import { drillFindings, DrillFindings, StoredTask } from '../domain/drill-findings';
import { AbandonedWorkflow, expiryFindings, ExpiryFindings } from '../domain/expiry-findings';
import { auditChainVerification, ChainVerification, PlatformFigure, reportEndpoints } from '../platform-reports';
import { IsolatedPlatform } from './isolated-platform';
import { readBackWithReferenceClient } from './reference-read-back';

async function storedTasks(databaseUrl: string, runId: string): Promise<StoredTask[]> {
  const client = new Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    const { rows } = await client.query<StoredTask>(
      `SELECT id, decision_id AS "decisionId", kind, state, workflow FROM review.tasks WHERE decision_id LIKE $1`,
      [`${runId}-%`],
    );
    return rows;
  } finally {
    await client.end();
  }
}

export interface RunVerification {
  findings: DrillFindings;
  /** The abandoned workflow's reviews, each to end expired with the safe default in its window; null without one. */
  expiry: ExpiryFindings | null;
  audit: PlatformFigure<ChainVerification>;
}

/** Checks the platform's promises for the run `runId` that sent `sentIds`: topics from the start, the review table. */
export async function verifyRun(
  platform: IsolatedPlatform,
  runId: string,
  sentIds: string[],
  abandoned?: AbandonedWorkflow,
): Promise<RunVerification> {
  const events = await readBackWithReferenceClient(platform.repoRoot, platform.kafka, `${runId}-`);
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
    finalOutcomes: events.finals.map((final) => final.outcome),
    abandonedWorkflow: abandoned?.workflow,
  });
  const routed = [...events.routed.values()].map((event) => ({
    decisionId: event.decisionId,
    workflow: event.decision.workflow,
    route: event.routing.route,
    routedAt: event.routedAt,
  }));
  const expiry = abandoned ? expiryFindings(abandoned, routed, events.finals) : null;
  const audit = await auditChainVerification(
    await reportEndpoints(platform.services.feedback.url, platform.services.audit.url),
  );
  return { findings, expiry, audit };
}
