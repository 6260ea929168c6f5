import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DecisionV1, RoutingFacts } from '@countersign/contracts';
import { DataSource } from 'typeorm';

export interface LedgerEntry {
  decision: DecisionV1;
  routing: RoutingFacts;
}

/** The ids a batch may route, held in an open database transaction until the Kafka transaction has decided. */
export interface LedgerClaim {
  firstSightings: ReadonlySet<string>;
  /** For each id of the batch routed before (not a first sighting): the workflow it was routed for. */
  routedBefore: ReadonlyMap<string, string>;
  commit(): Promise<void>;
  rollback(): Promise<void>;
}

/**
 * Remembers every routed decision id so a producer's re-send is not routed twice. The rows of a batch are inserted in
 * a database transaction that commits only after the batch's Kafka transaction commits and rolls back if it aborts:
 * a decision is never marked routed without its outputs, so a crash can never lose one. (A crash in the instant
 * between the two commits leaves those ids unrecorded; only a later re-send of exactly those ids would then be routed
 * again. ADR 3 discusses it.)
 */
@Injectable()
export class RoutedDecisionLedger {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  async claim(entries: LedgerEntry[], now: Date): Promise<LedgerClaim> {
    const runner = this.dataSource.createQueryRunner();
    await runner.connect();
    let open = true;
    const finish = async (action: 'commit' | 'rollback') => {
      if (!open) return;
      open = false;
      try {
        if (action === 'commit') await runner.commitTransaction();
        else await runner.rollbackTransaction();
      } finally {
        await runner.release();
      }
    };
    try {
      await runner.startTransaction();
      const inserted: Array<{ decision_id: string }> = entries.length
        ? await runner.query(...insertStatement(entries, now))
        : [];
      const firstSightings = new Set(inserted.map((row) => row.decision_id));
      const samples = sampleOf(entries, inserted);
      if (samples.length) await runner.query(...sampleStatement(samples, now));
      // Only a batch with a re-sent id pays this read: whether the id was routed for the same workflow (a re-send)
      // or for another (a producer reusing an id: an error to report, not a duplicate to drop).
      const repeated = [
        ...new Set(
          entries.filter(({ decision }) => !firstSightings.has(decision.id)).map(({ decision }) => decision.id),
        ),
      ];
      const routedBefore: Array<{ decision_id: string; workflow: string }> = repeated.length
        ? await runner.query(
            'SELECT decision_id, workflow FROM router.routed_decisions WHERE decision_id = ANY($1::text[])',
            [repeated],
          )
        : [];
      return {
        firstSightings,
        routedBefore: new Map(routedBefore.map((row) => [row.decision_id, row.workflow])),
        commit: () => finish('commit'),
        rollback: () => finish('rollback'),
      };
    } catch (error) {
      await finish('rollback');
      throw error;
    }
  }

  /** Recent decisions of a workflow, as policies see them, newest first: the sample a dry-run replays. */
  async recentDecisions(workflow: string, limit: number): Promise<DecisionV1[]> {
    const rows: Array<{ decision_id: string; facts: Omit<DecisionV1, 'id' | 'workflow'> }> =
      await this.dataSource.query(
        `SELECT decision_id, facts FROM router.decision_samples WHERE workflow = $1 ORDER BY routed_at DESC LIMIT $2`,
        [workflow, limit],
      );
    return rows.map((row) => ({ ...row.facts, id: row.decision_id, workflow }) as DecisionV1);
  }

  /** Forgets ids older than the retention window; a re-send after it is routed as a new decision. */
  async forgetBefore(cutoff: Date): Promise<number> {
    await this.dataSource.query('DELETE FROM router.decision_samples WHERE routed_at < $1', [cutoff]);
    const result: [unknown[], number] = await this.dataSource.query(
      'DELETE FROM router.routed_decisions WHERE routed_at < $1',
      [cutoff],
    );
    return result[1];
  }
}

/** At most this many decisions of each workflow per batch are kept for dry-runs: a sample, not a copy of traffic. */
const SAMPLES_PER_WORKFLOW_PER_BATCH = 50;

/** One statement per batch, the rows as arrays (unnest), so its size and parse cost do not grow with the batch. */
function insertStatement(entries: LedgerEntry[], now: Date): [string, unknown[]] {
  return [
    `INSERT INTO router.routed_decisions (decision_id, workflow, route, policy_version, routed_at)
     SELECT id, workflow, route, version, $5
       FROM unnest($1::text[], $2::text[], $3::text[], $4::int[]) AS t(id, workflow, route, version)
     ON CONFLICT (decision_id) DO NOTHING RETURNING decision_id`,
    [
      entries.map(({ decision }) => decision.id),
      entries.map(({ decision }) => decision.workflow),
      entries.map(({ routing }) => routing.route),
      entries.map(({ routing }) => routing.policyVersion),
      now,
    ],
  ];
}

function sampleOf(entries: LedgerEntry[], inserted: Array<{ decision_id: string }>): DecisionV1[] {
  const fresh = new Set(inserted.map((row) => row.decision_id));
  const perWorkflow = new Map<string, number>();
  const samples: DecisionV1[] = [];
  for (const { decision } of entries) {
    const taken = perWorkflow.get(decision.workflow) ?? 0;
    if (!fresh.has(decision.id) || taken >= SAMPLES_PER_WORKFLOW_PER_BATCH) continue;
    fresh.delete(decision.id);
    perWorkflow.set(decision.workflow, taken + 1);
    samples.push(decision);
  }
  return samples;
}

function sampleStatement(samples: DecisionV1[], now: Date): [string, unknown[]] {
  const facts = samples.map((decision) =>
    JSON.stringify({
      schemaVersion: decision.schemaVersion,
      model: decision.model,
      confidence: decision.confidence,
      output: {},
      attributes: decision.attributes,
      flags: decision.flags,
      occurredAt: decision.occurredAt,
    }),
  );
  return [
    `INSERT INTO router.decision_samples (decision_id, workflow, facts, routed_at)
     SELECT id, workflow, fact, $4 FROM unnest($1::text[], $2::text[], $3::jsonb[]) AS t(id, workflow, fact)
     ON CONFLICT (decision_id) DO NOTHING`,
    [samples.map((decision) => decision.id), samples.map((decision) => decision.workflow), facts, now],
  ];
}
