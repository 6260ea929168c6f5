import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { ReviewCompletedV1 } from '@countersign/contracts';
import { DataSource } from 'typeorm';
import { INSERT_JUDGMENTS_SQL, judgmentColumns } from './judgment-rows';

/** Rows per statement: bounds the size of one statement (and of its parameters) whatever the consumer hands over. */
const ROWS_PER_STATEMENT = 2000;

/** feedback.judgments: written here, read by the metrics, recommendations and exports. */
@Injectable()
export class JudgmentStore {
  constructor(@InjectDataSource() readonly dataSource: DataSource) {}

  /** Stores the judgments not stored yet, in one transaction; returns how many were new. */
  async insert(events: readonly ReviewCompletedV1[]): Promise<number> {
    if (events.length === 0) return 0;
    return this.dataSource.transaction(async (manager) => {
      let stored = 0;
      for (let start = 0; start < events.length; start += ROWS_PER_STATEMENT) {
        const result: unknown = await manager.query(
          INSERT_JUDGMENTS_SQL,
          judgmentColumns(events.slice(start, start + ROWS_PER_STATEMENT)),
        );
        stored += affectedRows(result);
      }
      return stored;
    });
  }
}

/** TypeORM's raw query result for an INSERT without RETURNING is [rows, affected count]. */
function affectedRows(result: unknown): number {
  return Array.isArray(result) && typeof result[1] === 'number' ? result[1] : 0;
}
