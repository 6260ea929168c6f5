import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { Principal } from '@countersign/auth';
import { OutboundRecord, Outbox } from '@countersign/kafka';
import { DataSource, EntityManager } from 'typeorm';
import { PreparedStatements } from '../database/prepared-statements';
import { Queryable } from '../database/queryable';
import { ReviewTask } from '../domain/review-task';
import { documentWithoutEvidence, judgedBy, reviveTask } from './task-document';

const ALL = '*';

export interface TaskFilter {
  workflows: string[] | typeof ALL;
  workflow?: string;
  state?: string;
  assignee?: string;
  decisionId?: string;
  limit: number;
  cursor?: { createdAt: string; id: string };
}

export interface QueueCounts {
  workflow: string;
  open: number;
  claimed: number;
  escalated: number;
  oldestCreatedAt: string | null;
  slaBreached: number;
}

/**
 * review.tasks: the domain's task as a document, with the columns that queues filter and order on beside it. The
 * reviewers' hot path (get, claimNext, saveTransition) runs as prepared statements (`prepared`); the rest on TypeORM.
 */
/**
 * How far the database's clock may move between an optimistic transition's reading of it and its write: the most a
 * lease can start in the past. Under load the two statements' pool checkouts alone took up to 5 s in the fault drill;
 * a tighter bound would refuse claims on a busy day, a looser one lets a stalled service hand out a short lease.
 */
export const STALE_CLOCK_SECONDS = 5;

@Injectable()
export class TaskStore {
  constructor(
    @InjectDataSource() readonly dataSource: DataSource,
    readonly prepared: PreparedStatements,
  ) {}

  /** Stores a new task unless its (decision id, kind) has one; true when it was stored. */
  async insertIfAbsent(manager: EntityManager, task: ReviewTask): Promise<boolean> {
    const rows: unknown[] = await manager.query(
      `INSERT INTO review.tasks (id, decision_id, kind, workflow, state, routing, decision, requested_at, created_at,
                                 doc, "group", due_at, error_cost, version, expires_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15)
       ON CONFLICT (decision_id, kind) DO NOTHING RETURNING id`,
      [
        task.id,
        task.decisionId,
        task.kind,
        task.workflow,
        task.state,
        JSON.stringify(task.routing),
        JSON.stringify(task.decision),
        task.requestedAt,
        task.createdAt,
        JSON.stringify(task),
        task.group,
        task.dueAt,
        task.errorCost,
        task.version,
        task.expiresAt,
      ],
    );
    return rows.length > 0;
  }

  async lock(manager: EntityManager, id: string): Promise<ReviewTask | null> {
    const rows: Array<{ doc: Record<string, unknown> }> = await manager.query(
      'SELECT doc FROM review.tasks WHERE id = $1 FOR UPDATE',
      [id],
    );
    return rows[0] ? reviveTask(rows[0].doc) : null;
  }

  async get(id: string): Promise<ReviewTask | null> {
    const rows = await this.prepared.query<{ doc: Record<string, unknown> }>(
      'SELECT doc FROM review.tasks WHERE id = $1',
      [id],
    );
    return rows[0] ? reviveTask(rows[0].doc) : null;
  }

  /**
   * The task with the database's clock read in the same statement: the `now` a transition on it is decided at, so
   * leases and deadlines are measured on the one clock every replica shares, not on this service's.
   */
  async getWithClock(id: string): Promise<{ task: ReviewTask; now: Date } | null> {
    const rows = await this.prepared.query<{ doc: Record<string, unknown>; now: Date }>(
      'SELECT doc, clock_timestamp() AS now FROM review.tasks WHERE id = $1',
      [id],
    );
    return rows[0] ? { task: reviveTask(rows[0].doc), now: rows[0].now } : null;
  }

  /** The database's clock: `clock_timestamp()`, which, unlike `now()`, moves on inside a long transaction. */
  async clock(runner: Queryable): Promise<Date> {
    const [row] = await runner.query<{ now: Date }>('SELECT clock_timestamp() AS now', []);
    return row.now;
  }

  /**
   * Claims the first task in queue order the reviewer may take in **one autocommit statement**: pick it, skipping
   * tasks other reviewers are locking right now (SKIP LOCKED, so concurrent reviewers never wait on or take the same
   * task) and tasks whose expiry time has come (the sweep's, not a reviewer's); then write the claim, its history row
   * and its audit record in the outbox. A claimed task whose lease ran out is offered again only to whom its group is
   * for: a lead's escalated task never to a reviewer (the fault drill met that with a clock behind by a lease). No
   * transaction spans round trips, so no row lock is held while this service waits on the network and no lease can
   * start before its write (one clock reading, `at`, the statement's `now()` to the millisecond, for pick, lease and
   * record alike). Returns the claimed task, or null when the queue has none for the reviewer.
   *
   * The transition is the domain's `claim` and its event `taskAuditEvent`, written here in SQL for the hot path;
   * `claim-in-sql.medium-spec.ts` holds the two equal, field for field, for every state a task can be claimed from.
   * Who may claim what (`authorize`) is the WHERE clause: the caller's workflows, escalated tasks for leads only,
   * never a task the reviewer judged (four-eyes); the caller checks the principal's role first.
   */
  async claimNext(
    principal: Principal,
    isLead: boolean,
    workflow: string | undefined,
    leaseMs: number,
    outbox: Outbox,
    auditTopic: string,
  ): Promise<ReviewTask | null> {
    const iso = (instant: string) => `to_char((${instant}) AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')`;
    const rows = await this.prepared.query<{ doc: Record<string, unknown> }>(
      `WITH clock AS (
         SELECT date_trunc('milliseconds', now()) AS at,
                date_trunc('milliseconds', now()) + $6::int * interval '1 millisecond' AS lease_end
       ), picked AS (
         SELECT id FROM review.tasks, clock
          WHERE (state = 'open' OR (state = 'escalated' AND $1)
                 OR (state = 'claimed' AND lease_expires_at <= clock.at AND ("group" = 'reviewers' OR $1)))
            AND state IN ('open', 'claimed', 'escalated')
            AND expires_at > clock.at
            AND ($2 OR workflow = ANY($3::text[]))
            AND ($4::text IS NULL OR workflow = $4)
            AND NOT ($5 = ANY(judged_by))
          ORDER BY due_at, error_cost DESC NULLS LAST, created_at, id
          LIMIT 1
          FOR UPDATE OF tasks SKIP LOCKED
       ), claimed AS (
         UPDATE review.tasks AS task
            SET doc = task.doc || jsonb_build_object(
                  'state', 'claimed',
                  'lease', jsonb_build_object(
                    'holder', $5::text,
                    'claimedAt', ${iso('clock.at')},
                    'expiresAt', ${iso('clock.lease_end')}),
                  'version', task.version + 1),
                state = 'claimed', lease_holder = $5, lease_expires_at = clock.lease_end,
                version = task.version + 1, updated_at = now()
           FROM picked, clock
          WHERE task.id = picked.id
          RETURNING task.id, task.doc, task.decision_id, task.workflow, task.kind, task."group", task.version,
                    task.lease_expires_at, clock.at
       ), history AS (
         INSERT INTO review.task_events (task_id, event, actor, data, at)
         SELECT id, 'claimed', $5, jsonb_build_object('version', version, 'state', 'claimed'), at FROM claimed
       ), published AS (
         INSERT INTO ${outbox.table} (topic, key, value, headers)
         SELECT $7, decision_id::text,
                convert_to(jsonb_build_object(
                  'schemaVersion', 1,
                  'eventId', gen_random_uuid(),
                  'type', 'task.claimed',
                  'decisionId', decision_id,
                  'workflow', workflow,
                  'actor', $5::text,
                  'source', 'review',
                  'data', jsonb_build_object(
                    'event', 'claimed', 'taskId', id, 'kind', kind, 'state', 'claimed', 'group', "group",
                    'version', version, 'holder', $5::text, 'leaseExpiresAt', ${iso('lease_expires_at')}),
                  'occurredAt', ${iso('at')})::text, 'UTF8'),
                -- the relay publishes the record on the decision's trace, as continuingTrace does
                CASE WHEN doc ? 'traceparent' THEN jsonb_build_object('traceparent', doc->>'traceparent')
                     ELSE '{}'::jsonb END
           FROM claimed
       )
       SELECT doc FROM claimed`,
      [
        isLead,
        principal.workflows.includes(ALL),
        principal.workflows,
        workflow ?? null,
        principal.subject,
        leaseMs,
        auditTopic,
      ],
    );
    return rows[0] ? reviveTask(rows[0].doc) : null;
  }

  /**
   * Stores one transition in one statement (one round trip): the task, its history row and its outbox records. With
   * `expectedVersion` the task is written only if it is still at that version — someone else's change in between
   * makes it write nothing and return false (optimistic concurrency, for callers that read without a lock).
   *
   * `at` is the database instant the transition was decided at (a lease runs from it): the history row carries it, so
   * the history, the audit event and the lease agree. An optimistic write also returns false when the database's clock
   * has moved on more than {@link STALE_CLOCK_SECONDS} since `at` — a service stalled between its read and its write
   * (GC, a paused process, a slow pool) would otherwise store a lease already partly or wholly run out (the fault
   * drill saw claims written 70 s after their clock reading, a Postgres pause in between); the caller reads again.
   *
   * The decision under review and its routing never change after the task is opened and have columns of their own, so
   * they do not travel with every transition: the service sends the rest of the document and Postgres puts those two
   * back from the row (binary jsonb, nothing to parse). The stored document stays whole for every reader.
   */
  async saveTransition(
    runner: Queryable,
    change: { task: ReviewTask; event: string; actor: string; at: Date; expectedVersion?: number },
    outbox: Outbox,
    records: OutboundRecord[],
  ): Promise<boolean> {
    const { task, event, actor, at, expectedVersion } = change;
    const published = outbox.insertion(records, 14, 'EXISTS (SELECT 1 FROM saved)');
    const rows = await runner.query<{ saved: number }>(
      `WITH saved AS (
         UPDATE review.tasks SET doc = $2::jsonb || jsonb_build_object('decision', decision, 'routing', routing),
                state = $3, "group" = $4, lease_holder = $5, lease_expires_at = $6,
                judged_by = $7, version = $8, updated_at = now()
          WHERE id = $1
            AND ($9::int IS NULL OR (version = $9 AND clock_timestamp() < $13::timestamptz + interval '${STALE_CLOCK_SECONDS} seconds'))
          RETURNING id
       ), history AS (
         INSERT INTO review.task_events (task_id, event, actor, data, at) SELECT id, $10, $11, $12::jsonb, $13 FROM saved
       ), published AS (${published.sql})
       SELECT count(*)::int AS saved FROM saved`,
      [
        task.id,
        documentWithoutEvidence(task),
        task.state,
        task.group,
        task.lease?.holder ?? null,
        task.lease?.expiresAt ?? null,
        judgedBy(task),
        task.version,
        expectedVersion ?? null,
        event,
        actor,
        JSON.stringify({ version: task.version, state: task.state }),
        at,
        ...published.values,
      ],
    );
    return rows[0]?.saved === 1;
  }

  async recordEvent(manager: EntityManager, taskId: string, event: string, actor: string, data: object): Promise<void> {
    await manager.query('INSERT INTO review.task_events (task_id, event, actor, data) VALUES ($1, $2, $3, $4)', [
      taskId,
      event,
      actor,
      JSON.stringify(data),
    ]);
  }

  async history(taskId: string): Promise<Array<{ event: string; actor: string; data: object; at: Date }>> {
    return this.dataSource.query(
      'SELECT event, actor, data, at FROM review.task_events WHERE task_id = $1 ORDER BY id',
      [taskId],
    );
  }

  /** Tasks in creation order, a page at a time; the cursor is the last row's (created_at, id). */
  async find(filter: TaskFilter): Promise<ReviewTask[]> {
    const rows: Array<{ doc: Record<string, unknown> }> = await this.dataSource.query(
      `SELECT doc FROM review.tasks
        WHERE ($1 OR workflow = ANY($2::text[]))
          AND ($3::text IS NULL OR workflow = $3)
          AND ($4::text IS NULL OR state = $4)
          AND ($5::text IS NULL OR lease_holder = $5)
          AND ($6::text IS NULL OR decision_id = $6)
          AND ($7::timestamptz IS NULL OR (created_at, id) > ($7::timestamptz, $8::uuid))
        ORDER BY created_at, id
        LIMIT $9`,
      [
        filter.workflows === ALL,
        filter.workflows === ALL ? [] : filter.workflows,
        filter.workflow ?? null,
        filter.state ?? null,
        filter.assignee ?? null,
        filter.decisionId ?? null,
        filter.cursor?.createdAt ?? null,
        filter.cursor?.id ?? null,
        filter.limit,
      ],
    );
    return rows.map((row) => reviveTask(row.doc));
  }

  /**
   * The tasks this reviewer judged on one workflow, most recently changed first: the rubber-stamp guard's yardstick is
   * the reviewer's own recent pace, not everyone's first verdicts.
   */
  async judgedBy(reviewer: string, workflow: string, limit: number): Promise<ReviewTask[]> {
    const rows: Array<{ doc: Record<string, unknown> }> = await this.dataSource.query(
      `SELECT doc FROM review.tasks
        WHERE workflow = $1 AND $2 = ANY(judged_by)
        ORDER BY updated_at DESC, id
        LIMIT $3`,
      [workflow, reviewer, limit],
    );
    return rows.map((row) => reviveTask(row.doc));
  }

  async queues(workflows: string[] | typeof ALL): Promise<QueueCounts[]> {
    const rows: Array<Record<string, string | null>> = await this.dataSource.query(
      `SELECT workflow,
              count(*) FILTER (WHERE state = 'open')      AS open,
              count(*) FILTER (WHERE state = 'claimed')   AS claimed,
              count(*) FILTER (WHERE state = 'escalated') AS escalated,
              min(created_at)                             AS oldest,
              count(*) FILTER (WHERE due_at <= now())     AS breached
         FROM review.tasks
        WHERE state IN ('open', 'claimed', 'escalated') AND ($1 OR workflow = ANY($2::text[]))
        GROUP BY workflow ORDER BY workflow`,
      [workflows === ALL, workflows === ALL ? [] : workflows],
    );
    return rows.map((row) => ({
      workflow: String(row.workflow),
      open: Number(row.open),
      claimed: Number(row.claimed),
      escalated: Number(row.escalated),
      oldestCreatedAt: row.oldest ? new Date(row.oldest).toISOString() : null,
      slaBreached: Number(row.breached),
    }));
  }

  /**
   * Tasks whose SLA passed while still with the reviewers, whose lease ran out, or whose expiry time came: for the
   * scheduler, at `now` (the database's clock read in the same transaction, so that what it locks and what the domain
   * decides agree, whatever this service's clock says).
   */
  async lockDue(manager: EntityManager, limit: number, now: Date): Promise<ReviewTask[]> {
    const rows: Array<{ doc: Record<string, unknown> }> = await manager.query(
      `SELECT doc FROM review.tasks
        WHERE (state IN ('open', 'claimed') AND "group" = 'reviewers' AND due_at <= $2)
           OR (state = 'claimed' AND lease_expires_at <= $2)
           OR (state IN ('open', 'claimed', 'escalated') AND expires_at <= $2)
        ORDER BY due_at LIMIT $1 FOR UPDATE SKIP LOCKED`,
      [limit, now],
    );
    return rows.map((row) => reviveTask(row.doc));
  }
}
