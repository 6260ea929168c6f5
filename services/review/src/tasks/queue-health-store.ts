import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';

/** What an operator pages on for one workflow's queue: how old its oldest task is and how many are late. */
export interface QueueHealth {
  workflow: string;
  /** Tasks still with reviewers or leads (open, claimed, escalated). */
  waiting: number;
  /** Age of the oldest waiting task, seconds. */
  oldestAgeSeconds: number;
  /** Waiting tasks whose SLA (due time) has passed. */
  slaBreached: number;
  /** Waiting tasks that expire to their safe default within the horizon. */
  nearingExpiry: number;
}

/** The review queues as a whole, per workflow, in one query (read at each Prometheus scrape). */
@Injectable()
export class QueueHealthStore {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  async health(expiryHorizonSeconds: number): Promise<QueueHealth[]> {
    const rows: Array<Record<string, string | number>> = await this.dataSource.query(
      `SELECT workflow,
              count(*)                                                          AS waiting,
              coalesce(extract(epoch FROM now() - min(created_at)), 0)::float   AS oldest,
              count(*) FILTER (WHERE due_at <= now())                           AS breached,
              count(*) FILTER (WHERE expires_at <= now() + make_interval(secs => $1)) AS expiring
         FROM review.tasks
        WHERE state IN ('open', 'claimed', 'escalated')
        GROUP BY workflow`,
      [expiryHorizonSeconds],
    );
    return rows.map((row) => ({
      workflow: String(row.workflow),
      waiting: Number(row.waiting),
      oldestAgeSeconds: Number(row.oldest),
      slaBreached: Number(row.breached),
      nearingExpiry: Number(row.expiring),
    }));
  }
}
