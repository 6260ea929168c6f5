import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';

/** One decision drawn for an audit check, as audit.samples stores it. */
export interface AuditSampleRow {
  decisionId: string;
  workflow: string;
  periodStart: Date;
  bucket: number;
  bucketLabel: string;
  reason: string;
  trustLevel: number;
  confidence: number;
  sampledAt: Date;
}

/** audit.samples: the decisions drawn for a check after release, and their verdicts. Always in the caller's transaction. */
@Injectable()
export class AuditSampleStore {
  /**
   * Serialises the draws of one stratum (workflow, period, confidence bucket) until the transaction ends, so two
   * partitions cannot both take its last place in the minimum.
   */
  async lockStratum(manager: EntityManager, stratum: string): Promise<void> {
    await manager.query('SELECT pg_advisory_xact_lock(hashtext($1))', [stratum]);
  }

  async isSampled(manager: EntityManager, decisionId: string): Promise<boolean> {
    const rows = (await manager.query('SELECT 1 FROM audit.samples WHERE decision_id = $1', [decisionId])) as unknown[];
    return rows.length > 0;
  }

  /** Samples already drawn in the stratum: the minimum's top-up takes what is still missing. */
  async countInStratum(manager: EntityManager, workflow: string, periodStart: Date, bucket: number): Promise<number> {
    const [{ count }] = (await manager.query(
      'SELECT count(*)::int AS count FROM audit.samples WHERE workflow = $1 AND period_start = $2 AND bucket = $3',
      [workflow, periodStart, bucket],
    )) as [{ count: number }];
    return count;
  }

  async insert(manager: EntityManager, sample: AuditSampleRow): Promise<void> {
    await manager.query(
      `INSERT INTO audit.samples (decision_id, workflow, period_start, bucket, bucket_label, reason, trust_level,
                                  confidence, sampled_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)`,
      [
        sample.decisionId,
        sample.workflow,
        sample.periodStart,
        sample.bucket,
        sample.bucketLabel,
        sample.reason,
        sample.trustLevel,
        sample.confidence,
        sample.sampledAt,
      ],
    );
  }

  /** Joins a check's verdict to its sample, once; false when the sample is unknown or already judged. */
  async recordVerdict(
    manager: EntityManager,
    decisionId: string,
    taskId: string,
    verdict: string,
    judgedAt: string,
  ): Promise<boolean> {
    // TypeORM answers an UPDATE with [rows, affected].
    const [, affected] = (await manager.query(
      `UPDATE audit.samples SET task_id = $2, verdict = $3, judged_at = $4 WHERE decision_id = $1 AND verdict IS NULL`,
      [decisionId, taskId, verdict, judgedAt],
    )) as [unknown[], number];
    return affected > 0;
  }
}
