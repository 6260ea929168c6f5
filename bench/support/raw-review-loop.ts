import { randomUUID } from 'node:crypto';
import { Pool, PoolClient } from 'pg';
import { nowMs } from './output-watch';
import { DrainRun, newDrainRun } from './reviewer-pool';

/**
 * The like-for-like baseline of the review API: what the API writes per pair, by hand, over a kept-alive pool as big
 * as the API's replicas have together — per claim one transaction (the `SKIP LOCKED` pick, then the task, its
 * history row and its audit event in the outbox as one statement), per verdict one statement (the task with a version
 * check, its history row, and three outbox records: audit, review.completed, the final outcome). Named prepared
 * statements, as the API's hot path uses. It pays no HTTP, authentication, validation or domain code, and it does
 * not publish its outbox (the API's relay does, on the same machine): that is the difference the ratio measures.
 */
export class RawReviewLoop {
  /**
   * `claim: 'transaction'` claims as the API does (BEGIN, pick, save, COMMIT: four round trips); `'statement'` as one
   * autocommit statement (the pick `FOR UPDATE SKIP LOCKED` feeding the UPDATE, the history row and the audit event
   * built in SQL), to measure what that would save before the API pays for it.
   */
  constructor(
    private readonly databaseUrl: string,
    private readonly poolSize: number,
    private readonly claimAs: 'transaction' | 'statement' = 'transaction',
  ) {}

  /** Copies the open tasks of `workflow` into bench_full.tasks (emptied first), beside empty history and outbox. */
  async prepare(workflow: string): Promise<number> {
    const pool = new Pool({ connectionString: this.databaseUrl, max: 1 });
    try {
      await pool.query('CREATE SCHEMA IF NOT EXISTS bench_full');
      await pool.query('CREATE TABLE IF NOT EXISTS bench_full.tasks (LIKE review.tasks INCLUDING ALL)');
      await pool.query('CREATE TABLE IF NOT EXISTS bench_full.task_events (LIKE review.task_events INCLUDING ALL)');
      await pool.query('CREATE TABLE IF NOT EXISTS bench_full.outbox (LIKE review.outbox INCLUDING ALL)');
      await pool.query('TRUNCATE bench_full.tasks, bench_full.task_events, bench_full.outbox');
      const copied = await pool.query(
        "INSERT INTO bench_full.tasks SELECT * FROM review.tasks WHERE workflow = $1 AND state = 'open'",
        [workflow],
      );
      await pool.query('ANALYZE bench_full.tasks');
      return copied.rowCount ?? 0;
    } finally {
      await pool.end();
    }
  }

  async drain(workers: number): Promise<DrainRun> {
    const run = newDrainRun();
    const pool = new Pool({ connectionString: this.databaseUrl, max: this.poolSize });
    try {
      // Kept alive: the connections are open before the clock starts, as a service's pool is.
      const warm = await Promise.all(Array.from({ length: this.poolSize }, () => pool.connect()));
      warm.forEach((client) => client.release());
      const started = nowMs();
      await Promise.all(Array.from({ length: workers }, (_, index) => this.worker(pool, `raw-reviewer-${index}`, run)));
      run.elapsedMs = nowMs() - started;
    } finally {
      await pool.end();
    }
    return run;
  }

  private async worker(pool: Pool, reviewer: string, run: DrainRun): Promise<void> {
    for (;;) {
      let started = nowMs();
      const task = await this.claim(pool, reviewer);
      if (!task) return;
      run.nextMs.push(nowMs() - started);

      started = nowMs();
      const completed = await this.complete(pool, reviewer, task);
      run.completeMs.push(nowMs() - started);
      if (completed) run.pairs += 1;
      else run.failures['complete lost'] = (run.failures['complete lost'] ?? 0) + 1;
    }
  }

  private async claim(pool: Pool, reviewer: string): Promise<ClaimedTask | undefined> {
    if (this.claimAs === 'statement') return this.claimInOneStatement(pool, reviewer);
    const client = await pool.connect();
    try {
      await client.query('BEGIN');
      const picked = await client.query<{ id: string; doc: Record<string, unknown> }>({
        name: 'bench_full_pick',
        text: `SELECT id, doc FROM bench_full.tasks WHERE state = 'open'
                ORDER BY due_at, error_cost DESC NULLS LAST, created_at, id
                LIMIT 1 FOR UPDATE SKIP LOCKED`,
      });
      const row = picked.rows[0];
      if (!row) {
        await client.query('COMMIT');
        return undefined;
      }
      const version = Number(row.doc.version) + 1;
      const lease = { holder: reviewer, claimedAt: new Date(), expiresAt: new Date(Date.now() + 300_000) };
      const doc = { ...row.doc, state: 'claimed', lease, version };
      await save(client, 'claimed', row.id, doc, reviewer, null, [auditEvent(row.id, doc, 'claimed', reviewer)]);
      await client.query('COMMIT');
      return { id: row.id, doc };
    } catch (error) {
      await client.query('ROLLBACK').catch(() => undefined);
      throw error;
    } finally {
      client.release();
    }
  }

  private async claimInOneStatement(pool: Pool, reviewer: string): Promise<ClaimedTask | undefined> {
    const lease = { holder: reviewer, claimedAt: new Date(), expiresAt: new Date(Date.now() + 300_000) };
    const claimed = await pool.query<{ id: string; doc: Record<string, unknown> }>({
      name: 'bench_full_claim_statement',
      text: `WITH picked AS (
               SELECT id FROM bench_full.tasks WHERE state = 'open'
                ORDER BY due_at, error_cost DESC NULLS LAST, created_at, id
                LIMIT 1 FOR UPDATE SKIP LOCKED
             ), saved AS (
               UPDATE bench_full.tasks AS task
                  SET state = 'claimed', lease_holder = $1, version = task.version + 1, updated_at = now(),
                      doc = task.doc || jsonb_build_object('state', 'claimed', 'lease', $2::jsonb,
                                                           'version', task.version + 1)
                 FROM picked WHERE task.id = picked.id
               RETURNING task.id, task.doc, task.decision_id, task.workflow, task.version
             ), history AS (
               INSERT INTO bench_full.task_events (task_id, event, actor, data)
               SELECT id, 'claimed', $1, jsonb_build_object('version', version, 'state', 'claimed') FROM saved
             ), published AS (
               INSERT INTO bench_full.outbox (topic, key, value, headers)
               SELECT 'countersign.audit.events', decision_id,
                      convert_to(jsonb_build_object('schemaVersion', 1, 'eventId', gen_random_uuid(),
                        'decisionId', decision_id, 'workflow', workflow, 'kind', 'review.task.claimed', 'actor', $1,
                        'occurredAt', now(), 'data', jsonb_build_object('taskId', id, 'version', version,
                        'state', 'claimed'))::text, 'UTF8'), '{}'::jsonb
                 FROM saved
             )
             SELECT id, doc FROM saved`,
      values: [reviewer, JSON.stringify(lease)],
    });
    return claimed.rows[0];
  }

  private async complete(pool: Pool, reviewer: string, task: ClaimedTask): Promise<boolean> {
    const version = Number(task.doc.version) + 1;
    const at = new Date();
    const judgment = { reviewer, verdict: 'approve', givenAt: at };
    const doc = { ...task.doc, state: 'completed', lease: undefined, version, judgments: [judgment] };
    const decisionId = String(task.doc.decisionId);
    const records = [
      auditEvent(task.id, doc, 'completed', reviewer),
      {
        topic: 'countersign.review.completed',
        key: decisionId,
        value: { schemaVersion: 1, taskId: task.id, decisionId, verdict: 'approve', judgments: [judgment], at },
      },
      {
        topic: 'countersign.decisions.final',
        key: decisionId,
        value: { schemaVersion: 1, decisionId, outcome: 'approved', finalOutput: task.doc.decision, decidedAt: at },
      },
    ];
    const client = await pool.connect();
    try {
      return await save(client, 'completed', task.id, doc, null, Number(task.doc.version), records);
    } finally {
      client.release();
    }
  }
}

interface ClaimedTask {
  id: string;
  doc: Record<string, unknown>;
}

interface RawRecord {
  topic: string;
  key: string;
  value: object;
}

function auditEvent(taskId: string, doc: Record<string, unknown>, event: string, actor: string): RawRecord {
  return {
    topic: 'countersign.audit.events',
    key: String(doc.decisionId),
    value: {
      schemaVersion: 1,
      eventId: randomUUID(),
      decisionId: doc.decisionId,
      workflow: doc.workflow,
      kind: `review.task.${event}`,
      actor,
      occurredAt: new Date(),
      data: { taskId, version: doc.version, state: doc.state },
    },
  };
}

/** The task, its history row and its outbox records in one statement, as the API's saveTransition writes them. */
async function save(
  client: PoolClient,
  event: string,
  id: string,
  doc: Record<string, unknown>,
  leaseHolder: string | null,
  expectedVersion: number | null,
  records: RawRecord[],
): Promise<boolean> {
  const rows = records.map((_, index) => {
    const base = 8 + index * 3;
    return `($${base}::text, $${base + 1}::text, $${base + 2}::bytea, '{}'::jsonb)`;
  });
  const result = await client.query<{ saved: number }>({
    name: `bench_full_save_${records.length}`,
    text: `WITH saved AS (
             UPDATE bench_full.tasks SET doc = $2, state = $3, lease_holder = $4, version = $5, updated_at = now()
              WHERE id = $1 AND ($6::int IS NULL OR version = $6) RETURNING id
           ), history AS (
             INSERT INTO bench_full.task_events (task_id, event, actor, data)
             SELECT id, $3, $7, jsonb_build_object('version', $5::int, 'state', $3::text) FROM saved
           ), published AS (
             INSERT INTO bench_full.outbox (topic, key, value, headers)
             SELECT * FROM (VALUES ${rows.join(', ')}) AS record (topic, key, value, headers)
              WHERE EXISTS (SELECT 1 FROM saved)
           )
           SELECT count(*)::int AS saved FROM saved`,
    values: [
      id,
      JSON.stringify(doc),
      event,
      leaseHolder,
      doc.version,
      expectedVersion,
      leaseHolder ?? 'raw-reviewer',
      ...records.flatMap((record) => [record.topic, record.key, Buffer.from(JSON.stringify(record.value))]),
    ],
  });
  return result.rows[0]?.saved === 1;
}
