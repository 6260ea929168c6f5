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
      return {
        firstSightings: new Set(inserted.map((row) => row.decision_id)),
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
        `SELECT decision_id, facts FROM router.routed_decisions WHERE workflow = $1 ORDER BY routed_at DESC LIMIT $2`,
        [workflow, limit],
      );
    return rows.map((row) => ({ ...row.facts, id: row.decision_id, workflow }) as DecisionV1);
  }

  /** Forgets ids older than the retention window; a re-send after it is routed as a new decision. */
  async forgetBefore(cutoff: Date): Promise<number> {
    const result: [unknown[], number] = await this.dataSource.query(
      'DELETE FROM router.routed_decisions WHERE routed_at < $1',
      [cutoff],
    );
    return result[1];
  }
}

function insertStatement(entries: LedgerEntry[], now: Date): [string, unknown[]] {
  const values: unknown[] = [];
  const rows = entries.map(({ decision, routing }, index) => {
    const facts = {
      schemaVersion: decision.schemaVersion,
      model: decision.model,
      confidence: decision.confidence,
      output: {},
      attributes: decision.attributes,
      flags: decision.flags,
      occurredAt: decision.occurredAt,
    };
    values.push(decision.id, decision.workflow, routing.route, routing.policyVersion, JSON.stringify(facts), now);
    const base = index * 6;
    return `($${base + 1}, $${base + 2}, $${base + 3}, $${base + 4}, $${base + 5}::jsonb, $${base + 6})`;
  });
  return [
    `INSERT INTO router.routed_decisions (decision_id, workflow, route, policy_version, facts, routed_at)
     VALUES ${rows.join(', ')} ON CONFLICT (decision_id) DO NOTHING RETURNING decision_id`,
    values,
  ];
}
