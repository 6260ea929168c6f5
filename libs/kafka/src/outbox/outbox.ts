import { EntityManager } from 'typeorm';
import { OutboundRecord } from '../records';
import { withTraceHeaders } from '../trace-context';

/**
 * A service's transactional outbox. Events are written inside the caller's transaction, so they are published if and
 * only if the state change commits — never "write the database, then hope to publish". The relay publishes them.
 */
export class Outbox {
  readonly table: string;

  constructor(readonly schema: string) {
    this.table = `"${schema}".outbox`;
  }

  async add(manager: EntityManager, records: OutboundRecord[]): Promise<void> {
    if (records.length === 0) return;
    const { sql, values } = this.insertion(records, 1);
    await manager.query(sql, values);
  }

  /**
   * The INSERT that puts `records` in the outbox, with its parameters numbered from `$first`, for a statement of the
   * caller's own: a data-modifying CTE can change the state and add its events in one round trip. `onlyIf` (SQL) is
   * checked per row, e.g. `EXISTS (SELECT 1 FROM saved)` to publish only when the state change matched a row.
   */
  insertion(records: OutboundRecord[], first: number, onlyIf = 'true'): { sql: string; values: unknown[] } {
    const values: unknown[] = [];
    // The row keeps the trace context of the work that wrote it: the relay publishes it with the record.
    const rows = records
      .map((record) => withTraceHeaders(record))
      .map((record, index) => {
        values.push(
          record.topic,
          record.key === null ? null : record.key.toString(),
          record.value,
          JSON.stringify(stringHeaders(record.headers)),
        );
        const base = first + index * 4;
        return `($${base}::text, $${base + 1}::text, $${base + 2}::bytea, $${base + 3}::jsonb)`;
      });
    const sql =
      `INSERT INTO ${this.table} (topic, key, value, headers) ` +
      `SELECT * FROM (VALUES ${rows.join(', ')}) AS record (topic, key, value, headers) WHERE ${onlyIf}`;
    return { sql, values };
  }
}

function stringHeaders(headers: OutboundRecord['headers']): Record<string, string> {
  return Object.fromEntries(Object.entries(headers ?? {}).map(([name, value]) => [name, value.toString()]));
}
