import { EntityManager } from 'typeorm';
import { OutboundRecord } from '../records';

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
    const values: unknown[] = [];
    const rows = records.map((record, index) => {
      values.push(
        record.topic,
        record.key === null ? null : record.key.toString(),
        record.value,
        JSON.stringify(stringHeaders(record.headers)),
      );
      const base = index * 4;
      return `($${base + 1}, $${base + 2}, $${base + 3}, $${base + 4}::jsonb)`;
    });
    await manager.query(`INSERT INTO ${this.table} (topic, key, value, headers) VALUES ${rows.join(', ')}`, values);
  }
}

function stringHeaders(headers: OutboundRecord['headers']): Record<string, string> {
  return Object.fromEntries(Object.entries(headers ?? {}).map(([name, value]) => [name, value.toString()]));
}
