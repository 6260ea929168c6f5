import {
  decodeEvent,
  FinalDecisionV1,
  ReviewCompletedV1,
  ReviewRequestedV1,
  RoutedDecisionV1,
  Topics,
} from '@countersign/contracts';
import { Client } from 'pg';
import { Anomaly, findAnomalies, ReadRecord, TaskHistoryEvent } from '../domain/drill-anomalies';
import { drillFindings, DrillFindings, StoredTask } from '../domain/drill-findings';
import { AbandonedWorkflow, expiryFindings, ExpiryFindings } from '../domain/expiry-findings';
import { auditChainVerification, ChainVerification, PlatformFigure, reportEndpoints } from '../platform-reports';
import { IsolatedPlatform } from './isolated-platform';
import { readBackWithReferenceClient, ReferenceRead } from './reference-read-back';

/** The reference reader's records as the checker reads them: decoded to what each says about its decision. */
function readRecords(records: ReferenceRead['records']): ReadRecord[] {
  const read: ReadRecord[] = [];
  for (const { topic, key, value, partition, offset } of records) {
    const at = { decisionId: key, partition, offset };
    if (topic === Topics.decisionsRouted) {
      const event = decodeEvent(RoutedDecisionV1, value);
      if (event.ok) read.push({ ...at, topic: 'routed', what: event.value.routing.route });
    } else if (topic === Topics.decisionsFinal) {
      const event = decodeEvent(FinalDecisionV1, value);
      if (event.ok) read.push({ ...at, topic: 'final', what: event.value.outcome, detail: event.value.routing.route });
    } else if (topic === Topics.reviewRequested) {
      const event = decodeEvent(ReviewRequestedV1, value);
      if (event.ok) read.push({ ...at, topic: 'requested', what: event.value.kind });
    } else if (topic === Topics.reviewCompleted) {
      const event = decodeEvent(ReviewCompletedV1, value);
      if (event.ok) {
        read.push({
          ...at,
          topic: 'completed',
          what: event.value.kind,
          detail: event.value.verdict,
          taskId: event.value.taskId,
        });
      }
    }
  }
  return read;
}

/** What the services' databases hold about the run: task histories, the audit trail's numbering, audited outcomes. */
async function storedHistory(databaseUrl: string, runId: string) {
  const client = new Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    const events = await client.query<{ taskId: string; decisionId: string; event: string; actor: string; at: Date }>(
      `SELECT e.task_id AS "taskId", t.decision_id AS "decisionId", e.event, e.actor, e.at
         FROM review.task_events e JOIN review.tasks t ON t.id = e.task_id
        WHERE t.decision_id LIKE $1 ORDER BY e.id`,
      [`${runId}-%`],
    );
    const trail = await client.query<{ chain: number; seqs: string[]; head: string }>(
      `SELECT h.chain, coalesce(array_agg(t.seq) FILTER (WHERE t.seq IS NOT NULL), '{}') AS seqs, h.seq AS head
         FROM audit.chain_heads h LEFT JOIN audit.trail t ON t.chain = h.chain GROUP BY h.chain, h.seq`,
    );
    const outcomes = await client.query<{ decisionId: string; outcome: string }>(
      `SELECT decision_id AS "decisionId", outcome FROM audit.final_outcomes WHERE decision_id LIKE $1`,
      [`${runId}-%`],
    );
    return {
      taskEvents: events.rows.map((row): TaskHistoryEvent => ({ ...row, at: row.at.getTime() })),
      trail: trail.rows.map((row) => ({ chain: row.chain, seqs: row.seqs.map(Number), head: Number(row.head) })),
      auditOutcomes: new Map(outcomes.rows.map((row) => [row.decisionId, row.outcome])),
    };
  } finally {
    await client.end();
  }
}

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
  /** Every anomaly the checker found (drill-anomalies.ts). */
  anomalies: Anomaly[];
}

/** Checks the platform's promises for the run `runId` that sent `sentIds`: topics from the start, the review table. */
export async function verifyRun(
  platform: IsolatedPlatform,
  runId: string,
  sentIds: string[],
  abandoned?: AbandonedWorkflow,
  leaseSeconds = 300,
): Promise<RunVerification> {
  const read = await readBackWithReferenceClient(platform.repoRoot, platform.kafka, `${runId}-`);
  const { events } = read;
  const tasks = await storedTasks(platform.postgres.url, runId);
  const history = await storedHistory(platform.postgres.url, runId);
  const anomalies = findAnomalies({
    sentIds,
    records: readRecords(read.records),
    kafkajsOnly: read.kafkajsOnly.map((record) => ({ decisionId: record.key, topic: record.topic })),
    tasks,
    leaseMs: leaseSeconds * 1000,
    ...history,
  });
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
  return { findings, expiry, audit, anomalies };
}
